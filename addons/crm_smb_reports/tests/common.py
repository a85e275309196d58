from odoo.tests import new_test_user


def company_user(env, login, groups):
    """A test user working in the current company only (the one AccountTestInvoicingCommon set up)."""
    company = env.company
    return new_test_user(
        env, login=login, groups=groups, company_id=company.id, company_ids=[(6, 0, company.ids)]
    )
