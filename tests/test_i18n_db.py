"""Every translatable term the installed addons show has a zh_CN translation."""

import polib
import pytest

from tools import suite

pytestmark = pytest.mark.db


@pytest.mark.parametrize("module", suite.MODULES)
def test_installed_terms_are_in_the_template_and_translated(odoo_env, module):
    from odoo.tools.translate import TranslationModuleReader

    po = polib.pofile(str(suite.ADDONS_DIR / module / "i18n" / "zh_CN.po"))
    translated = {e.msgid for e in po.translated_entries()}
    reader = TranslationModuleReader(odoo_env.cr, modules=[module])
    terms = {row[4] for row in reader if row[0] == module and row[4]}
    missing = sorted(terms - translated)
    assert not missing, (
        f"{module}: terms without a zh_CN translation (run tools/i18n.py export/merge): {missing}"
    )
