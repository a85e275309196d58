"""Benchmark fixtures: the benchmark database, timers and the results file.

`make bench` runs the tests marked `bench` here. The dataset (`datagen.py`) is loaded
once into its own database, `crm_smb_bench_<scale>` (scale from SMB_BENCH_SCALE:
S, M or L, default L), and kept for the next runs; benchmarks that change data put it
back. Each benchmark prints its table and merges its figures into
`.local/bench/results.json` with the machine it ran on.
"""

import contextlib
import json
import os
import platform
import statistics
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / ".local" / "bench" / "results.json"


def machine():
    """One line describing where the figures were measured."""
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.is_file():
        total_kb = int(meminfo.read_text().split("MemTotal:")[1].split()[0])
        memory = f", {total_kb / 1024 / 1024:.0f} GiB"
    cpu = platform.processor() or platform.machine()
    return f"{os.cpu_count()} cores ({cpu}){memory}, {platform.system()} {platform.release()}"


def timed(function, repeat=1):
    """Run `function` `repeat` times; return (median seconds, last result)."""
    durations = []
    result = None
    for _run in range(repeat):
        start = time.perf_counter()
        result = function()
        durations.append(time.perf_counter() - start)
    return statistics.median(durations), result


def check_target(scale, ok, message):
    """Targets are stated for scale L: there they fail the run, at S and M they are only reported."""
    if scale == "L":
        assert ok, message
    elif not ok:
        print(f"  (target missed at scale {scale}, enforced at L only: {message})")


def table(title, header, rows):
    """Print a plain-text table (the benchmark's report)."""
    cells = [[str(c) for c in header]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    print(f"\n{title}")
    for index, row in enumerate(cells):
        print("  " + "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
        if index == 0:
            print("  " + "  ".join("-" * width for width in widths))


@contextlib.contextmanager
def odoo_server(database, *options):
    """A real Odoo server on `database` (free port); yields (base URL, process)."""
    from tools import suite

    # Refused claims are logged as warnings: errors only.
    with suite.running_server(os.environ["SMB_ODOO_RC"], database, "--log-level=error", *options) as server:
        yield server


@pytest.fixture(scope="session")
def bench_scale():
    scale = os.environ.get("SMB_BENCH_SCALE", "L").upper()
    if scale not in ("S", "M", "L"):
        pytest.fail(f"SMB_BENCH_SCALE must be S, M or L, not {scale!r}.")
    return scale


@pytest.fixture(scope="session")
def results(bench_scale):
    """Figures of this run, merged into .local/bench/results.json at the end."""
    figures = {}
    yield figures
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    stored = json.loads(RESULTS.read_text()) if RESULTS.is_file() else {}
    for name, values in figures.items():
        stored[name] = {
            **values,
            "scale": bench_scale,
            "machine": machine(),
            "date": time.strftime("%Y-%m-%d %H:%M"),
        }
    RESULTS.write_text(json.dumps(stored, indent=2, sort_keys=True, default=str) + "\n")


@pytest.fixture(scope="session")
def bench_db(bench_scale, results):
    """(odoo, registry) of the benchmark database, created and loaded on first use."""
    rc = os.environ.get("SMB_ODOO_RC")
    if not rc:
        pytest.fail("Run the benchmarks through `make bench` (SMB_ODOO_RC is not set).")
    import odoo
    from odoo.modules.registry import Registry
    from odoo.service import db as db_service
    from odoo.tools import config

    from . import datagen

    name = f"crm_smb_bench_{bench_scale.lower()}"
    config.parse_config(["-c", rc, "-d", name, "--log-level=warn", "--max-cron-threads=0"])
    if not db_service.exp_db_exist(name):
        print(f"\nCreating the benchmark database {name} (install, then load scale {bench_scale}) ...")
        start = time.perf_counter()
        datagen.create_database(rc, name)
        installed = time.perf_counter() - start
        registry = Registry(name)
        with registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            report = datagen.load(env, bench_scale)
            cr.commit()
        results["dataset"] = {"install_seconds": round(installed, 1), **report}
    return odoo, Registry(name)


@pytest.fixture
def bench_env(bench_db):
    """A superuser environment on the benchmark database; the test commits or rolls back."""
    odoo, registry = bench_db
    with registry.cursor() as cr:
        yield odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        cr.rollback()
