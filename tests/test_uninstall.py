"""Uninstalling the addons, in reverse order, leaves Odoo's own data intact."""

import pytest

from tools import suite

pytestmark = [pytest.mark.db, pytest.mark.destructive]

OURS = suite.MODULES
# Odoo never deletes posted accounting entries, nor what they point to: the demo
# invoices (and their customers, product and order) outlive the modules that made them.
ACCOUNTING_LOCKED = {
    "account.move",
    "res.partner",
    "product.product",
    "product.template",
    "sale.order",
    "sale.order.line",
}


def _foreign_ids(env, model):
    """Ids of `model` records that none of our modules created."""
    ours = env["ir.model.data"].search([("model", "=", model), ("module", "in", OURS)]).mapped("res_id")
    records = env[model].with_context(active_test=False).search([])
    return set(records.ids) - set(ours)


def _snapshot(env):
    return {
        "res.partner": _foreign_ids(env, "res.partner"),
        "res.users": _foreign_ids(env, "res.users"),
        "crm.lead": _foreign_ids(env, "crm.lead"),
        "crm.team": _foreign_ids(env, "crm.team"),
        "sale.order": _foreign_ids(env, "sale.order"),
    }


def _uninstall(odoo_db, module):
    odoo, db = odoo_db
    from odoo.modules.registry import Registry

    with Registry(db).cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        env["ir.module.module"].search([("name", "=", module)]).button_immediate_uninstall()


def test_uninstall_in_reverse_order_keeps_odoo_data(odoo_db):
    odoo, db = odoo_db
    from odoo.modules.registry import Registry

    with Registry(db).cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        before = _snapshot(env)
        partner_names = {p.id: p.name for p in env["res.partner"].browse(before["res.partner"])}
    assert before["crm.lead"], "Odoo's demo leads should be there to compare"

    for module in reversed(OURS):
        _uninstall(odoo_db, module)

    with Registry(db).cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        states = dict(
            env["ir.module.module"]
            .search([("name", "in", [*OURS, "crm", "sale_management", "account"])])
            .mapped(lambda m: (m.name, m.state))
        )
        assert {m: states[m] for m in OURS} == dict.fromkeys(OURS, "uninstalled")
        assert states["crm"] == states["sale_management"] == states["account"] == "installed"
        after = _snapshot(env)
        for model, ids in before.items():
            assert ids <= after[model], f"{model}: records lost on uninstall: {sorted(ids - after[model])}"
        assert {p.id: p.name for p in env["res.partner"].browse(before["res.partner"])} == partner_names
        assert "crm.smb.followup.stage" not in env
        assert "followup_stage_id" not in env["res.partner"]._fields
        cr.execute(
            "SELECT 1 FROM information_schema.columns WHERE table_name = 'res_partner' AND column_name = %s",
            ("followup_stage_id",),
        )
        assert not cr.fetchone(), "the follow-up stage column stays on res_partner"
        left = env["ir.model.data"].search([("module", "in", OURS)])
        assert set(left.mapped("model")) <= ACCOUNTING_LOCKED, sorted(left.mapped("complete_name"))
        moves = env["account.move"].browse(
            left.filtered(lambda d: d.model == "account.move").mapped("res_id")
        )
        assert set(moves.mapped("state")) <= {"posted"}, "only posted entries are kept"
