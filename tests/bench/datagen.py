"""Deterministic benchmark datasets for the CRM SMB suite.

``load(env, scale, seed=42)`` fills a database where ``crm_smb_reports`` is installed without
demo data. The few configuration records (salespeople, a customer pool and a lead pool with their
members, limits and recycling rule, service teams and SLAs) are created through the ORM; the big
tables (customers, leads and opportunities, follow-ups, their next-contact activities, pool
history, service requests, posted customer invoices) are written with ``COPY``. Every stored
computed value is derived the way the modules derive it: duplicate keys by the module's own fill,
recycling deadlines with the rule's own ``_deadline_for``, the last follow-up and
the next contact from the follow-ups, the customer's follow-up stage from its follow-ups, SLA
deadlines and statuses on the team's working calendar. The ORM then reads the rows as if it had
written them.

Dates spread over the two years before ``REF``, so the data does not depend on the day it is
loaded, with one exception: the public-pool clock. Claims are dated relative to the day of the
load so that ``DUE_SHARE`` of the owned customers and of the owned leads are past their recycling
deadline when the benchmark runs, and the others are not (for at least a day).

Command line::

    python3 tests/bench/datagen.py --scale S --database crm_smb_bench_s [--conf PATH] [--seed 42]

creates the database (``-i crm_smb_reports --without-demo=all``) when it does not exist, loads the
data, commits, and prints the counts and timings. A database is loaded once: a second load is
refused (the ``crm_smb_bench.scale`` system parameter marks a loaded database).
"""

import argparse
import bisect
import contextlib
import csv
import io
import math
import os
import random
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytz

from odoo import SUPERUSER_ID, Command, api
from odoo.exceptions import UserError
from odoo.tools import SQL, email_normalize

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_CONF = ROOT / ".local" / "odoo-dev.conf"
TOP_MODULE = "crm_smb_reports"
MARKER_PARAM = "crm_smb_bench.scale"

REF = datetime(2026, 11, 1)  # the data covers the two years before this date
HISTORY = timedelta(days=730)
USER_TZ = "Asia/Shanghai"

COMPANY_SHARE = 0.75  # customers that are companies (the others are individuals)
CUSTOMER_POOL_SHARE = 0.10  # customers waiting in the customer pool
LEAD_POOL_SHARE = 0.15  # leads without a customer waiting in the lead pool
DUE_SHARE = 0.20  # owned customers, and owned active leads, past their recycling deadline
DUPLICATE_SHARE = 0.02  # customers with a near-duplicate name or phone of another customer
LEAD_DUPLICATE_SHARE = 0.02  # leads without a customer whose phone is a customer's (撞单)
LOCKED_SHARE = 0.005  # owned records locked against recycling (within the pools' lock limit)
OPEN_OPPORTUNITY_SHARE = 0.25  # owned customers with an open opportunity
LOST_OPPORTUNITY_SHARE = 0.10  # lost opportunities, per customer
NEXT_CONTACT_SHARE = 0.6  # follow-ups planning a next contact
FOLLOWUP_TARGETS = (0.55, 0.70)  # cumulative shares: own customer, then customer's opportunity, then lead
RULE = {"days_without_followup": 90, "days_without_win": 120, "warning_days": 3}
NOT_DUE_CLAIM_DAYS = 88  # claimed at most this long ago: the deadline is > 1 day ahead
DUE_CLAIM_DAYS = (121, 360)  # claimed this long ago: the days-without-win deadline is past

CITIES = (
    ("杭州", "0571"), ("宁波", "0574"), ("温州", "0577"), ("上海", "021"), ("北京", "010"),
    ("广州", "020"), ("深圳", "0755"), ("苏州", "0512"), ("南京", "025"), ("无锡", "0510"),
    ("成都", "028"), ("重庆", "023"), ("武汉", "027"), ("长沙", "0731"), ("西安", "029"),
    ("郑州", "0371"), ("济南", "0531"), ("青岛", "0532"), ("厦门", "0592"), ("福州", "0591"),
    ("合肥", "0551"), ("南昌", "0791"), ("天津", "022"), ("沈阳", "024"), ("大连", "0411"),
    ("昆明", "0871"), ("南宁", "0771"), ("佛山", "0757"), ("东莞", "0769"), ("常州", "0519"),
)  # fmt: skip
BRAND_CHARS = (
    "星辰华瑞恒达鑫源金泰宏盛东方信诚博远嘉禾永安天成中科新创汇通海纳卓越鼎明德正和百川锦程宇航佳美润丰"
)
INDUSTRIES = (
    "科技", "贸易", "电子", "机械", "建材", "食品", "服装", "物流", "医药", "化工",
    "印刷", "家具", "五金", "环保", "能源", "文化", "教育", "餐饮", "汽配", "包装",
)  # fmt: skip
LEGAL_FORMS = ("有限公司", "有限公司", "有限公司", "有限责任公司", "股份有限公司")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
GIVEN_CHARS = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红玲兰飞鹏斌宇浩凯文婷雪琳晨欣怡佳"
MOBILE_PREFIXES = ("138", "139", "158", "186", "188", "135", "137", "150", "177", "199")
LEAD_TOPICS = (
    "ERP 系统",
    "CRM 软件",
    "办公设备",
    "工业传感器",
    "包装材料",
    "物流服务",
    "培训课程",
    "云服务器",
)
FOLLOWUP_SUMMARIES = (
    "电话沟通需求", "发送报价单", "上门拜访", "微信跟进", "确认合同条款",
    "产品演示", "回访使用情况", "催促回款", "邀约参观工厂", "Call about the renewal",
)  # fmt: skip
NEXT_ACTIONS = ("再次电话确认", "发送样品", "安排技术交流", "Send the revised quotation")
ATTITUDES = (None, None, "very_interested", "interested", "neutral", "hesitant", "refused")
CHANNEL_WEIGHTS = (40, 10, 25, 10, 5, 5, 5)  # phone, visit, WeChat, email, meeting, SMS, other
REQUEST_SUBJECTS = (
    "设备无法开机", "安装预约", "发票开具问题", "配件更换", "系统登录失败",
    "送货延迟", "产品质量投诉", "操作培训", "退换货申请", "Maintenance visit",
)  # fmt: skip
REQUEST_CHANNELS = ("phone", "phone", "email", "portal", "wechat", "visit", "other")
PRIORITY_WEIGHTS = (("0", 20), ("1", 50), ("2", 20), ("3", 10))
BENCH_SLAS = (  # name, domain values, response hours, resolution hours
    ("Bench Urgent", {"priority": "3"}, 1.0, 8.0),
    ("Bench Complaints", {"complaints": True}, 2.0, 16.0),
    ("Bench Key Accounts", {"customer_level": "A"}, 2.0, 24.0),
    ("Bench Standard", {}, 4.0, 40.0),
)


class BenchDataError(Exception):
    """The database cannot take the benchmark data; the text says why."""


@dataclass(frozen=True)
class Scale:
    """How much of everything one scale holds."""

    customers: int
    leads: int
    followups: int
    service_requests: int
    salespeople: int
    service_agents: int
    invoice_share: float = 0.3  # customers with 1 to 3 posted invoices


SCALES = {  # customers, leads, follow-ups, service requests, salespeople, service agents
    "S": Scale(1_000, 2_500, 10_000, 250, 10, 4),
    "M": Scale(20_000, 50_000, 200_000, 5_000, 50, 10),
    "L": Scale(100_000, 300_000, 1_000_000, 50_000, 200, 20),
}


# ---------------------------------------------------------------------------
# Generated records
# ---------------------------------------------------------------------------
@dataclass(slots=True)
class _PoolRecord:
    """A customer or lead: what the pool fields and the other tables need to know about it.

    ``date_claimed``, ``create_date`` and ``last_followup_date`` are the attributes that the
    recycling rule's ``_deadline_for`` reads, so the rule computes the deadline of this object.
    """

    id: int = 0
    create_date: datetime = REF
    user_id: int | None = None
    pool_state: str = "owned"
    previous_user_id: int | None = None
    date_claimed: datetime | None = None
    pool_entry_date: datetime | None = None
    locked: bool = False
    exempt: bool = False
    due: bool = False
    last_followup_date: datetime | None = None
    next_contact_date: date | None = None
    last_row: list | None = None  # latest follow-up row on it
    name: str = ""
    phone: str | None = None
    mobile: str | None = None
    email: str | None = None
    city: str | None = None
    source_id: int | None = None

    def owner(self):
        """The salesperson who works on it (its owner, else its previous owner)."""
        return self.user_id or self.previous_user_id


