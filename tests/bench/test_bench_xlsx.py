"""XLSX export at scale: our export route against Odoo's list export (/web/export/xlsx).

The same follow-ups (the first ``ROWS`` by id, or all of them at scale S) are exported with
the same columns by the sales manager, through a real server: each method gets its own Odoo
server (threaded, on the benchmark database), a small warm-up export, then the measured
download. Its peak memory is the server's VmHWM (reset through /proc/<pid>/clear_refs)
less its resident memory before the request. Targets: ≤ 0.5× the time and ≤ 0.2× the peak
memory growth of Odoo's export.

The manager's password is set (once) for the HTTP login; the export right Odoo's route
asks for (base.group_allow_export) is granted for the run and revoked after it, and the
login and device log rows the sessions write are deleted: the data is left as it was found.
"""

import json
import os
import re
import tempfile
from pathlib import Path

import openpyxl
import pytest
import requests

from odoo import Command
from odoo.tools import SQL

from .conftest import check_target, table, timed

pytestmark = pytest.mark.bench

ROWS = 100_000
WARM_UP_ROWS = 100
REPEAT = {"S": 2}  # measured downloads per method (the first gives the memory), 1 at M and L
TARGET_TIME = 0.5
TARGET_MEMORY = 0.2
MODEL = "crm.smb.followup"
LOGIN = "bench_manager"
PASSWORD = "bench_manager"  # noqa: S105 (set on the benchmark database only)
LOGS = {"res_users_log": "create_uid", "res_device_log": "user_id"}  # what a login and a session write
SERVER_START_SECONDS = 300
REQUEST_SECONDS = 1800
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class Server:
    """An Odoo server of its own on the benchmark database, and a session logged in to it."""

    def __init__(self, database, log_dir):
        self.database = database
        self.log = Path(log_dir) / f"odoo-{id(self)}.log"
        self.url = self.process = self._server = None
        self.session = requests.Session()
        self.csrf_token = None
        self.context = {}

    def __enter__(self):
        from tools import suite

        self._server = suite.running_server(
            os.environ["SMB_ODOO_RC"],
            self.database,
            "--workers=0",
            "--limit-time-real=0",  # a threaded server's defaults would stop the export
            "--limit-memory-soft=0",
            "--limit-memory-hard=0",
            "--log-level=warn",
            logfile=self.log,
            timeout=SERVER_START_SECONDS,
        )
        self.url, self.process = self._server.__enter__()
        try:
            self._login()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, *exc):
        self.session.close()
        self._server.__exit__(*exc)

    def _login(self):
        """Log in as the web client does: authenticate, then read the CSRF token from /web."""
        response = self.session.post(
            f"{self.url}/web/session/authenticate",
            json={
                "jsonrpc": "2.0",
                "method": "call",
                "params": {"db": self.database, "login": LOGIN, "password": PASSWORD},
            },
            timeout=120,
        )
        response.raise_for_status()
        info = response.json()
        assert "error" not in info, info.get("error")
        self.context = info["result"]["user_context"]
        page = self.session.get(f"{self.url}/web", timeout=120)
        page.raise_for_status()
        self.csrf_token = re.search(r'csrf_token: "([0-9a-f]+o[0-9]+)"', page.text).group(1)

    def log_tail(self, lines=30):
        return "\n".join(self.log.read_text().splitlines()[-lines:]) if self.log.is_file() else ""

    def memory(self):
        """(resident, peak resident) bytes of the server process."""
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        kib = dict(re.findall(r"^(VmRSS|VmHWM):\s+(\d+) kB", status, re.MULTILINE))
        return int(kib["VmRSS"]) * 1024, int(kib["VmHWM"]) * 1024

    def reset_peak(self):
        """Make the peak resident memory (VmHWM) the current one."""
        Path(f"/proc/{self.process.pid}/clear_refs").write_text("5")

    def download(self, path, form, target):
        """POST `form` to `path` and stream the answer into `target`; return its size."""
        with self.session.post(
            f"{self.url}{path}",
            data={**form, "csrf_token": self.csrf_token},
            stream=True,
            timeout=REQUEST_SECONDS,
        ) as response:
            if response.status_code != 200:
                pytest.fail(f"{path}: HTTP {response.status_code}\n{self.log_tail()}")
            assert response.headers["Content-Type"].startswith(XLSX_TYPE), response.headers["Content-Type"]
            size = 0
            with open(target, "wb") as file:
                for chunk in response.iter_content(1 << 20):
                    file.write(chunk)
                    size += len(chunk)
        return size


def _ours_form(ids, _columns, _context):
    return {"ids": ",".join(map(str, ids))}


def _odoo_form(ids, columns, context):
    """What the list view's export dialog posts (XLSX, not import-compatible, no grouping)."""
    return {
        "data": json.dumps(
            {
                "model": MODEL,
                "fields": columns,
                "ids": ids,
                "domain": [],
                "groupby": [],
                "context": context,
                "import_compat": False,
            }
        )
    }


METHODS = (  # label, route, form
    ("our export (crm_smb)", f"/crm_smb/xlsx/{MODEL}", _ours_form),
    ("Odoo list export (/web/export/xlsx)", "/web/export/xlsx", _odoo_form),
)


def _sheet_rows(path):
    """The rows of the workbook's first sheet, as tuples of values."""
    workbook = openpyxl.load_workbook(path, read_only=True)
    try:
        return list(workbook.worksheets[0].iter_rows(values_only=True))
    finally:
        workbook.close()


