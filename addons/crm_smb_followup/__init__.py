from . import controllers
from . import models
from . import report
from . import wizards


def uninstall_hook(env):
    """The CRM app opens on Odoo's pipeline again (its root menu opened today's work)."""
    env.ref("crm.crm_menu_root").action = False