@dataclass(slots=True)
class _Customer(_PoolRecord):
    """A customer (a company or an individual) and the course of its follow-ups."""

    is_company: bool = True
    level: str | None = None
    birthday: date | None = None
    path: tuple = ()  # follow-up stages its own follow-ups move it through
    stage: int | None = None  # its follow-up stage (while its follow-ups are replayed: at that moment)
    won: bool = False
    has_open_opportunity: bool = False
    own_total: int = 0  # follow-ups logged on the customer itself (no lead)
    own_seen: int = 0
    own_last_row: list | None = None
    invoice_count: int = 0
    number: str = ""  # its own phone or mobile number, as first written (duplicates rewrite theirs)


@dataclass(slots=True)
class _Lead(_PoolRecord):
    """A lead or an opportunity, of a customer or of a company that is not one yet."""

    partner: _Customer | None = None
    lead_type: str = "lead"
    stage_id: int | None = None
    probability: float | None = None
    active: bool = True
    won: bool = False
    partner_name: str | None = None
    contact_name: str | None = None
    expected_revenue: float = 0.0
    date_closed: datetime | None = None
    date_deadline: date | None = None
    lost_reason_id: int | None = None
    priority: str = "0"


@dataclass
class _Config:
    """The configuration the big tables refer to (created or found through the ORM): ids and records."""

    company_id: int
    currency_id: int
    lang_code: str
    lang_id: int
    sales_team_id: int
    salespeople: list
    manager_id: int
    agent_ids: list
    customer_pool: object
    lead_pool: object
    followup_stages: list  # (id, is_won, is_lost) by sequence
    channel_ids: list
    source_ids: list
    lost_reason_ids: list
    pool_reason_ids: list
    crm_open_stages: list  # (id, probability) of the pipeline's open stages, by sequence
    crm_won_stage_id: int
    service: dict = field(default_factory=dict)
    invoicing: dict = field(default_factory=dict)
    models: dict = field(default_factory=dict)
    activity_type_id: int = 0


class _Timer:
    """Seconds per named step, in the order the steps ran."""

    def __init__(self):
        self.seconds = {}
        self._start = time.perf_counter()

    @contextlib.contextmanager
    def step(self, name):
        start = time.perf_counter()
        yield
        self.seconds[name] = round(self.seconds.get(name, 0.0) + time.perf_counter() - start, 2)

    def total(self):
        return round(time.perf_counter() - self._start, 2)


# ---------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------
def _utc_now():
    return datetime.now(timezone.utc).replace(tzinfo=None)


def _seconds(value):
    """`value` rounded to the second, as the ORM stores the datetimes it computes."""
    return (value + timedelta(microseconds=500_000)).replace(microsecond=0)


def _between(rng, start, end):
    """A moment between `start` and `end`, to the second."""
    return _seconds(start + (end - start) * rng.random()) if end > start else start


def _company_base(index):
    """A company name (city, brand, industry) that no other index gets, and its city."""
    brands = len(BRAND_CHARS) ** 2
    total = len(CITIES) * brands * len(INDUSTRIES)
    code = (index * 1_000_003) % total  # a bijection on range(total): neighbours look unrelated
    code, industry = divmod(code, len(INDUSTRIES))
    city, brand = divmod(code, brands)
    first, second = divmod(brand, len(BRAND_CHARS))
    city_name = CITIES[city][0]
    return f"{city_name}{BRAND_CHARS[first]}{BRAND_CHARS[second]}{INDUSTRIES[industry]}", CITIES[city]


def _landline(index, area):
    return f"{area}-8{(index * 7_654_321) % 10_000_000:07d}"


def _mobile(index):
    return f"{MOBILE_PREFIXES[index % len(MOBILE_PREFIXES)]}{(index * 76_543_211) % 100_000_000:08d}"


def _phone_variant(rng, number):
    """The same number written another way (+86, spaces, brackets): the same duplicate key."""
    digits = number.replace("-", "")
    if digits.startswith("1"):  # a mobile
        return rng.choice(
            (f"+86 {digits[:3]} {digits[3:7]} {digits[7:]}", f"{digits[:3]}-{digits[3:7]}-{digits[7:]}")
        )
    area, local = number.split("-")
    return rng.choice((f"+86 {area[1:]} {local}", f"({area}){local}", f"0086-{area[1:]}-{local}"))


def _person_name(rng):
    given = rng.choice(GIVEN_CHARS) + (rng.choice(GIVEN_CHARS) if rng.random() < 0.7 else "")
    return rng.choice(SURNAMES) + given


def _amount(rng, mu, sigma, floor):
    return round(max(floor, rng.lognormvariate(mu, sigma)), 2)


def _reserve_ids(cr, table, count):
    """First of `count` fresh ids of `table`, its id sequence moved past them."""
    cr.execute(SQL("SELECT nextval(pg_get_serial_sequence(%s, 'id'))", table))
    first = cr.fetchone()[0]
    cr.execute(SQL("SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)", table, first + max(count, 1) - 1))
    return first


def _copy(cr, table, columns, rows):
    """Bulk-insert `rows` (tuples in `columns` order; None is NULL) with COPY ... FROM STDIN."""
    query = SQL(
        "COPY %s (%s) FROM STDIN WITH (FORMAT csv)",
        SQL.identifier(table),
        SQL(", ").join(SQL.identifier(column) for column in columns),
    )
    chunk = 200_000
    for start in range(0, len(rows), chunk):
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows(rows[start : start + chunk])
        buffer.seek(0)
        cr.copy_expert(query.code, buffer)


class _WorkTimeline:
    """The working intervals of a calendar over a period, for fast SLA planning.

    Gives the same answers as ``resource.calendar.plan_hours`` and ``get_work_hours_count``
    with ``compute_leaves=True`` (what the service request's SLA uses), without a query per
    request: the intervals are read once, then each question is a bisection.
    """

    def __init__(self, calendar, start, end):
        intervals = calendar._work_intervals_batch(pytz.utc.localize(start), pytz.utc.localize(end))[False]
        self.starts, self.ends, self.hours_before, self.hours_after = [], [], [], []
        total = 0.0
        for begin, stop, _meta in intervals:
            begin = begin.astimezone(pytz.utc).replace(tzinfo=None)  # noqa: PLW2901
            stop = stop.astimezone(pytz.utc).replace(tzinfo=None)  # noqa: PLW2901
            self.starts.append(begin)
            self.ends.append(stop)
            self.hours_before.append(total)
            total += (stop - begin).total_seconds() / 3600
            self.hours_after.append(total)

    def worked(self, moment):
        """Working hours from the start of the timeline to `moment`."""
        index = bisect.bisect_right(self.starts, moment) - 1
        if index < 0:
            return 0.0
        inside = (min(moment, self.ends[index]) - self.starts[index]).total_seconds() / 3600
        return self.hours_before[index] + inside

    def plan(self, moment, hours):
        """The moment `hours` working hours after `moment` (plan_hours), or None without a target."""
        if not hours:
            return None
        target = self.worked(moment) + hours
        index = bisect.bisect_left(self.hours_after, target - 1e-9)
        return _seconds(self.starts[index] + timedelta(hours=target - self.hours_before[index]))

    def between(self, start, end):
        """Working hours from `start` to `end` (get_work_hours_count)."""
        return max(self.worked(end) - self.worked(start), 0.0)


# ---------------------------------------------------------------------------
# Configuration through the ORM
# ---------------------------------------------------------------------------
def _check_database(env):
    modules = env["ir.module.module"]
    if not modules.search_count([("name", "=", TOP_MODULE), ("state", "=", "installed")]):
        raise BenchDataError(f"{TOP_MODULE} is not installed in {env.cr.dbname}.")
    if modules.search_count([("state", "=", "installed"), ("demo", "=", True)]):
        raise BenchDataError(f"{env.cr.dbname} holds demo data: benchmarks need a database without it.")
    loaded = env["ir.config_parameter"].sudo().get_param(MARKER_PARAM)
    if loaded:
        raise BenchDataError(
            f"{env.cr.dbname} already holds the {loaded} benchmark dataset; load into a new database."
        )


