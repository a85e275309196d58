import base64

from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024


class ServicePortal(CustomerPortal):
    """Portal users follow their own and their company's service requests at /my/service."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "service_request_count" in counters:
            Request = request.env["crm.smb.service.request"]
            values["service_request_count"] = Request.search_count([]) if Request.has_access("read") else 0
        return values

    @http.route(["/my/service", "/my/service/page/<int:page>"], type="http", auth="user", website=True)
    def portal_my_service_requests(self, page=1, **kw):
        Request = request.env["crm.smb.service.request"]
        count = Request.search_count([])
        pager = portal_pager(url="/my/service", total=count, page=page, step=self._items_per_page)
        requests = Request.search(
            [], order="date_received desc", limit=self._items_per_page, offset=pager["offset"]
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {"requests": requests, "pager": pager, "page_name": "service", "default_url": "/my/service"}
        )
        return request.render("crm_smb_service.portal_my_service_requests", values)

    @http.route(["/my/service/<int:request_id>"], type="http", auth="public", website=True)
    def portal_my_service_request(self, request_id, access_token=None, **kw):
        try:
            service_request = self._document_check_access("crm.smb.service.request", request_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        values = self._get_page_view_values(
            service_request,
            access_token,
            {"service_request": service_request, "page_name": "service", "submitted": kw.get("submitted")},
            "my_service_history",
            False,
            **kw,
        )
        return request.render("crm_smb_service.portal_my_service_request", values)

    @http.route(["/my/service/new"], type="http", auth="user", website=True, methods=["GET", "POST"])
    def portal_new_service_request(self, **post):
        env = request.env
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "service",
                "types": env["crm.smb.service.type"].sudo().search([]),
                "error": "",
                "post": post,
            }
        )
        if request.httprequest.method != "POST":
            return request.render("crm_smb_service.portal_new_service_request", values)
        subject = (post.get("name") or "").strip()
        if not subject:
            values["error"] = env._("Please describe the problem in a few words (subject).")
            return request.render("crm_smb_service.portal_new_service_request", values)
        files = [f for f in request.httprequest.files.getlist("attachments") if f.filename]
        contents = [(f.filename, f.read()) for f in files]
        if any(len(data) > MAX_ATTACHMENT_BYTES for _name, data in contents):
            values["error"] = env._("Each attachment must be smaller than 10 MB.")
            return request.render("crm_smb_service.portal_new_service_request", values)
        user_partner = env.user.partner_id
        type_id = int(post["type_id"]) if (post.get("type_id") or "").isdigit() else False
        # The portal user may not create requests directly: create it for them, for their own company only.
        service_request = (
            env["crm.smb.service.request"]
            .sudo()
            .create(
                {
                    "name": subject,
                    "description": post.get("description") or "",
                    "type_id": env["crm.smb.service.type"].sudo().browse(type_id).exists().id or False,
                    "partner_id": user_partner.commercial_partner_id.id,
                    "contact_id": user_partner.id,
                    "channel": "portal",
                    "company_id": user_partner.company_id.id or env.company.id,
                }
            )
        )
        for filename, data in contents:
            env["ir.attachment"].sudo().create(
                {
                    "name": filename,
                    "datas": base64.b64encode(data),
                    "res_model": service_request._name,
                    "res_id": service_request.id,
                }
            )
        return request.redirect(f"/my/service/{service_request.id}?submitted=1")
