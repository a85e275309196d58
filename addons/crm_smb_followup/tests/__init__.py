from . import test_followup_stage
