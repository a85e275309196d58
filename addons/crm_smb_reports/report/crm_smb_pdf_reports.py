from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError

LAST = 10  # follow-ups, orders and requests shown on a profile


class ReportCustomer360(models.AbstractModel):
    """Customer 360° profile: everything the user may see about each customer, on one document."""

    _name = "report.crm_smb_reports.report_customer_360"
    _description = "Customer 360° Profile"

    @api.model
    def _get_report_values(self, docids, data=None):
        partners = self.env["res.partner"].browse(docids)
        partners.check_access("read")
        return {
            "doc_ids": docids,
            "doc_model": "res.partner",
            "docs": partners,
            "profiles": {partner.id: self._profile(partner) for partner in partners},
        }

    def _profile(self, partner):
        env = self.env
        commercial = partner.commercial_partner_id
        Collection = env["crm.smb.collection.report"]
        [[invoiced, collected, outstanding, overdue]] = Collection._read_group(
            [("partner_id", "=", commercial.id)],
            [],
            ["amount_invoiced:sum", "amount_collected:sum", "amount_outstanding:sum", "amount_overdue:sum"],
        )
        Order = env["sale.order"]
        orders = Order.search(
            [("partner_id", "child_of", commercial.id), ("state", "=", "sale")], order="date_order desc"
        )
        requests = env["crm.smb.service.request"]
        if requests.has_access("read"):
            requests = requests.search(
                [("partner_id", "child_of", commercial.id)], order="date_received desc"
            )
        rated = (
            env["crm.smb.service.report"].search(
                [("partner_id", "child_of", commercial.id), ("rating_count", "=", 1)]
            )
            if env["crm.smb.service.report"].has_access("read")
            else env["crm.smb.service.report"]
        )
        plans = env["crm.smb.collection.plan"]
        if plans.has_access("read"):
            plans = plans.search(
                [
                    ("partner_id", "child_of", commercial.id),
                    ("state", "in", ("pending", "partial", "overdue")),
                ],
                order="date_planned",
            )
        return {
            "plans": plans[:LAST],
            "plan_count": len(plans),
            "address": partner.contact_address or "",
            "phone": partner.phone,
            "mobile": partner.mobile,
            "email": partner.email,
            "contacts": [
                {
                    "name": child.name,
                    "function": child.function,
                    "phone": child.phone or child.mobile,
                    "email": child.email,
                }
                for child in partner.child_ids.filtered("active")
            ],
            "stages": env["crm.smb.stage.report"].search(
                [("partner_id", "=", commercial.id)], order="date_start"
            ),
            "followups": env["crm.smb.followup"].search(
                [("partner_id", "=", commercial.id)], order="date desc", limit=LAST
            ),
            "leads": env["crm.lead"].search(
                [("partner_id", "child_of", commercial.id), ("probability", "<", 100)],
                order="create_date desc",
            ),
            "orders": orders[:LAST],
            "order_count": len(orders),
            "order_total": sum(orders.mapped("amount_untaxed")),
            "invoiced": invoiced,
            "collected": collected,
            "outstanding": outstanding,
            "overdue": overdue,
            "requests": requests[:LAST],
            "request_count": len(requests),
            "rating_avg": sum(rated.mapped("rating")) / len(rated) if rated else 0.0,
            "rating_count": len(rated),
            "currency": env.company.currency_id,
        }


