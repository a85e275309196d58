"""Paths and names shared by the suite's tools."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ADDONS_DIR = ROOT / "addons"
LOCAL = ROOT / ".local"
PG_DIR = LOCAL / "pg"
LOG_DIR = LOCAL / "logs"
DB_REGISTRY = LOCAL / "databases.json"

MODULES = ("crm_smb_followup", "crm_smb_service", "crm_smb_reports")
TOP_MODULE = "crm_smb_reports"
DEMO_DB = os.environ.get("SMB_DB", "crm_smb_demo")
DB_USER = "odoo"


class SuiteError(Exception):
    """A problem the user has to fix; its text says how."""


def say(message=""):
    print(message, flush=True)
