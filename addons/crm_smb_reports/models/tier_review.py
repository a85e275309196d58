from odoo import _, api, models
from odoo.exceptions import AccessError

# What OCA's approval flow writes on a review as the acting user (can_review: a display flag it
# recomputes by hand); anything else (which order, which tier, who reviews) only as superuser.
REVIEW_WRITABLE = {"status", "done_by", "reviewed_date", "comment", "can_review"}
# What requesting a validation creates (tier.validation._prepare_tier_review_vals); the
# reviewers follow from the tier, never from the request.
REVIEW_CREATABLE = {"model", "res_id", "definition_id", "requested_by", "sequence", "status"}


class TierReview(models.Model):
    _inherit = "tier.review"

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            for vals in vals_list:
                if set(vals) - REVIEW_CREATABLE or vals.get("status", "waiting") not in (
                    "waiting",
                    "pending",
                ):
                    raise AccessError(_("An approval step starts waiting; only its approvers can decide it."))
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            self._crm_smb_check_write(vals)
        return super().write(vals)

    def _crm_smb_check_write(self, vals):
        forbidden = set(vals) - REVIEW_WRITABLE
        if forbidden:
            raise AccessError(
                _(
                    "These fields of an approval step cannot be changed: %(fields)s",
                    fields=", ".join(sorted(forbidden)),
                )
            )
        deciding = vals.get("status") in ("approved", "rejected") or "comment" in vals or "done_by" in vals
        if vals.get("done_by") not in (None, False, self.env.uid):
            raise AccessError(_("An approval is recorded in the name of the approver only."))
        if deciding:
            for review in self:
                if self.env.user not in review.reviewer_ids:
                    raise AccessError(
                        _(
                            "Only %(approvers)s may approve or reject “%(step)s”.",
                            approvers=", ".join(review.reviewer_ids.mapped("name")) or _("its approvers"),
                            step=review.name or review.definition_id.name,
                        )
                    )