class ReportSalespersonPeriod(models.AbstractModel):
    """A salesperson's period: totals and one line per customer they worked on."""

    _name = "report.crm_smb_reports.report_salesperson_period"
    _description = "Salesperson Period Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        data = data or {}
        date_from = fields.Date.to_date(data.get("date_from")) or fields.Date.context_today(self).replace(
            day=1
        )
        date_to = fields.Date.to_date(data.get("date_to")) or fields.Date.context_today(self)
        ids = docids or [i for i in data.get("user_ids") or [] if isinstance(i, int)]
        users = self.env["res.users"].browse(ids).exists()
        if not self.env.user._crm_smb_sees_work_of(users):
            raise AccessError(self.env._("You can print your own and your teams' period reports only."))
        return {
            "doc_ids": docids,
            "doc_model": "res.users",
            "docs": users,
            "date_from": date_from,
            "date_to": date_to,
            "periods": {user.id: self._period(user, date_from, date_to) for user in users},
        }

    def _period(self, user, date_from, date_to):
        env = self.env
        start = fields.Datetime.to_datetime(date_from)
        end = fields.Datetime.to_datetime(date_to) + timedelta(days=1)
        followups = env["crm.smb.followup"].search(
            [("user_id", "=", user.id), ("date", ">=", start), ("date", "<", end)]
        )
        orders = env["crm.smb.sales.report"].search(
            [
                ("user_id", "=", user.id),
                ("status", "=", "confirmed"),
                ("date_order", ">=", start),
                ("date_order", "<", end),
            ]
        )
        new_customers = env["crm.smb.customer.report"].search(
            [("user_id", "=", user.id), ("create_date", ">=", start), ("create_date", "<", end)]
        )
        claims = env["crm.smb.pool.activity.report"].search(
            [("user_id", "=", user.id), ("date", ">=", start), ("date", "<", end)]
        )
        receivables = env["crm.smb.collection.report"].search([("user_id", "=", user.id)])
        [[planned, plan_collected, plan_overdue]] = env["crm.smb.collection.plan.report"]._read_group(
            [("user_id", "=", user.id), ("date_planned", ">=", date_from), ("date_planned", "<=", date_to)],
            [],
            ["amount_planned:sum", "amount_collected:sum", "amount_overdue:sum"],
        )
        # one pass over each recordset, not one filter per customer
        followup_dates = defaultdict(list)
        for followup in followups:
            followup_dates[followup.partner_id].append(followup.date)
        sold = defaultdict(lambda: [0, 0.0])
        for order in orders:
            sold[order.partner_id][0] += 1
            sold[order.partner_id][1] += order.amount
        outstanding = defaultdict(float)
        for receivable in receivables:
            outstanding[receivable.partner_id] += receivable.amount_outstanding
        customers = (followups.partner_id | orders.partner_id | new_customers.partner_id).sorted("name")
        lines = [
            {
                "customer": customer,
                "stage": customer.followup_stage_id.name or "",
                "followups": len(followup_dates[customer]),
                "last_followup": max(followup_dates[customer], default=False),
                "next_contact": customer.next_contact_date,
                "orders": sold[customer][0],
                "amount": sold[customer][1],
                "outstanding": outstanding[customer],
            }
            for customer in customers
        ]
        return {
            "new_customers": len(new_customers),
            "followups": len(followups),
            "orders": len(orders),
            "amount": sum(orders.mapped("amount")),
            "claimed": sum(claims.mapped("claim_count")) + sum(claims.mapped("assign_count")),
            "released": sum(claims.mapped("release_count")) + sum(claims.mapped("recycle_count")),
            "outstanding": sum(receivables.mapped("amount_outstanding")),
            "overdue": sum(receivables.mapped("amount_overdue")),
            "planned": planned or 0.0,
            "plan_collected": plan_collected or 0.0,
            "plan_overdue": plan_overdue or 0.0,
            "lines": lines,
            "currency": env.company.currency_id,
        }


class ReportServiceSheet(models.AbstractModel):
    """The on-site sheet of service requests."""

    _name = "report.crm_smb_reports.report_service_request_sheet"
    _description = "Service Sheet"

    @api.model
    def _get_report_values(self, docids, data=None):
        requests = self.env["crm.smb.service.request"].browse(docids)
        requests.check_access("read")
        # Whoever may read a request works on it at the customer's: the customer's name, address
        # and phone are printed even when the customer waits in a public pool the reader is not
        # an administrator of (a narrow read, for these requests only).
        return {
            "doc_ids": docids,
            "doc_model": "crm.smb.service.request",
            "docs": requests,
            "customers": {request.id: request.partner_id.sudo() for request in requests},
            "contacts": {request.id: request.contact_id.sudo() for request in requests},
        }