def _create_users(env, scale, rng):
    """Salespeople (in the sales team), a sales manager and service agents."""
    users = env["res.users"].with_context(
        no_reset_password=True, mail_create_nolog=True, tracking_disable=True
    )

    def vals(login, group):
        return {
            "name": _person_name(rng),
            "login": login,
            "email": f"{login}@example.com",
            "tz": USER_TZ,
            "groups_id": [Command.link(env.ref(group).id)],
        }

    salespeople = users.create(
        [
            vals(f"bench_sales_{n:03d}", "sales_team.group_sale_salesman")
            for n in range(1, scale.salespeople + 1)
        ]
    )
    manager = users.create(vals("bench_manager", "sales_team.group_sale_manager"))
    agents = users.create(
        [
            vals(f"bench_agent_{n:03d}", "crm_smb_service.group_service_user")
            for n in range(1, scale.service_agents + 1)
        ]
    )
    team = env.ref("sales_team.team_sales_department")
    team.user_id = manager
    env["crm.team.member"].create([{"crm_team_id": team.id, "user_id": user.id} for user in salespeople])
    return team, salespeople, manager, agents


def _create_pools(env, scale, team, salespeople, manager):
    """One customer pool and one lead pool: members, limits (one per-user override) and a rule."""
    pools = env["crm.smb.pool"]
    for pool_type, name, size in (
        ("customer", "公海客户池", scale.customers),
        ("lead", "线索池", scale.leads),
    ):
        holding = math.ceil(2 * size / scale.salespeople)  # twice an average book
        pools |= pools.create(
            {
                "name": name,
                "pool_type": pool_type,
                "team_ids": [Command.set(team.ids)],
                "member_ids": [Command.set(salespeople.ids)],
                "admin_ids": [Command.set(manager.ids)],
                "max_claims_per_day": 20,
                "max_holding": holding,
                "reclaim_cooldown_days": 7,
                "lock_limit": 20,
                "mask_contact_details": pool_type == "customer",
                "limit_ids": [
                    Command.create(
                        {"user_id": salespeople[0].id, "max_claims_per_day": 50, "max_holding": 2 * holding}
                    )
                ],
                "rule_ids": [Command.create({"name": f"{name}: 90/120 days", **RULE})],
            }
        )
    return pools


