"""Every addon of the suite is laid out and declared the way the README promises."""

import ast
import re

import polib
import pytest

from tools import suite

MODULES = suite.MODULES
REQUIRED_KEYS = ("name", "summary", "version", "category", "website", "author", "license", "depends")
DEPENDS = {
    "crm_smb_followup": {"crm", "contacts", "mail", "sales_team_security"},
    "crm_smb_service": {"crm_smb_followup", "portal", "rating", "resource"},
    "crm_smb_reports": {
        "crm_smb_followup",
        "crm_smb_service",
        "sale_management",
        "account",
        "digest",
        "sale_tier_validation",  # OCA, requirements-oca.txt
    },
}


def manifest(module):
    return ast.literal_eval((suite.ADDONS_DIR / module / "__manifest__.py").read_text(encoding="utf-8"))


@pytest.mark.parametrize("module", MODULES)
def test_manifest(module):
    data = manifest(module)
    missing = [k for k in REQUIRED_KEYS if k not in data]
    assert not missing, f"{module}: manifest lacks {missing}"
    assert re.fullmatch(r"18\.0\.\d+\.\d+\.\d+", data["version"])
    assert data["license"] == "LGPL-3"
    assert data["category"] == "Sales/CRM"
    assert "description" not in data
    assert set(data["depends"]) == DEPENDS[module]


@pytest.mark.parametrize("module", MODULES)
def test_declared_files_exist_and_every_data_file_is_declared(module):
    root = suite.ADDONS_DIR / module
    data = manifest(module)
    declared = set(data.get("data", [])) | set(data.get("demo", []))
    for name in declared:
        assert (root / name).is_file(), f"{module}: {name} is declared but missing"
    on_disk = {
        str(p.relative_to(root))
        for folder in ("data", "demo", "security", "views", "wizards", "report")
        for p in (root / folder).glob("*")
        if p.suffix in (".xml", ".csv")
    }
    assert on_disk <= declared, f"{module}: not declared in the manifest: {sorted(on_disk - declared)}"


@pytest.mark.parametrize("module", MODULES)
def test_layout(module):
    root = suite.ADDONS_DIR / module
    for name in (
        "readme/DESCRIPTION.md",
        "static/description/icon.png",
        f"i18n/{module}.pot",
        "i18n/zh_CN.po",
        "tests/__init__.py",
    ):
        assert (root / name).is_file(), f"{module}: {name} is missing"
    assert (root / "security").is_dir()


@pytest.mark.parametrize("module", MODULES)
def test_chinese_translation_covers_the_template(module):
    i18n = suite.ADDONS_DIR / module / "i18n"
    pot = polib.pofile(str(i18n / f"{module}.pot"))
    po = polib.pofile(str(i18n / "zh_CN.po"))
    translated = {(e.msgctxt, e.msgid) for e in po.translated_entries()}
    untranslated = [e.msgid for e in pot if (e.msgctxt, e.msgid) not in translated]
    assert not untranslated, f"{module}: no zh_CN translation for {untranslated}"