def _measure(server, route, form, target, repeat):
    """Time the download of `form` from `route`, and the server's peak memory during the first one."""
    server.reset_peak()
    before, _peak = server.memory()
    seconds, size = timed(lambda: server.download(route, form, target))
    _rss, peak = server.memory()
    for _run in range(repeat - 1):  # the time is the best of the runs, the memory the first run's
        seconds = min(seconds, timed(lambda: server.download(route, form, target))[0])
    return {"seconds": seconds, "rss_before": before, "peak": peak, "growth": peak - before, "size": size}


def _prepare_manager(env):
    """The sales manager, able to log in and to use Odoo's export; True if the right was granted here."""
    user = env["res.users"].search([("login", "=", LOGIN)])
    assert user, f"the dataset has no {LOGIN}"
    env.cr.execute("SELECT COALESCE(password, '') FROM res_users WHERE id = %s", [user.id])
    stored = env.cr.fetchone()[0]
    crypt = user._crypt_context()
    if not stored or not crypt.verify(PASSWORD, stored):
        # Stored as `_set_password` stores it, without the security e-mail a password change queues.
        user._set_encrypted_password(user.id, crypt.hash(PASSWORD))
    allow_export = env.ref("base.group_allow_export")
    granted = allow_export not in user.groups_id
    if granted:
        user.groups_id = [Command.link(allow_export.id)]
    env.cr.commit()
    return user, granted


def _log_marks(env):
    """The last id of each log table."""
    marks = {}
    for log in LOGS:
        env.cr.execute(SQL("SELECT COALESCE(MAX(id), 0) FROM %s", SQL.identifier(log)))
        marks[log] = env.cr.fetchone()[0]
    return marks


def _restore(env, user, granted, marks):
    """Revoke the export right if granted here; delete the manager's log rows written since `marks`."""
    env.cr.rollback()
    if granted:
        user.groups_id = [Command.unlink(env.ref("base.group_allow_export").id)]
    for log, user_column in LOGS.items():
        env.cr.execute(
            SQL(
                "DELETE FROM %s WHERE id > %s AND %s = %s",
                SQL.identifier(log),
                marks[log],
                SQL.identifier(user_column),
                user.id,
            )
        )
    env.cr.commit()


def test_xlsx_export_against_odoo_list_export(bench_env, bench_scale, results):
    env = bench_env
    total = env[MODEL].search_count([])
    ids = env[MODEL].search([], order="id", limit=ROWS).ids
    assert ids, "the dataset has no follow-ups"
    field_names = env[MODEL]._xlsx_fields
    repeat = REPEAT.get(bench_scale, 1)
    marks = _log_marks(env)
    user, granted = _prepare_manager(env)
    figures, summaries = {}, {}
    try:
        # The columns as the export dialog lists them for the manager: the same labels as ours.
        descriptions = env(user=user.id)[MODEL].fields_get(list(field_names), ["string", "type"])
        columns = [{"name": name, **descriptions[name]} for name in field_names]
        for column in columns:
            column["label"] = column.pop("string")
        labels = tuple(column["label"] for column in columns)
        env.cr.rollback()  # no transaction left open beside the servers
        with tempfile.TemporaryDirectory(prefix="bench_xlsx_") as tmp:
            for label, route, form in METHODS:
                target = Path(tmp) / f"{len(figures)}.xlsx"
                with Server(env.cr.dbname, tmp) as server:
                    server.download(route, form(ids[:WARM_UP_ROWS], columns, server.context), target)
                    payload = form(ids, columns, server.context)
                    figures[label] = _measure(server, route, payload, target, repeat)
                rows = _sheet_rows(target)
                assert rows[0] == labels, f"{label}: header {rows[0]}"
                assert len(rows) - 1 == len(ids), f"{label}: {len(rows) - 1} data rows for {len(ids)}"
                summaries[label] = [row[field_names.index("summary")] for row in rows[1:]]
    finally:
        _restore(env, user, granted, marks)

    ours, odoo = (figures[label] for label, _route, _form in METHODS)
    assert len(set(map(tuple, summaries.values()))) == 1, "both files hold the same follow-ups in order"
    time_ratio = ours["seconds"] / odoo["seconds"]
    memory_ratio = ours["growth"] / odoo["growth"]
    mib = 1024 * 1024
    table(
        f"XLSX export of {len(ids)} follow-ups (of {total}), {len(columns)} columns, as {LOGIN}"
        f" ({'best of ' + str(repeat) if repeat > 1 else 'one run'}; memory of the server process)",
        ("method", "seconds", "rows/s", "peak RSS MiB", "peak growth MiB", "file MiB"),
        [
            *(
                (
                    label,
                    f"{values['seconds']:.2f}",
                    f"{len(ids) / values['seconds']:.0f}",
                    f"{values['peak'] / mib:.0f}",
                    f"{values['growth'] / mib:.0f}",
                    f"{values['size'] / mib:.1f}",
                )
                for label, values in figures.items()
            ),
            ("ours / Odoo", f"{time_ratio:.2f}×", "", "", f"{memory_ratio:.2f}×", ""),
        ],
    )
    results["xlsx"] = {
        "rows": len(ids),
        "followups": total,
        "columns": list(field_names),
        "repeat": repeat,
        "ours": ours,
        "odoo": odoo,
        "time_ratio": time_ratio,
        "memory_ratio": memory_ratio,
    }
    check_target(bench_scale, time_ratio <= TARGET_TIME, f"{time_ratio:.2f}× the time of Odoo's export")
    check_target(
        bench_scale, memory_ratio <= TARGET_MEMORY, f"{memory_ratio:.2f}× the peak memory of Odoo's export"
    )