def _service_setup(env, agents):
    """Service teams and SLAs: the existing ones, or a few new ones. Returns the service config."""
    teams = env["crm.smb.service.team"].search([("company_id", "=", env.company.id)])
    if not teams:
        half = max(len(agents) // 2, 1)
        split = (("Bench Service North", agents[:half]), ("Bench Service South", agents[half:]))
        teams = teams.create(
            [
                {
                    "name": name,
                    "member_ids": [Command.set(members.ids)],
                    "leader_id": members[:1].id,
                    "assignment_method": "round_robin",
                }
                for name, members in split
            ]
        )
    types = env["crm.smb.service.type"].search([])
    if not env["crm.smb.service.sla"].search_count([]):
        complaints = types.filtered("is_complaint")
        env["crm.smb.service.sla"].create(
            [
                {
                    "name": name,
                    "sequence": 10 * (position + 1),
                    "priority": domain.get("priority"),
                    "customer_level_id": env["crm.smb.customer.level"]
                    .search([("code", "=", domain["customer_level"])])
                    .id
                    if domain.get("customer_level")
                    else False,
                    "type_ids": [Command.set(complaints.ids if domain.get("complaints") else [])],
                    "response_hours": response,
                    "resolution_hours": resolution,
                }
                for position, (name, domain, response, resolution) in enumerate(BENCH_SLAS)
            ]
        )
    stages = env["crm.smb.service.stage"].search([])
    closed = stages.filtered("is_closed")
    return {
        "teams": teams,
        "types": [(t.id, t.is_complaint) for t in types],
        "new": stages[:1].id,
        "progress": (stages - stages[:1]).filtered(lambda s: not s.is_closed and not s.is_waiting)[:1].id,
        "waiting": stages.filtered("is_waiting")[:1].id,
        "resolved": closed[:1].id,
        "cancelled": closed[-1:].id,
        "closed": set(closed.ids),
        "sequence": env["ir.sequence"].search([("code", "=", "crm.smb.service.request")], limit=1),
        "at_risk_share": env["crm.smb.service.request"]._at_risk_share(),
    }


def _setup(env, scale, rng):
    """Create or find the configuration the big tables refer to."""
    team, salespeople, manager, agents = _create_users(env, scale, rng)
    customer_pool, lead_pool = _create_pools(env, scale, team, salespeople, manager)
    crm_stages = env["crm.stage"].search(["|", ("team_id", "=", False), ("team_id", "=", team.id)])
    open_stages = crm_stages.filtered(lambda s: not s.is_won)
    journal = env["account.journal"].search(
        [("type", "=", "sale"), ("company_id", "=", env.company.id)], order="sequence, id", limit=1
    )
    if not journal:
        raise BenchDataError("No sales journal: install a chart of accounts (account does it by default).")
    lang_code = salespeople[:1].lang or env.lang or "en_US"  # what the salespeople's forms default to
    return _Config(
        company_id=env.company.id,
        currency_id=env.company.currency_id.id,
        lang_code=lang_code,
        lang_id=env["res.lang"]._get_data(code=lang_code).id,
        sales_team_id=team.id,
        salespeople=salespeople.ids,
        manager_id=manager.id,
        agent_ids=agents.ids,
        customer_pool=customer_pool,
        lead_pool=lead_pool,
        followup_stages=[(s.id, s.is_won, s.is_lost) for s in env["crm.smb.followup.stage"].search([])],
        channel_ids=env["crm.smb.followup.channel"].search([]).ids,
        source_ids=env["utm.source"].search([]).ids,
        lost_reason_ids=env["crm.lost.reason"].search([]).ids,
        pool_reason_ids=env["crm.smb.pool.reason"].search([]).ids,
        crm_open_stages=[
            (stage.id, round(100.0 * (rank + 1) / (len(open_stages) + 1), 2))
            for rank, stage in enumerate(open_stages)
        ],
        crm_won_stage_id=(crm_stages - open_stages)[:1].id,
        service=_service_setup(env, agents),
        invoicing={
            "journal_id": journal.id,
            "term": env.ref("account.account_payment_term_30days", raise_if_not_found=False),
        },
        models={name: env["ir.model"]._get_id(name) for name in ("res.partner", "crm.lead")},
        activity_type_id=env["crm.smb.followup"]._get_next_contact_activity_type().id,
    )


# ---------------------------------------------------------------------------
# The big tables
# ---------------------------------------------------------------------------
PARTNER_COLUMNS = (
    "id", "name", "complete_name", "commercial_partner_id", "commercial_company_name", "is_company", "type",
    "lang", "active", "partner_share", "color", "message_bounce", "supplier_rank", "customer_rank",
    "invoice_warn", "sale_warn", "autopost_bills", "email", "email_normalized", "phone", "mobile",
    "phone_sanitized", "city", "birthday", "birthday_md", "user_id", "followup_stage_id", "customer_level",
    "customer_level_id", "source_id", "last_followup_date", "next_contact_date", "pool_id", "pool_state",
    "date_claimed", "pool_entry_date", "previous_user_id", "pool_locked", "recycle_deadline",
    "recycle_rule_id", "recycle_warning_date", "calendar_last_notif_ack", "create_uid", "write_uid",
    "create_date", "write_date",
)  # fmt: skip
LEAD_COLUMNS = (
    "id", "name", "type", "active", "user_id", "team_id", "company_id", "stage_id", "partner_id",
    "partner_name", "contact_name", "email_from", "email_normalized", "email_domain_criterion", "email_state",
    "phone", "mobile", "phone_sanitized", "phone_state", "lang_id", "city", "priority", "color",
    "message_bounce", "probability", "automated_probability", "expected_revenue", "prorated_revenue",
    "recurring_revenue", "recurring_revenue_monthly", "recurring_revenue_monthly_prorated",
    "recurring_revenue_prorated", "date_open", "date_last_stage_update", "date_closed", "day_open",
    "day_close", "date_deadline", "lost_reason_id", "source_id", "last_followup_date", "next_contact_date",
    "pool_id", "pool_state", "date_claimed", "pool_entry_date", "previous_user_id", "pool_locked",
    "recycle_deadline", "recycle_rule_id", "recycle_warning_date", "create_uid", "write_uid", "create_date",
    "write_date",
)  # fmt: skip
FOLLOWUP_COLUMNS = (
    "id", "date", "partner_id", "lead_id", "user_id", "channel_id", "summary", "attitude",
    "next_contact_date", "next_action", "content", "stage_before_id", "stage_after_id", "next_activity_id",
    "editable_until", "company_id", "create_uid", "write_uid", "create_date", "write_date",
)  # fmt: skip
F_DATE, F_PARTNER, F_LEAD, F_USER, F_SUMMARY, F_NEXT_DATE, F_NEXT_ACTION = 1, 2, 3, 4, 6, 8, 9
F_STAGE_BEFORE, F_STAGE_AFTER, F_ACTIVITY = 11, 12, 13
ACTIVITY_COLUMNS = (
    "id", "res_model_id", "res_model", "res_id", "res_name", "activity_type_id", "user_id", "user_tz",
    "summary", "date_deadline", "automated", "active", "create_uid", "write_uid", "create_date", "write_date",
)  # fmt: skip
HISTORY_COLUMNS = (
    "id", "date", "pool_id", "pool_type", "partner_id", "lead_id", "action", "from_user_id", "to_user_id",
    "reason_id", "rule_id", "holding_days", "company_id", "create_uid", "write_uid", "create_date",
    "write_date",
)  # fmt: skip
REQUEST_COLUMNS = (
    "id", "number", "name", "partner_id", "type_id", "is_complaint", "priority", "channel", "description",
    "team_id", "user_id", "stage_id", "is_closed", "email_from", "date_received", "date_first_response",
    "date_resolved", "date_closed", "resolution", "root_cause", "corrective_action", "return_visit_date",
    "return_visit_result", "company_id", "color", "sla_id", "response_deadline", "resolution_deadline",
    "waiting_since", "response_status", "resolution_status", "sla_escalated", "access_token",
    "rating_last_value", "create_uid", "write_uid", "create_date", "write_date",
)  # fmt: skip
MOVE_COLUMNS = (
    "id", "name", "sequence_prefix", "sequence_number", "journal_id", "company_id", "currency_id",
    "move_type", "state", "auto_post", "date", "invoice_date", "invoice_date_due", "invoice_payment_term_id",
    "partner_id", "commercial_partner_id", "partner_shipping_id", "invoice_partner_display_name",
    "invoice_user_id", "team_id", "payment_reference", "payment_state", "invoice_currency_rate",
    "amount_untaxed", "amount_tax", "amount_total", "amount_residual", "amount_untaxed_signed",
    "amount_untaxed_in_currency_signed", "amount_tax_signed", "amount_total_signed",
    "amount_total_in_currency_signed", "amount_residual_signed", "is_storno", "always_tax_exigible",
    "checked", "posted_before", "made_sequence_gap", "is_manually_modified", "create_uid", "write_uid",
    "create_date", "write_date",
)  # fmt: skip


class _Dataset:
    """Generates the rows of the big tables, then writes them."""

    def __init__(self, env, config, scale, seed, now):
        from odoo.addons.iap.tools.iap_tools import mail_prepare_for_domain_search
        from odoo.addons.phone_validation.tools import phone_validation

        self.domain_criterion, self.phone_parse = mail_prepare_for_domain_search, phone_validation.phone_parse
        self.env, self.config, self.scale = env, config, scale
        self.level_ids = {level.code: level.id for level in env["crm.smb.customer.level"].search([])}
        self.rng = random.Random(seed)  # noqa: S311 - reproducible data, not secrets
        self.now = now
        self.today = now.replace(hour=0, minute=0, second=0, microsecond=0)  # the pool clock's origin
        self.start = REF - HISTORY
        self.customers, self.leads = [], []
        self.rows = {}  # table: its generated rows
        self.planted = {}
        self.customer_rule = config.customer_pool.rule_ids[:1]
        self.lead_rule = config.lead_pool.rule_ids[:1]
        self.last_assigned = {}
        self.tz = pytz.timezone(USER_TZ)
        self._editable_until = {}
        self._phone_cache = {}

    # -- shared pieces ---------------------------------------------------------------------
    def salesperson(self):
        return self.rng.choice(self.config.salespeople)

    def created(self, index, count):
        """Creation moment of the index-th of `count` records: spread over the history, in id order."""
        return _seconds(self.start + HISTORY * ((index + self.rng.random()) / count))

    def sanitized(self, model, *numbers):
        """phone_sanitized as mail.thread.phone computes it: the first number that formats."""
        for number in numbers:
            if number:
                if number not in self._phone_cache:
                    self._phone_cache[number] = self.env[model]._phone_format(number=number) or None
                if self._phone_cache[number]:
                    return self._phone_cache[number]
        return None

    def phone_state(self, number):
        """crm.lead phone_state: correct, incorrect, or empty when phone numbers are not checked."""
        if not number:
            return None
        try:
            return "correct" if self.phone_parse(number, None) else None
        except UserError:
            return "incorrect"

    def assign(self, record, in_pool):
        """Owner, or pool waiting state with the previous owner, of a customer or lead."""
        rng = self.rng
        if in_pool:
            record.pool_state = "pool"
            record.previous_user_id = self.salesperson() if rng.random() < 0.8 else None
            record.pool_entry_date = _between(rng, record.create_date, REF)
        else:
            record.user_id = self.salesperson()
            record.locked = rng.random() < LOCKED_SHARE

    def choose_due(self, records, exempt):
        """Claim dates: DUE_SHARE of the owned records are overdue, the others are not."""
        rng = self.rng
        owned = [r for r in records if r.pool_state == "owned" and getattr(r, "active", True)]
        for record in owned:
            record.exempt = exempt(record)
        eligible = [r for r in owned if not r.exempt]
        for record in rng.sample(eligible, min(round(DUE_SHARE * len(owned)), len(eligible))):
            record.due = True
        for record in owned:
            if record.due:
                latest = self.today - timedelta(days=DUE_CLAIM_DAYS[0])
                window = self.today - timedelta(days=DUE_CLAIM_DAYS[1])
                # claimed after its creation, unless created too late: then it was created earlier
                earliest = max(window, record.create_date) if record.create_date < latest else window
                record.date_claimed = _between(rng, earliest, latest)
            else:
                record.date_claimed = _between(
                    rng, self.today - timedelta(days=NOT_DUE_CLAIM_DAYS), self.today
                )
            record.create_date = min(record.create_date, record.date_claimed)
        return sum(r.due for r in owned)

    def deadline(self, record, rule):
        """(deadline, rule id, warning date) as _compute_recycle_deadline stores them (one rule a pool)."""
        if record.pool_state != "owned" or not record.user_id or record.exempt:
            return None, None, None
        deadline, _rule = rule._deadline_for(record)
        return deadline, rule.id, deadline - timedelta(days=rule.warning_days)

    # -- customers ---------------------------------------------------------------------------
    def stage_path(self):
        """Final follow-up stage of a customer, and the stages its follow-ups move it through."""
        rng = self.rng
        stages = self.config.followup_stages
        opened = [s for s, won, lost in stages if not won and not lost]
        won = [s for s, is_won, _lost in stages if is_won]
        lost = [s for s, _won, is_lost in stages if is_lost]
        draw = rng.random()
        if draw < 0.10 or not opened:
            return ()
        if draw < 0.67 or not won:
            return tuple(opened[: rng.randrange(len(opened)) + 1])
        if draw < 0.90 or not lost:
            return tuple(opened) + tuple(won[: rng.randrange(len(won)) + 1])
        return (*opened[: rng.randrange(len(opened)) + 1], lost[0])

    def new_customer(self, index, count, partner_id):
        rng, config = self.rng, self.config
        customer = _Customer(id=partner_id, create_date=self.created(index, count))
        customer.is_company = rng.random() < COMPANY_SHARE
        base, (city, area) = _company_base(index)
        customer.city = city
        if customer.is_company:
            customer.name = base + rng.choice(LEGAL_FORMS)
            customer.phone = customer.number = _landline(index, area)
            customer.mobile = _mobile(index) if rng.random() < 0.5 else None
            customer.email = f"info{index}@c{index}.example.cn"
        else:
            customer.name = _person_name(rng)
            customer.mobile = customer.number = _mobile(index)
            customer.phone = customer.mobile if rng.random() < 0.5 else None
            customer.email = f"u{index}@mail{index % 50}.example.com" if rng.random() < 0.7 else None
            if rng.random() < 0.3:
                customer.birthday = date(1960, 1, 1) + timedelta(days=rng.randrange(40 * 365))
        customer.level = rng.choices(("A", "B", "C", "D", None), (10, 25, 40, 15, 10))[0]
        customer.source_id = (
            rng.choice(config.source_ids) if config.source_ids and rng.random() < 0.6 else None
        )
        customer.path = self.stage_path()
        won_ids = {s for s, is_won, _lost in config.followup_stages if is_won}
        customer.won = bool(customer.path) and customer.path[-1] in won_ids
        return customer

    def plant_duplicate(self, customer, original):
        """Make `customer` look like `original`: the same company name or phone, written differently."""
        rng = self.rng
        if original.is_company and rng.random() < 0.5:
            customer.is_company = True
            base = (
                original.name.removesuffix("股份有限公司")
                .removesuffix("有限责任公司")
                .removesuffix("有限公司")
            )
            customer.name = rng.choice(
                (f"{base} 有限公司", f"（{base[:2]}）{base[2:]}股份有限公司", f"{base}公司")
            )
        else:
            customer.phone = _phone_variant(rng, original.number)

    def generate_customers(self):
        rng, count = self.rng, self.scale.customers
        first = _reserve_ids(self.env.cr, "res_partner", count)
        in_pool = set(rng.sample(range(count), round(count * CUSTOMER_POOL_SHARE)))
        duplicates = set(rng.sample(range(1, count), round(count * DUPLICATE_SHARE))) if count > 1 else set()
        for index in range(count):
            customer = self.new_customer(index, count, first + index)
            if index in duplicates:
                original = self.customers[rng.randrange(index)]
                self.plant_duplicate(customer, original)
                self.planted.setdefault("duplicate_pairs", []).append((customer.id, original.id))
            self.assign(customer, index in in_pool)
            customer.has_open_opportunity = (
                customer.pool_state == "owned" and rng.random() < OPEN_OPPORTUNITY_SHARE
            )
            self.customers.append(customer)
        rule = self.customer_rule
        self.planted["due_customers"] = self.choose_due(
            self.customers,
            lambda c: (
                (rule.exempt_locked and c.locked)
                or (rule.exempt_won and c.won)
                or (rule.exempt_open_opportunity and c.has_open_opportunity)
            ),
        )
        self.planted["pool_customers"] = len(in_pool)

    # -- leads -------------------------------------------------------------------------------
    def opportunity(self, customer, outcome):
        """An opportunity of `customer`: open, won or lost."""
        rng, config = self.rng, self.config
        lead = _Lead(partner=customer, lead_type="opportunity")
        lead.create_date = _between(rng, customer.create_date, REF)
        lead.user_id = customer.owner() or self.salesperson()
        lead.name = f"{rng.choice(LEAD_TOPICS)} - {customer.name}"
        lead.partner_name = customer.name if customer.is_company else None
        lead.contact_name = None if customer.is_company else customer.name
        lead.phone, lead.mobile, lead.email, lead.city = (
            customer.phone,
            customer.mobile,
            customer.email,
            customer.city,
        )
        lead.source_id = customer.source_id
        lead.expected_revenue = _amount(rng, 10, 1, 1_000)
        lead.stage_id, lead.probability = rng.choice(config.crm_open_stages)
        lead.date_deadline = (lead.create_date + timedelta(days=rng.randrange(30, 120))).date()
        if outcome == "won":
            lead.stage_id, lead.probability, lead.won = config.crm_won_stage_id, 100.0, True
        elif outcome == "lost":
            lead.active, lead.probability = False, 0.0
            lead.lost_reason_id = rng.choice(config.lost_reason_ids) if config.lost_reason_ids else None
        if outcome != "open":
            lead.date_closed = _between(
                rng, lead.create_date, min(lead.create_date + timedelta(days=90), REF)
            )
        return lead

    def pure_lead(self, index, count, in_pool):
        """A lead (or an opportunity) of a company that is not a customer yet."""
        rng, config = self.rng, self.config
        lead = _Lead(create_date=self.created(index, count))
        number = self.scale.customers + index  # names and phones no customer has
        base, (lead.city, area) = _company_base(number)
        lead.partner_name = base + rng.choice(LEGAL_FORMS)
        lead.contact_name = _person_name(rng)
        lead.name = f"{rng.choice(LEAD_TOPICS)} - {lead.partner_name}"
        lead.phone = _landline(number, area) if rng.random() < 0.6 else None
        lead.mobile = _mobile(number) if not lead.phone or rng.random() < 0.4 else None
        lead.email = f"{rng.choice(('info', 'sales', 'hr'))}{number}@l{number}.example.cn"
        lead.source_id = rng.choice(config.source_ids) if config.source_ids and rng.random() < 0.6 else None
        lead.priority = rng.choice("0001123")
        if rng.random() < 0.2:
            lead.lead_type = "opportunity"
            lead.stage_id, lead.probability = rng.choice(config.crm_open_stages)
            lead.expected_revenue = _amount(rng, 9.5, 1, 500)
        else:
            lead.stage_id = config.crm_open_stages[0][0]
        self.assign(lead, in_pool)
        return lead

    def generate_leads(self):
        rng = self.rng
        leads = [self.opportunity(c, "open") for c in self.customers if c.has_open_opportunity]
        leads += [self.opportunity(c, "won") for c in self.customers if c.won]
        lost = round(LOST_OPPORTUNITY_SHARE * len(self.customers)) if self.customers else 0
        leads += [self.opportunity(rng.choice(self.customers), "lost") for _n in range(lost)]
        rest = max(self.scale.leads - len(leads), 0)
        in_pool = set(rng.sample(range(rest), round(rest * LEAD_POOL_SHARE)))
        pure = [self.pure_lead(index, rest, index in in_pool) for index in range(rest)]
        for lead in rng.sample(pure, round(len(pure) * LEAD_DUPLICATE_SHARE)) if self.customers else ():
            customer = rng.choice(self.customers)
            lead.phone = _phone_variant(rng, customer.number)
        leads += pure
        leads.sort(key=lambda lead: lead.create_date)  # ids follow creation time, as in real life
        first = _reserve_ids(self.env.cr, "crm_lead", len(leads))
        for offset, lead in enumerate(leads):
            lead.id = first + offset
        self.leads = leads
        rule = self.lead_rule
        self.planted["due_leads"] = self.choose_due(
            leads, lambda lead: (rule.exempt_locked and lead.locked) or (rule.exempt_won and lead.won)
        )
        self.planted["pool_leads"] = len(in_pool)
        self.planted["lead_customer_duplicates"] = (
            round(len(pure) * LEAD_DUPLICATE_SHARE) if self.customers else 0
        )

    # -- follow-ups and their next-contact activities ------------------------------------------------
    def followup_targets(self):
        """A function drawing (customer, lead) for a follow-up: some records get many, some none."""
        rng = self.rng
        groups = [
            [(c, None) for c in self.customers],
            [(lead.partner, lead) for lead in self.leads if lead.partner],
            [(None, lead) for lead in self.leads if not lead.partner],
        ]
        for group in groups:
            rng.shuffle(group)
        groups = [group or next(g for g in groups if g) for group in groups]

        def draw():
            share = rng.random()
            group = (
                groups[0] if share < FOLLOWUP_TARGETS[0] else groups[1 if share < FOLLOWUP_TARGETS[1] else 2]
            )
            return group[int(len(group) * rng.random() ** 2)]

        return draw

    def editable_until(self, moment):
        """End of the salesperson's day the follow-up was logged, in UTC (_compute_editable_until)."""
        key = moment.replace(minute=moment.minute // 15 * 15, second=0)  # zones differ by quarters
        if key not in self._editable_until:
            local_day = pytz.utc.localize(moment).astimezone(self.tz).date()
            day_end = self.tz.localize(datetime.combine(local_day + timedelta(days=1), datetime.min.time()))
            self._editable_until[key] = day_end.astimezone(pytz.utc).replace(tzinfo=None)
        return self._editable_until[key]

    def raw_followups(self):
        """The follow-ups, by date.

        Each is [date, customer, lead, user, channel, summary, attitude, next date, next action, content].
        """
        rng, config = self.rng, self.config
        if not (self.customers or self.leads):
            return []
        draw = self.followup_targets()
        channels = config.channel_ids
        weights = [CHANNEL_WEIGHTS[n] if n < len(CHANNEL_WEIGHTS) else 5 for n in range(len(channels))]
        raw = []
        for _n in range(self.scale.followups):
            customer, lead = draw()
            target = lead or customer
            moment = _between(rng, target.create_date, REF)
            next_date = (
                (moment + timedelta(days=rng.randint(1, 21))).date()
                if rng.random() < NEXT_CONTACT_SHARE
                else None
            )
            raw.append(
                [
                    moment,
                    customer,
                    lead,
                    target.owner() or self.salesperson(),
                    rng.choices(channels, weights)[0],
                    rng.choice(FOLLOWUP_SUMMARIES),
                    rng.choice(ATTITUDES),
                    next_date,
                    rng.choice(NEXT_ACTIONS) if next_date and rng.random() < 0.3 else None,
                    "<p>客户反馈良好，继续跟进。</p>" if rng.random() < 0.2 else None,
                ]
            )
            if customer and not lead:
                customer.own_total += 1
        raw.sort(key=lambda row: row[0])  # ids follow the follow-up dates; ties keep their draw order
        return raw

    def replay(self, customer, lead):
        """(stage before, stage after) of the next follow-up, moving the customer along its path."""
        if customer is None or not customer.path:
            return None, None
        before = customer.stage
        if lead is None:
            customer.own_seen += 1
            step = math.ceil(customer.own_seen * len(customer.path) / customer.own_total) - 1
            customer.stage = customer.path[step]
        return before, customer.stage

    def generate_followups(self):
        config = self.config
        raw = self.raw_followups()
        for customer in self.customers:  # created in its first stage; without follow-ups, in its last
            customer.stage = (
                (customer.path[0] if customer.own_total else customer.path[-1]) if customer.path else None
            )
        first = _reserve_ids(self.env.cr, "crm_smb_followup", len(raw))
        rows = []
        for fid, (
            moment,
            customer,
            lead,
            user,
            channel,
            summary,
            attitude,
            next_date,
            action,
            html,
        ) in enumerate(raw, start=first):
            before, after = self.replay(customer, lead)
            row = [
                fid, moment, customer and customer.id, lead and lead.id, user, channel, summary, attitude,
                next_date, action, html, before, after, None, self.editable_until(moment), config.company_id,
                user, user, moment, moment,
            ]  # fmt: skip
            rows.append(row)
            if customer:
                customer.last_row = row
                if not lead:
                    customer.own_last_row = row
            if lead:
                lead.last_row = row
        for record in (*self.customers, *self.leads):
            if record.last_row:
                record.last_followup_date = record.last_row[F_DATE]
                record.next_contact_date = record.last_row[F_NEXT_DATE]
        self.rows["mail_activity"] = self.activities()
        self.rows["crm_smb_followup"] = [tuple(row) for row in rows]

    def activities(self):
        """The open next-contact activity of each customer and lead: its latest follow-up's, if planned.

        Earlier follow-ups' activities were marked done when the next follow-up was logged (done
        activities are deleted, their follow-ups keep no link).
        """
        config = self.config
        targets = [("res.partner", c, c.own_last_row) for c in self.customers]
        targets += [("crm.lead", lead, lead.last_row) for lead in self.leads]
        planned = [(model, record, row) for model, record, row in targets if row and row[F_NEXT_DATE]]
        first = _reserve_ids(self.env.cr, "mail_activity", len(planned))
        activities = []
        for activity_id, (model, record, row) in enumerate(planned, start=first):
            row[F_ACTIVITY] = activity_id
            summary = row[F_NEXT_ACTION] or f"Follow up: {row[F_SUMMARY]}"
            user, moment = row[F_USER], row[F_DATE]
            activities.append(
                (
                    activity_id, config.models[model], model, record.id, record.name, config.activity_type_id,
                    user, USER_TZ, summary, row[F_NEXT_DATE], False, True, user, user, moment, moment,
                )
            )  # fmt: skip
        return activities

    # -- rows of customers and leads ---------------------------------------------------------------
    def partner_row(self, c):
        pool = self.config.customer_pool
        deadline, rule_id, warning = self.deadline(c, self.customer_rule)
        email = email_normalize(c.email, strict=False) if c.email else None
        uid = c.owner() or SUPERUSER_ID
        return (
            c.id, c.name, c.name, c.id, c.name if c.is_company else None, c.is_company, "contact",
            self.config.lang_code, True, True, 0, 0, 0, c.invoice_count, "no-message", "no-message", "ask",
            c.email, email, c.phone, c.mobile, self.sanitized("res.partner", c.mobile, c.phone), c.city,
            c.birthday, c.birthday and c.birthday.strftime("%m-%d"), c.user_id, c.stage, c.level,
            self.level_ids.get(c.level), c.source_id,
            c.last_followup_date, c.next_contact_date, pool.id, c.pool_state, c.date_claimed,
            c.pool_entry_date, c.previous_user_id, c.locked or None, deadline, rule_id, warning,
            c.create_date, uid, uid,
            c.create_date, c.create_date,
        )  # fmt: skip

    def lead_row(self, lead):
        config = self.config
        deadline, rule_id, warning = self.deadline(lead, self.lead_rule)
        email = email_normalize(lead.email, strict=False) if lead.email else None
        probability = lead.probability
        uid = lead.owner() or SUPERUSER_ID
        opened = lead.create_date if lead.owner() else None
        return (
            lead.id, lead.name, lead.lead_type, lead.active, lead.user_id, config.sales_team_id,
            config.company_id, lead.stage_id, lead.partner and lead.partner.id, lead.partner_name,
            lead.contact_name, lead.email, email, self.domain_criterion(email) or None,
            ("correct" if email else "incorrect") if lead.email else None, lead.phone, lead.mobile,
            self.sanitized("crm.lead", lead.mobile, lead.phone), self.phone_state(lead.phone),
            config.lang_id if lead.partner else None, lead.city, lead.priority, 0, 0, probability,
            probability, lead.expected_revenue, round(lead.expected_revenue * (probability or 0) / 100.0, 2),
            0.0, 0.0, 0.0, 0.0, opened, lead.date_closed or lead.create_date, lead.date_closed, 0.0,
            float((lead.date_closed - lead.create_date).days) if lead.date_closed else 0.0,
            lead.date_deadline, lead.lost_reason_id, lead.source_id, lead.last_followup_date,
            lead.next_contact_date, config.lead_pool.id, lead.pool_state, lead.date_claimed,
            lead.pool_entry_date, lead.previous_user_id, lead.locked or None, deadline, rule_id, warning,
            uid, uid, lead.create_date,
            lead.date_closed or lead.create_date,
        )  # fmt: skip

    # -- pool history --------------------------------------------------------------------------
    def pool_history(self):
        """How each record got where it is: claimed or assigned, or released or recycled to its pool."""
        rng, config = self.rng, self.config
        entries = []
        for records, pool, rule_id in (
            (self.customers, config.customer_pool, self.customer_rule.id),
            (self.leads, config.lead_pool, self.lead_rule.id),
        ):
            for record in records:
                record_ids = (record.id, None) if pool.pool_type == "customer" else (None, record.id)
                if record.pool_state == "owned" and record.date_claimed:
                    action = rng.choice(("claim", "assign"))
                    moment, users = record.date_claimed, (None, record.user_id)
                    creator = record.user_id if action == "claim" else config.manager_id
                    reason = rule = None
                elif record.pool_state == "pool" and record.previous_user_id:
                    action = rng.choice(("recycle", "recycle", "release"))
                    moment, users = record.pool_entry_date, (record.previous_user_id, None)
                    creator = SUPERUSER_ID if action == "recycle" else record.previous_user_id
                    rule = rule_id if action == "recycle" else None
                    reason = (
                        rng.choice(config.pool_reason_ids)
                        if action == "release" and config.pool_reason_ids
                        else None
                    )
                else:
                    continue
                holding = round((moment - record.create_date).total_seconds() / 86400, 4)
                entries.append(
                    [moment, pool.id, pool.pool_type, *record_ids, action, *users, reason, rule, holding,
                     config.company_id, creator, creator, moment, moment]
                )  # fmt: skip
        entries.sort(key=lambda entry: entry[0])
        first = _reserve_ids(self.env.cr, "crm_smb_pool_history", len(entries))
        self.rows["crm_smb_pool_history"] = [(first + n, *entry) for n, entry in enumerate(entries)]

    # -- service requests ------------------------------------------------------------------------
    def sla_finder(self):
        """A function giving the SLA of a request, found by the module's own _compute_sla_id (cached)."""
        env, cache = self.env, {}
        requests, partners = env["crm.smb.service.request"], env["res.partner"]

        def find(team_id, type_id, priority, level):
            key = (team_id, type_id, priority, level)
            if key not in cache:
                partner = partners.new(
                    {"name": "x", "is_company": True, "customer_level_id": self.level_ids.get(level)}
                )
                request = requests.new(
                    {
                        "team_id": team_id,
                        "type_id": type_id,
                        "priority": priority,
                        "company_id": self.config.company_id,
                        "partner_id": partner,
                    }
                )
                sla = request.sla_id
                cache[key] = (sla.id or None, sla.response_hours, sla.resolution_hours)
            return cache[key]

        return find

    def sla_status(self, timeline, deadline, done_at, target_hours, waiting_since):
        """_sla_status_of, at the time of the load."""
        if not deadline:
            return None
        if done_at:
            return "met" if done_at <= deadline else "breached"
        if self.now >= deadline:
            return "breached"
        left = timeline.between(waiting_since or self.now, deadline)
        return "at_risk" if left <= self.config.service["at_risk_share"] * target_hours else "on_track"

    def request_progress(self, received, response_target, resolution_target):
        """(stage, first response, resolved, waiting since) of a request received at `received`."""
        rng, service = self.rng, self.config.service
        old = received < REF - timedelta(days=30)
        draw = rng.random()
        if draw < (0.88 if old else 0.40):
            stage = service["resolved"] if draw < (0.82 if old else 0.36) else service["cancelled"]
        else:
            stage = rng.choices((service["new"], service["progress"], service["waiting"]), (40, 40, 20))[0]
            stage = stage or service["new"]
        if stage == service["new"]:
            return stage, None, None, None
        first = min(_seconds(received + timedelta(hours=(response_target or 4) * rng.uniform(0.2, 2.5))), REF)
        if stage in service["closed"]:
            resolved = max(
                first, _seconds(received + timedelta(hours=(resolution_target or 24) * rng.uniform(0.3, 3)))
            )
            return stage, first, min(resolved, REF), None
        waiting = (
            _seconds(first + timedelta(hours=rng.uniform(1, 48))) if stage == service["waiting"] else None
        )
        return stage, first, None, waiting

    def generate_requests(self):
        rng, config, service = self.rng, self.config, self.config.service
        count = self.scale.service_requests if self.customers else 0
        teams = service["teams"]
        timelines = {
            team.id: _WorkTimeline(
                team.resource_calendar_id or self.env.company.resource_calendar_id,
                self.start - timedelta(days=1),
                max(self.now, REF) + timedelta(days=120),
            )
            for team in teams
        }
        members = {team.id: team._available_members().ids for team in teams}
        turns = dict.fromkeys(members, 0)
        find_sla = self.sla_finder()
        priorities = tuple(zip(*PRIORITY_WEIGHTS, strict=True))
        received = sorted(_between(rng, self.start, REF) for _n in range(count))
        first = _reserve_ids(self.env.cr, "crm_smb_service_request", count)
        rows = []
        for offset, moment in enumerate(received):
            customer = rng.choice(self.customers)
            team = rng.choice(teams)
            type_id, is_complaint = rng.choice(service["types"])
            priority = rng.choices(*priorities)[0]
            sla_id, response_hours, resolution_hours = find_sla(team.id, type_id, priority, customer.level)
            timeline = timelines[team.id]
            stage, responded, resolved, waiting = self.request_progress(
                moment, response_hours, resolution_hours
            )
            response_deadline = timeline.plan(moment, response_hours)
            resolution_deadline = timeline.plan(moment, resolution_hours)
            assignees = members[team.id]
            user = assignees[turns[team.id] % len(assignees)] if assignees else None
            turns[team.id] += 1
            closed = stage in service["closed"]
            channel = rng.choice(REQUEST_CHANNELS)
            subject = rng.choice(REQUEST_SUBJECTS)
            visited = (
                _seconds(resolved + timedelta(days=rng.uniform(1, 3)))
                if closed and rng.random() < 0.3
                else None
            )
            rows.append(
                (
                    first + offset, f"SR{moment.year}{offset + 1:05d}", subject, customer.id, type_id,
                    is_complaint, priority, channel, f"<p>{subject}</p>", team.id, user, stage, closed,
                    customer.email if channel == "email" else None, moment, responded, resolved, resolved,
                    "<p>已处理，客户确认。</p>" if closed else None,
                    "操作不当" if closed and is_complaint else None,
                    "加强培训" if closed and is_complaint else None, visited,
                    rng.choice(("satisfied", "neutral", "dissatisfied")) if visited else None,
                    config.company_id, 0, sla_id, response_deadline, resolution_deadline, waiting,
                    self.sla_status(timeline, response_deadline, responded, response_hours, waiting),
                    self.sla_status(timeline, resolution_deadline, resolved, resolution_hours, waiting),
                    False, str(uuid.UUID(int=rng.getrandbits(128), version=4)), 0.0, user or SUPERUSER_ID,
                    user or SUPERUSER_ID, moment, resolved or responded or moment,
                )
            )  # fmt: skip
        self.rows["crm_smb_service_request"] = rows
        self.last_assigned = {
            team_id: members[team_id][(turns[team_id] - 1) % len(members[team_id])]
            for team_id in members
            if members[team_id] and turns[team_id]
        }

    # -- customer invoices -------------------------------------------------------------------------
    def generate_invoices(self):
        """Posted customer invoices, without lines (see load's docstring), some paid or partly paid."""
        rng, config = self.rng, self.config
        invoiced = rng.sample(self.customers, round(len(self.customers) * self.scale.invoice_share))
        drafts = []
        for customer in invoiced:
            for _n in range(rng.randint(1, 3)):
                day = _between(rng, customer.create_date, REF).date()
                due = day + timedelta(days=30 if config.invoicing["term"] else 0)
                total = _amount(rng, 9, 1, 100)
                paid = rng.random()
                overdue_long = due < (REF - timedelta(days=60)).date()
                if paid < (0.70 if overdue_long else 0.20):
                    residual, state = 0.0, "paid"
                elif paid < (0.85 if overdue_long else 0.40):
                    residual, state = round(total * rng.uniform(0.1, 0.9), 2), "partial"
                else:
                    residual, state = total, "not_paid"
                drafts.append((day, due, customer, total, residual, state))
                customer.invoice_count += 1
        drafts.sort(key=lambda draft: draft[0])
        first = _reserve_ids(self.env.cr, "account_move", len(drafts))
        term = config.invoicing["term"]
        numbers = {}
        rows = []
        for offset, (day, due, customer, total, residual, state) in enumerate(drafts):
            numbers[day.year] = numbers.get(day.year, 0) + 1
            prefix = f"INV/{day.year}/"
            name = f"{prefix}{numbers[day.year]:05d}"
            user = customer.owner() or self.salesperson()
            created = datetime.combine(day, datetime.min.time()) + timedelta(hours=10)
            rows.append(
                (
                    first + offset, name, prefix, numbers[day.year], config.invoicing["journal_id"],
                    config.company_id, config.currency_id, "out_invoice", "posted", "no", day, day, due,
                    term.id if term else None, customer.id, customer.id, customer.id, customer.name, user,
                    config.sales_team_id, name, state, 1.0, total, 0.0, total, residual, total, total, 0.0,
                    total, total, residual, False, False, True, True, False, False, user, user, created,
                    created,
                )
            )  # fmt: skip
        self.rows["account_move"] = rows

    # -- writing ---------------------------------------------------------------------------------
    def tables(self):
        """(table, columns, rows) in the order the foreign keys need."""
        return (
            ("res_partner", PARTNER_COLUMNS, [self.partner_row(c) for c in self.customers]),
            ("crm_lead", LEAD_COLUMNS, [self.lead_row(lead) for lead in self.leads]),
            ("mail_activity", ACTIVITY_COLUMNS, self.rows["mail_activity"]),
            ("crm_smb_followup", FOLLOWUP_COLUMNS, self.rows["crm_smb_followup"]),
            ("crm_smb_pool_history", HISTORY_COLUMNS, self.rows["crm_smb_pool_history"]),
            ("crm_smb_service_request", REQUEST_COLUMNS, self.rows["crm_smb_service_request"]),
            ("account_move", MOVE_COLUMNS, self.rows["account_move"]),
        )

    def finish(self, tables):
        """Sequences past the new ids, service numbering and assignment turns, fresh statistics."""
        env = self.env
        for table in tables:
            env.cr.execute(
                SQL(
                    "SELECT setval(pg_get_serial_sequence(%s, 'id'), GREATEST((SELECT MAX(id) FROM %s), 1))",
                    table,
                    SQL.identifier(table),
                )
            )
        sequence = self.config.service["sequence"]
        if sequence and self.rows["crm_smb_service_request"]:
            sequence.number_next = len(self.rows["crm_smb_service_request"]) + 1
        for team in self.config.service["teams"]:
            if team.id in self.last_assigned:
                team.last_assigned_user_id = self.last_assigned[team.id]
        env.flush_all()
        for table in tables:
            env.cr.execute(SQL("ANALYZE %s", SQL.identifier(table)))
        env.invalidate_all()


def load(env, scale, seed=42, now=None):
    """Load the benchmark dataset of `scale` ("S", "M", "L" or a Scale) into `env`'s database.

    `env` is a superuser environment on a database where crm_smb_reports is installed without
    demo data, not loaded before. `now` (UTC, naive; default: the current time) sets the pool
    clock and the SLA statuses. Nothing is committed. Customer invoices are posted moves without
    lines: the payment collection analysis reads only account_move, and their amounts are stored;
    recomputing them (editing an invoice) would reset them to zero.

    Returns {"scale", "seed", "counts": {table: rows}, "planted": {...}, "seconds": {step: s},
    "total_seconds"}; "planted" tells what benchmarks can expect to find: the customers and leads
    due for recycling, those in the pools, and (customer, original) pairs of planted duplicates.
    """
    timer = _Timer()
    if isinstance(scale, str):
        if scale.upper() not in SCALES:
            raise BenchDataError(f"Unknown scale {scale!r}: use one of {', '.join(SCALES)}.")
        name, scale = scale.upper(), SCALES[scale.upper()]
    else:
        name = "custom"
    with timer.step("check and configure (ORM)"):
        _check_database(env)
        rng = random.Random(seed)  # noqa: S311 - reproducible data, not secrets
        config = _setup(env, scale, rng)
        env.flush_all()
    data = _Dataset(env, config, scale, seed, now or _utc_now())
    with timer.step("generate customers and leads"):
        data.generate_customers()
        data.generate_leads()
    with timer.step("generate follow-ups and activities"):
        data.generate_followups()
    with timer.step("generate pool history"):
        data.pool_history()
    with timer.step("generate service requests"):
        data.generate_requests()
    with timer.step("generate invoices"):
        data.generate_invoices()
    with timer.step("build customer and lead rows"):
        tables = data.tables()
        # Foreign-key checks run cached plans. The one of res_partner's self-reference
        # (commercial_partner_id) was planned during the configuration, on a nearly empty
        # table, as a sequential scan: kept, it makes loading the customers quadratic.
        env.cr.execute("DISCARD PLANS")
    counts = {"res_users": len(config.salespeople) + 1 + len(config.agent_ids)}
    for table, columns, rows in tables:
        with timer.step(f"copy {table}"):
            _copy(env.cr, table, columns, rows)
        counts[table] = len(rows)
    with timer.step("duplicate keys (the module's own fill)"):
        Key = env["crm.smb.duplicate.key"]
        for model in Key._keyed_models():
            Key._create_missing(model)
        counts["crm_smb_duplicate_key"] = Key.search_count([])
    with timer.step("settle computed lead fields (ORM)"):
        settle_leads(env)
    with timer.step("finish (sequences, analyze)"):
        data.finish([table for table in counts if table != "res_users"])
        env["ir.config_parameter"].sudo().set_param(MARKER_PARAM, name)
    planted = dict(data.planted, duplicate_pairs=data.planted.get("duplicate_pairs", [])[:20])
    return {
        "scale": name,
        "seed": seed,
        "counts": counts,
        "planted": planted,
        "seconds": timer.seconds,
        "total_seconds": timer.total(),
    }


def settle_leads(env, batch=5000):
    """Recompute, through the ORM, what crm derives from a lead's owner, team and stage.

    COPY wrote the rows; in a live database Odoo keeps the company, stage, probabilities and
    prorated revenues consistent with them. Left stale, the first change of owner would
    rewrite them all and be charged to whatever benchmark changed the owner.
    """
    Lead = env["crm.lead"].with_context(active_test=False, tracking_disable=True, mail_notrack=True)
    env.cr.execute("SELECT id FROM crm_lead ORDER BY id")
    ids = [row[0] for row in env.cr.fetchall()]
    for start in range(0, len(ids), batch):
        Lead.browse(ids[start : start + batch]).modified(["user_id"])
        Lead.env.flush_all()
        env.invalidate_all()


# ---------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------
def _database_exists(name):
    from odoo import sql_db

    with sql_db.db_connect("postgres").cursor() as cr:
        cr.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        found = bool(cr.fetchone())
    sql_db.close_db("postgres")
    return found


def create_database(conf, name):
    """Create `name` with the suite and base_automation (the recycling benchmark's rule), no demo data."""
    from tools import suite

    command = suite.install_command(
        suite.find_odoo(),
        conf,
        name,
        f"{TOP_MODULE},base_automation",
        "--without-demo=all",
        "--no-http",
        "--max-cron-threads=0",
        "--log-level=warn",
    )
    print(f"Creating {name}: installing {TOP_MODULE} and base_automation without demo data...", flush=True)
    subprocess.run(command, env=suite.odoo_environ(), check=True)


def _print_result(database, result):
    print(f"\nBenchmark dataset {result['scale']} (seed {result['seed']}) in {database}")
    print(f"  {'table':<28}{'rows':>12}")
    for table, count in result["counts"].items():
        print(f"  {table:<28}{count:>12,}")
    print(f"  {'step':<40}{'seconds':>10}")
    for step, seconds in result["seconds"].items():
        print(f"  {step:<40}{seconds:>10.2f}")
    print(f"  {'total':<40}{result['total_seconds']:>10.2f}")
    planted = {key: value for key, value in result["planted"].items() if key != "duplicate_pairs"}
    print("  planted: " + ", ".join(f"{key} {value:,}" for key, value in planted.items()))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--scale", required=True, type=str.upper, choices=sorted(SCALES))
    parser.add_argument("--database", required=True, help="created (without demo data) if it does not exist")
    parser.add_argument("--conf", default=str(DEFAULT_CONF), help="Odoo configuration file (%(default)s)")
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args(argv)
    os.environ["TZ"] = "UTC"  # as odoo-bin: the ORM's naive datetimes are UTC
    time.tzset()

    from odoo.modules.registry import Registry
    from odoo.tools import config

    config.parse_config(["-c", args.conf, "-d", args.database, "--log-level=warn"])
    if not _database_exists(args.database):
        create_database(args.conf, args.database)
    registry = Registry(args.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        try:
            result = load(env, args.scale, seed=args.seed)
        except BenchDataError as exc:
            cr.rollback()
            print(f"error: {exc}", file=sys.stderr)
            return 1
        cr.commit()
    _print_result(args.database, result)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))  # run as a script: the suite's tools are found from the project's top
    sys.exit(main())
