import re
import unicodedata

from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools import SQL

# Legal-form words that do not tell two companies apart (longest first).
LEGAL_SUFFIXES = (
    "股份有限公司",
    "有限责任公司",
    "有限公司",
    "分公司",
    "公司",
    "company limited",
    "co ltd",
    "co limited",
    "corporation",
    "limited",
    "company",
    "corp",
    "inc",
    "llc",
    "ltd",
    "gmbh",
    "co",
)
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)
# Places a Chinese company name starts (杭州恒泰机械) or ends (恒泰机械(杭州)) with, which people
# leave out when they name it (恒泰机械): provinces, then cities, each optionally with 省/市.
_PLACES = (
    "北京 天津 上海 重庆 河北 山西 辽宁 吉林 黑龙江 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南 "
    "广东 海南 四川 贵州 云南 陕西 甘肃 青海 台湾 内蒙古 广西 西藏 宁夏 新疆 香港 澳门 "
    "杭州 宁波 温州 嘉兴 湖州 绍兴 金华 衢州 舟山 台州 丽水 义乌 南京 苏州 无锡 常州 南通 扬州 "
    "徐州 盐城 镇江 泰州 昆山 合肥 芜湖 福州 厦门 泉州 南昌 济南 青岛 烟台 潍坊 郑州 武汉 长沙 "
    "广州 深圳 东莞 佛山 珠海 中山 惠州 汕头 南宁 海口 成都 贵阳 昆明 西安 兰州 西宁 银川 "
    "乌鲁木齐 拉萨 石家庄 太原 沈阳 大连 长春 哈尔滨 呼和浩特"
).split()
_PLACE = "(?:(?:{})[省市]?)+".format("|".join(sorted(_PLACES, key=len, reverse=True)))
_PLACE_PREFIX = re.compile(f"^{_PLACE}")
_PLACE_SUFFIX = re.compile(f"{_PLACE}$")


def normalize_phone(number):
    """Digits of a phone number in Chinese national form, or None.

    Full-width digits count as digits; spaces, dashes, dots and brackets are
    dropped; +86 / 0086 / 86 country codes are removed and a Chinese landline
    keeps its trunk 0 (+86 571 8888 1001 and 0571-88881001 are the same).
    Numbers of other countries keep their digits without the 00 prefix.
    """
    if not number:
        return None
    digits = "".join(ch for ch in unicodedata.normalize("NFKC", number) if ch.isdigit())
    international = unicodedata.normalize("NFKC", number).strip().startswith("+")
    if digits.startswith("00"):
        digits, international = digits[2:], True
    if international or (digits.startswith("86") and len(digits) in (12, 13)):
        if not digits.startswith("86"):
            return digits or None
        digits = digits[2:]
        if not (digits.startswith("1") and len(digits) == 11):  # not a mobile: a landline
            digits = "0" + digits.lstrip("0")
    return digits if len(digits) >= 5 else None


def normalize_company_name(name):
    """Company name without case, width, punctuation, legal-form words or the place it is
    registered in, or None."""
    if not name:
        return None
    text = unicodedata.normalize("NFKC", name).casefold()
    text = _NON_WORD.sub(" ", text).strip()
    changed = True
    while changed and text:
        changed = False
        for suffix in LEGAL_SUFFIXES:
            if text.endswith(suffix) and len(text) > len(suffix):
                text = text[: -len(suffix)].rstrip()
                changed = True
                break
    key = text.replace(" ", "")
    # The place it is registered in is not part of its name (杭州恒泰机械 is 恒泰机械), unless
    # too little is left to tell companies apart (北京大学 is not 大学).
    core = _PLACE_SUFFIX.sub("", _PLACE_PREFIX.sub("", key))
    return (core if len(core) >= 3 else key) or None


def dup_keys(phone, mobile, email_normalized, company_name):
    """The duplicate keys of a customer or lead from its values (one definition, for the ORM, for
    the keys filled in SQL at install and for a record being typed)."""
    return {
        "phone_key": normalize_phone(phone),
        "mobile_key": normalize_phone(mobile),
        "email_key": email_normalized or None,
        "name_key": normalize_company_name(company_name),
    }


class CrmSmbDuplicateMixin(models.AbstractModel):
    """The duplicate check (查重 / 撞单) of customers and leads; their keys are rows of
    `crm.smb.duplicate.key`."""

    _name = "crm.smb.duplicate.mixin"
    _description = "Duplicate Check"

    duplicate_warning = fields.Html(compute="_compute_duplicate_warning", sanitize=False)
    # The records the form already told its user about (kept by the form between onchanges):
    # the notification pops once per record found, not after every field typed.
    duplicate_warned = fields.Char(compute="_compute_duplicate_warned", readonly=False)

    _dup_key_owner = None  # field of crm.smb.duplicate.key pointing to this model (per model)
    # The field each key is made of, to say which one matched (per model).
    _dup_key_fields = {"phone_key": "phone", "mobile_key": "mobile", "email_key": "email", "name_key": "name"}
    _dup_trigger_fields = ()  # fields whose change runs the check (per model)
    # What a duplicate is, for the check as someone types and for the data health's suspected
    # duplicates alike: two records (of different customers) share a key of one criterion, in any
    # of its columns of crm.smb.duplicate.key (a number typed as a phone on one and as a mobile
    # on the other matches).
    _dup_criteria = (
        ("phone_key", "mobile_key"),
        ("email_key",),
        ("name_key",),
    )

    def _dup_company_name(self):
        """The company name to compare (per model)."""
        raise NotImplementedError

    def _dup_company_name_column(self):
        """SQL over the row giving `_dup_company_name` (per model)."""
        raise NotImplementedError

    @api.model
    def _dup_key_sources(self):
        """SQL over the row of this model's table giving the arguments of `_dup_keys`."""
        return [SQL("phone"), SQL("mobile"), SQL("email_normalized"), self._dup_company_name_column()]

    @api.model
    def _dup_keys(self, phone, mobile, email_normalized, company_name):
        return dup_keys(phone, mobile, email_normalized, company_name)

    def _dup_key_values(self):
        """This record's keys (a record being typed too)."""
        self.ensure_one()
        return self._dup_keys(self.phone, self.mobile, self.email_normalized, self._dup_company_name())

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        self.env["crm.smb.duplicate.key"].sudo().create(
            [{self._dup_key_owner: record.id} for record in records]
        )
        records._check_duplicates()
        return records

    def write(self, vals):
        res = super().write(vals)
        if set(self._dup_trigger_fields) & set(vals):
            self._check_duplicates()
        return res

    @api.depends(lambda self: self._dup_trigger_fields)
    def _compute_duplicate_warning(self):
        for record in self:
            record.duplicate_warning = self._format_duplicates(record._find_duplicates(), html=True)

    def _compute_duplicate_warned(self):
        self.duplicate_warned = False

    @api.model
    def _duplicate_check_mode(self):
        return self.env["ir.config_parameter"].sudo().get_param("crm_smb_followup.duplicate_check", "warn")

    def _dup_keys_of(self):
        """This record's keys, one set per criterion of `_dup_criteria`."""
        values = self._dup_key_values()
        return [{values[column] for column in criterion} - {False, None} for criterion in self._dup_criteria]

    def _dup_exclusion_domain(self, model):
        """Domain on `model` leaving out this record and its own family (never duplicates)."""
        raise NotImplementedError

    def _find_duplicates(self, limit=10):
        """Customers and leads of the same company sharing a phone, email or company name.

        Runs as superuser on purpose: a salesperson must learn that a colleague
        owns the customer even without the right to open it. Only names and
        owners leave this method, and of a record waiting in a public pool, its
        name and pool to the pool's members and administrators only. Portal
        users are told nothing.
        """
        self.ensure_one()
        user = self.env.user
        keys = self._dup_keys_of()
        if user.share or not any(keys):
            return []
        # Shared customers have no company: compare within the user's current company then.
        company_ids = [False, (self.company_id or self.env.company).id]
        Key = self.env["crm.smb.duplicate.key"].sudo()
        key_domain = expression.OR(
            [(column, "in", list(values))]
            for criterion, values in zip(self._dup_criteria, keys, strict=True)
            if values
            for column in criterion
        )
        values = self._dup_key_values()
        matches = []
        for model in ("res.partner", "crm.lead"):
            owner = self.env[model]._dup_key_owner
            keyed = Key._search(expression.AND([[(owner, "!=", False)], key_domain]))
            domain = [
                ("company_id", "in", company_ids),
                *self._dup_exclusion_domain(model),
                ("id", "in", keyed.subselect(SQL.identifier(Key._table, owner))),
            ]
            found = self.env[model].sudo().search(domain, limit=limit)
            their_keys = {key[owner].id: key for key in Key.search([(owner, "in", found.ids)])}
            readable = self.env[model].browse(found.ids)._filtered_access("read").ids
            for record in found:
                pool = record.waiting_pool_id
                if pool and user not in pool.member_ids and not pool._is_admin(user):
                    matches.append({"model": model, "id": False, "name": False, "fields": [], "pool": False})
                    continue
                matches.append(
                    {
                        "model": model,
                        "id": record.id if record.id in readable else False,
                        "name": record.display_name,
                        "owner": record.user_id.name or "",
                        "pool": pool.name or False,
                        "fields": self._dup_matched_fields(values, their_keys.get(record.id)),
                    }
                )
        return matches

    def _dup_matched_fields(self, values, their_key):
        """Labels of this record's fields whose key `their_key` (a crm.smb.duplicate.key) shares."""
        labels = []
        for criterion in self._dup_criteria:
            theirs = {their_key[column] for column in criterion} - {False, None} if their_key else set()
            for column in criterion:
                if values[column] in theirs:
                    field = self._fields[self._dup_key_fields[column]]
                    labels.append(field._description_string(self.env))
        return labels

    @api.model
    def _dup_family_column(self):
        """Column of this model's table naming the customer a row belongs to: rows of the same
        customer are never duplicates of each other (per model)."""
        raise NotImplementedError

    @api.model
    def _dup_suspected_ids(self, where):
        """Ids of the rows matching `where` (SQL over the row `p`) that look like a duplicate of
        another active row of another customer in a company they share, by `_dup_criteria`:
        one hash join per pair of columns of a criterion."""
        self.flush_model()
        self.env["crm.smb.duplicate.key"].flush_model()
        table, family = SQL.identifier(self._table), SQL.identifier(self._dup_family_column())
        owner = SQL.identifier(self._dup_key_owner)
        pairs = [(a, b) for criterion in self._dup_criteria for a in criterion for b in criterion]
        self.env.cr.execute(
            SQL(" UNION ").join(
                SQL(
                    """
                    SELECT p.id FROM %(table)s p
                      JOIN crm_smb_duplicate_key pk ON pk.%(owner)s = p.id
                      JOIN crm_smb_duplicate_key qk ON qk.%(b)s = pk.%(a)s AND qk.%(owner)s <> p.id
                           AND pk.%(owner)s IS NOT NULL AND qk.%(owner)s IS NOT NULL
                      JOIN %(table)s q ON q.id = qk.%(owner)s AND q.active
                           AND q.%(family)s <> p.%(family)s
                           AND (q.company_id IS NULL OR p.company_id IS NULL OR q.company_id = p.company_id)
                     WHERE p.active AND %(where)s
                    """,
                    table=table,
                    owner=owner,
                    a=SQL.identifier(a),
                    b=SQL.identifier(b),
                    family=family,
                    where=where,
                )
                for a, b in pairs
            )
        )
        return [row[0] for row in self.env.cr.fetchall()]

    def _format_duplicates(self, matches, html=False):
        """One line per match: text, or HTML with a link to each record its reader may open."""
        if not matches:
            return False

        def fill(template, **params):
            return (escape(template) if html else template) % params

        lines = []
        for match in matches:
            kind = self.env._("Lead") if match["model"] == "crm.lead" else self.env._("Customer")
            if not match["name"]:
                lines.append(
                    fill(self.env._("%(kind)s waiting in a public pool you are not a member of"), kind=kind)
                )
                continue
            name = match["name"]
            if html and match["id"]:
                name = Markup('<a href="/odoo/%s/%s">%s</a>') % (match["model"], match["id"], name)
            if match["pool"]:
                line = fill(
                    self.env._("%(kind)s “%(name)s”, waiting in the pool “%(pool)s”"),
                    kind=kind,
                    name=name,
                    pool=match["pool"],
                )
            else:
                owner = match["owner"] or self.env._("no salesperson")
                line = fill(
                    self.env._("%(kind)s “%(name)s”, owned by %(owner)s"), kind=kind, name=name, owner=owner
                )
            if match["fields"]:
                line = fill(
                    self.env._("%(match)s (same %(fields)s)"), match=line, fields=", ".join(match["fields"])
                )
            lines.append(line)
        return Markup("<br/>").join(lines) if html else "\n".join(lines)

    def _check_duplicates(self):
        """Refuse a create or a change of the keys when the setting blocks duplicates.

        Only people are stopped: superuser work (installation, mail gateway,
        scheduled jobs) is not.
        """
        if self.env.su or self._duplicate_check_mode() != "block":
            return
        for record in self:
            matches = record._find_duplicates(limit=3)
            if matches:
                raise UserError(
                    self.env._(
                        "“%(name)s” looks like a duplicate of:\n%(matches)s\n"
                        "Ask the owner or your sales manager instead of creating it again.",
                        name=record.display_name,
                        matches=self._format_duplicates(matches),
                    )
                )

    def _duplicate_onchange_warning(self):
        self.ensure_one()
        if self._duplicate_check_mode() == "off":
            return {}
        matches = self._find_duplicates()
        # Told once per record found: typing the next field does not repeat it.
        warned = set((self.duplicate_warned or "").split("\n")) - {""}
        refs = [f"{match['model']}/{match['id'] or match['name']}" for match in matches]
        new = [match for match, ref in zip(matches, refs, strict=True) if ref not in warned]
        self.duplicate_warned = "\n".join(sorted(warned.union(refs)))
        message = self._format_duplicates(new)
        if not message:
            return {}
        # A notification beside the form, not a dialog in the way: the user sees it while typing
        # and goes on (picking an existing customer for a new opportunity included); the "block"
        # setting refuses the save.
        return {
            "warning": {
                "title": self.env._("Possible duplicate"),
                "message": self.env._("This looks like an existing record:\n%(matches)s", matches=message),
                "type": "notification",
            }
        }
