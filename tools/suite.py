#!/usr/bin/env python3
"""Set up, run, test, lint and benchmark the CRM SMB addon suite.

The Makefile calls this script; it can also be called directly:

    python3 tools/suite.py {setup,run,test,lint,bench,pg-start,pg-stop,doctor}

It never contains, downloads or builds Odoo: it finds an installed Odoo 18.0
(an importable ``odoo`` package, or ``ODOO_PATH`` pointing at a source tree) and
a PostgreSQL server (the one that ``PG*`` variables or an ``odoo.conf`` point
to, or else a private cluster it starts under ``.local/pg``).
"""

import argparse
import configparser
import contextlib
import datetime
import hashlib
import importlib.util
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ADDONS_DIR = ROOT / "addons"
LOCAL = ROOT / ".local"
PG_DIR = LOCAL / "pg"
LOG_DIR = LOCAL / "logs"
DB_REGISTRY = LOCAL / "databases.json"

MODULES = ("crm_smb_followup", "crm_smb_service", "crm_smb_reports")
TOP_MODULE = "crm_smb_reports"
DEMO_DB = os.environ.get("SMB_DB", "crm_smb_demo")
DB_USER = "odoo"
REQUIREMENTS = ("requirements.txt", "requirements-dev.txt")
# System packages the suite needs beyond Odoo: PDF rendering, browser tours,
# the PostgreSQL client library and the fonts that Chinese PDFs need.
SYSTEM_PACKAGES = {
    "wkhtmltopdf": "wkhtmltopdf",
    "chromium": "chromium",
    "pdftoppm": "poppler-utils",
    "fc-list": "fontconfig",
}
CJK_FONT_PACKAGE = "fonts-noto-cjk"

GET_ODOO = """\
Get Odoo 18.0 in one of these ways, then run this command again:
  - official packages (deb/rpm) from nightly.odoo.com, 18.0 series: they install
    an `odoo` package importable by the system python3;
  - the official docker image: `docker compose -f docker/docker-compose.yml up`
    (see README.md, "Docker");
  - from source: git clone --depth 1 --branch 18.0 https://github.com/odoo/odoo
    ~/odoo18, install its requirements.txt into this python
    ({python}), then export ODOO_PATH=~/odoo18 (or add that
    folder to this python's path)."""

# Lines Odoo logs at WARNING level that are not defects of this suite.
# Each entry says why it is tolerated; anything else fails `make test`.
EXPECTED_WARNINGS = (
    # Odoo warns once per process when it cannot reach the internet for the
    # publisher warranty / IAP services; the machines here have no network.
    re.compile(r"odoo\.addons\.(iap|mail)\..*(Connection|getaddrinfo|Max retries)"),
    # Debian's wkhtmltopdf is built without the patched Qt: it ignores the header
    # spacing switch Odoo passes and says so; the PDF is still produced.
    re.compile(r"odoo\.addons\.base\.models\.ir_actions_report: .*unpatched qt"),
)

LOG_LINE = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (?P<level>DEBUG|INFO|WARNING|ERROR|CRITICAL|\?) "
    r"(?P<db>\S+) (?P<logger>[\w.]+): (?P<message>.*)$"
)
RESULT_LINE = re.compile(
    r"(?P<failed>\d+) failed, (?P<errors>\d+) error\(s\) of (?P<run>\d+) tests when loading database"
)
SKIP_LINE = re.compile(r"^skipped (?P<test>.+?) : (?P<reason>.*)$")


class SuiteError(Exception):
    """A problem the user has to fix; its text says how."""


def say(message=""):
    print(message, flush=True)


# ---------------------------------------------------------------------------
# Odoo discovery
# ---------------------------------------------------------------------------
@dataclass
class Odoo:
    root: Path  # folder that contains the `odoo` package
    version: str
    version_info: tuple
    from_odoo_path: bool

    @property
    def addons_paths(self):
        paths = [self.root / "odoo" / "addons"]
        if (self.root / "addons" / "web" / "__manifest__.py").is_file():
            paths.append(self.root / "addons")  # source tree layout
        return paths


def _read_release(release_py):
    namespace = {}
    code = compile(release_py.read_text(encoding="utf-8"), str(release_py), "exec")
    exec(code, namespace)  # noqa: S102 - Odoo's own release.py, constants only
    return namespace.get("version", "?"), tuple(namespace.get("version_info", ()))


def find_odoo(environ=None):
    """Return the installed Odoo 18.0, or raise SuiteError saying what was found."""
    environ = os.environ if environ is None else environ
    odoo_path = environ.get("ODOO_PATH")
    hint = GET_ODOO.format(python=sys.executable)
    if odoo_path:
        root = Path(odoo_path).expanduser().resolve()
        release_py = root / "odoo" / "release.py"
        if not release_py.is_file():
            raise SuiteError(
                f"ODOO_PATH={odoo_path} is not an Odoo source tree: {release_py} does not exist.\n{hint}"
            )
        from_odoo_path = True
    else:
        spec = importlib.util.find_spec("odoo")
        if spec is None or not spec.submodule_search_locations:
            raise SuiteError(
                f"Odoo was not found: `import odoo` fails in {sys.executable} "
                f"and ODOO_PATH is not set.\n{hint}"
            )
        package_dir = Path(next(iter(spec.submodule_search_locations)))
        release_py = package_dir / "release.py"
        if not release_py.is_file():
            raise SuiteError(
                f"The importable `odoo` at {package_dir} is not Odoo (it has no release.py).\n{hint}"
            )
        root = package_dir.parent
        from_odoo_path = False
    version, version_info = _read_release(release_py)
    if not version_info or version_info[0] != 18:
        raise SuiteError(f"Found Odoo {version} at {root}, but this suite needs Odoo 18.0.\n{hint}")
    return Odoo(root=root, version=version, version_info=version_info, from_odoo_path=from_odoo_path)


def odoo_command(odoo, *args):
    """The command line that runs Odoo's CLI (like odoo-bin) with `args`."""
    boot = (
        "import sys; "
        + (f"sys.path.insert(0, {str(odoo.root)!r}); " if odoo.from_odoo_path else "")
        + "from odoo.cli.command import main; main()"
    )
    return [sys.executable, "-c", boot, *args]


def odoo_script_command(odoo, *args):
    """Odoo's CLI run from a script file (odoo-bin, or the `odoo` console script).

    With --workers, Odoo starts its long-polling process by re-running sys.argv[0]:
    `python -c` (odoo_command) cannot be re-run, a script can.
    """
    for script in (odoo.root / "odoo-bin", Path(sys.executable).with_name("odoo")):
        if script.is_file():
            return [sys.executable, str(script), *args]
    return odoo_command(odoo, *args)


@contextlib.contextmanager
def running_server(conf, database, *options, logfile=None, timeout=300):
    """An Odoo server on `database` and a free local port, for tests and benchmarks.

    Yields (base URL, process); stops the server on exit. Its output goes to `logfile`
    (quoted when it fails to start) or is discarded.
    """
    import time
    import urllib.request

    odoo = find_odoo()
    port = free_port()
    command = odoo_script_command(
        odoo,
        "server",
        "-c",
        str(conf),
        "-d",
        database,
        f"--db-filter=^{database}$",
        "--http-interface=127.0.0.1",
        f"--http-port={port}",
        "--max-cron-threads=0",
        *options,
    )
    python_path = [str(odoo.root)] if odoo.from_odoo_path else []
    python_path += [os.environ["PYTHONPATH"]] if os.environ.get("PYTHONPATH") else []
    environ = odoo_environ({"PYTHONPATH": os.pathsep.join(python_path)} if python_path else None)
    url = f"http://127.0.0.1:{port}"
    with open(logfile or os.devnull, "ab") as log:
        process = subprocess.Popen(command, env=environ, stdin=subprocess.DEVNULL, stdout=log, stderr=log)
        try:
            deadline = time.monotonic() + timeout
            while True:
                try:
                    with urllib.request.urlopen(f"{url}/web/health", timeout=5):  # noqa: S310 - our server
                        break
                except OSError:
                    if process.poll() is not None or time.monotonic() > deadline:
                        tail = Path(logfile).read_text(errors="replace")[-3000:] if logfile else ""
                        state = "exited" if process.poll() is not None else "did not answer in time"
                        raise SuiteError(f"The Odoo server on {url} {state}.\n{tail}") from None
                    time.sleep(0.5)
            yield url, process
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def odoo_environ(extra=None):
    env = dict(os.environ)
    env["TZ"] = "UTC"  # what odoo-bin sets before anything else
    env.update(extra or {})
    return env


# ---------------------------------------------------------------------------
# PostgreSQL
# ---------------------------------------------------------------------------
@dataclass
class Database:
    """Connection parameters for Odoo (db_host, db_port, db_user, db_password)."""

    host: str = ""
    port: str = ""
    user: str = ""
    password: str = ""
    private: bool = False
    started_here: bool = False
    extra_conf: dict = field(default_factory=dict)

    def libpq_kwargs(self):
        kwargs = {"dbname": "postgres", "connect_timeout": 3}
        for key in ("host", "port", "user", "password"):
            if getattr(self, key):
                kwargs[key] = getattr(self, key)
        return kwargs

    def connect(self):
        import psycopg2  # Odoo's own dependency

        conn = psycopg2.connect(**self.libpq_kwargs())
        conn.autocommit = True
        return conn

    def effective_user(self):
        with contextlib.closing(self.connect()) as conn, conn.cursor() as cr:
            cr.execute("SELECT current_user")
            return cr.fetchone()[0]


def user_odoo_conf(environ=None):
    """The user's odoo.conf: $ODOO_RC, or odoo.conf at the project's top."""
    environ = os.environ if environ is None else environ
    candidate = environ.get("ODOO_RC") or str(ROOT / "odoo.conf")
    path = Path(candidate).expanduser()
    if not path.is_file():
        if environ.get("ODOO_RC"):
            raise SuiteError(f"ODOO_RC={candidate} does not exist.")
        return None, {}
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(path, encoding="utf-8")
    options = dict(parser["options"]) if parser.has_section("options") else {}
    return path, options


def configured_database(environ=None):
    """The server named by odoo.conf or the PG* variables (or libpq's default)."""
    environ = os.environ if environ is None else environ
    _path, options = user_odoo_conf(environ)

    def pick(option, variable):
        value = options.get(option)
        if value in (None, "", "False", "false"):
            value = environ.get(variable, "")
        return value or ""

    return Database(
        host=pick("db_host", "PGHOST"),
        port=pick("db_port", "PGPORT"),
        user=pick("db_user", "PGUSER"),
        password=pick("db_password", "PGPASSWORD"),
        extra_conf={k: v for k, v in options.items() if k in ("db_sslmode", "db_template")},
    )


def pg_bin(tool):
    found = shutil.which(tool)
    if found:
        return found
    candidates = sorted(
        Path("/usr/lib/postgresql").glob(f"*/bin/{tool}"),
        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
    )
    if candidates:
        return str(candidates[-1])
    raise SuiteError(
        f"No PostgreSQL server is reachable and the PostgreSQL server binaries ({tool}) are not installed.\n"
        "Either point PGHOST/PGPORT/PGUSER/PGPASSWORD (or an odoo.conf) at a server, or install the\n"
        "server binaries (Debian/Ubuntu: apt-get install postgresql) so a private cluster can be started."
    )


def _as_cluster_owner(cmd):
    """Run PostgreSQL tools as a non-root user: the server refuses to run as root.

    As root we run them as the `postgres` system user. The project may sit in a
    folder that user cannot traverse (a private temporary clone), so the
    process keeps only the capability to traverse directories.
    """
    if os.geteuid() != 0:
        return cmd
    try:
        import pwd

        pwd.getpwnam("postgres")
    except KeyError as exc:
        raise SuiteError(
            "Running as root, a private PostgreSQL cluster needs the `postgres` system user "
            "(created by the postgresql packages)."
        ) from exc
    return [
        "setpriv",
        "--reuid=postgres",
        "--regid=postgres",
        "--init-groups",
        "--inh-caps=+dac_read_search",
        "--ambient-caps=+dac_read_search",
        *cmd,
    ]


def _socket_dir():
    """Unix socket folder of the private cluster (short enough for a socket path)."""
    wanted = PG_DIR / "run"
    if len(str(wanted / ".s.PGSQL.5432")) < 100:
        return wanted
    digest = hashlib.sha256(str(ROOT).encode()).hexdigest()[:10]
    return Path("/tmp") / f"crm-smb-pg-{digest}"


def private_database():
    return Database(host=str(_socket_dir()), port="5432", user=DB_USER, private=True)


def private_cluster_running():
    data = PG_DIR / "data"
    if not (data / "PG_VERSION").is_file():
        return False
    result = subprocess.run(
        _as_cluster_owner([pg_bin("pg_ctl"), "status", "-D", str(data)]),
        capture_output=True,
        text=True,
        check=False,
    )
    return result.returncode == 0


def start_private_cluster():
    """Create (once) and start the private cluster; return its Database."""
    data = PG_DIR / "data"
    sock = _socket_dir()
    PG_DIR.mkdir(parents=True, exist_ok=True)
    sock.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        shutil.chown(PG_DIR, "postgres", "postgres")
        shutil.chown(sock, "postgres", "postgres")
    database = private_database()
    if private_cluster_running():
        return database
    if not (data / "PG_VERSION").is_file():
        say(f"Creating a private PostgreSQL cluster in {data} ...")
        subprocess.run(
            _as_cluster_owner(
                [
                    pg_bin("initdb"),
                    "-D",
                    str(data),
                    "-U",
                    DB_USER,
                    "--auth=trust",  # unix socket only, in a folder only we can reach
                    "-E",
                    "UTF8",
                    "--locale=C.UTF-8",
                ]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )
    options = f"-c listen_addresses='' -k {sock} -p 5432 -c fsync=off -c full_page_writes=off"
    result = subprocess.run(
        _as_cluster_owner(
            [
                pg_bin("pg_ctl"),
                "start",
                "-w",
                "-t",
                "60",
                "-D",
                str(data),
                "-l",
                str(PG_DIR / "postgresql.log"),
                "-o",
                options,
            ]
        ),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise SuiteError(
            f"Could not start the private PostgreSQL cluster in {data}:\n{result.stdout}{result.stderr}\n"
            f"See {PG_DIR / 'postgresql.log'}."
        )
    database.started_here = True
    say(f"Started the private PostgreSQL cluster ({data}, socket in {sock}).")
    return database


def stop_private_cluster(quiet=False):
    data = PG_DIR / "data"
    if not private_cluster_running():
        if not quiet:
            say("The private PostgreSQL cluster is not running.")
        return
    subprocess.run(
        _as_cluster_owner([pg_bin("pg_ctl"), "stop", "-w", "-m", "fast", "-D", str(data)]),
        check=True,
        stdout=subprocess.DEVNULL,
    )
    say("Stopped the private PostgreSQL cluster.")


def _explicitly_configured(environ=None):
    environ = os.environ if environ is None else environ
    _path, options = user_odoo_conf(environ)
    conf_keys = ("db_host", "db_port", "db_user", "db_password")
    return any(environ.get(v) for v in ("PGHOST", "PGPORT", "PGUSER", "PGPASSWORD")) or any(
        options.get(k) not in (None, "", "False", "false") for k in conf_keys
    )


def ensure_database_server():
    """Use the configured server if reachable, else the private cluster (started if needed)."""
    configured = configured_database()
    if not _explicitly_configured() and private_cluster_running():
        return private_database()
    try:
        user = configured.effective_user()
    except Exception as exc:  # noqa: BLE001 - any connection failure means "not reachable"
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        say(
            f"No PostgreSQL server reachable through odoo.conf/PG* variables ({reason}); "
            "using a private cluster."
        )
        return start_private_cluster()
    if user == "postgres":
        raise SuiteError(
            "The configured PostgreSQL server is reached as the `postgres` superuser, which Odoo refuses.\n"
            "Set PGUSER (or db_user in odoo.conf) to a role that may create databases."
        )
    say(f"Using the PostgreSQL server configured by odoo.conf/PG* variables (as {user}).")
    return configured


# ---------------------------------------------------------------------------
# Databases this project created (the only ones it ever drops or reuses)
# ---------------------------------------------------------------------------
def _registry_key(database):
    return "private" if database.private else f"{database.host or 'default'}:{database.port or '5432'}"


def created_databases(database):
    if not DB_REGISTRY.is_file():
        return set()
    data = json.loads(DB_REGISTRY.read_text(encoding="utf-8"))
    return set(data.get(_registry_key(database), []))


def _remember(database, name, present):
    LOCAL.mkdir(exist_ok=True)
    data = json.loads(DB_REGISTRY.read_text(encoding="utf-8")) if DB_REGISTRY.is_file() else {}
    names = set(data.get(_registry_key(database), []))
    names = names | {name} if present else names - {name}
    data[_registry_key(database)] = sorted(names)
    DB_REGISTRY.write_text(json.dumps(data, indent=2), encoding="utf-8")


def database_exists(database, name):
    with contextlib.closing(database.connect()) as conn, conn.cursor() as cr:
        cr.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
        return bool(cr.fetchone())


def drop_database(database, name):
    if name not in created_databases(database):
        raise SuiteError(f"Refusing to drop database {name!r}: this project did not create it.")
    with contextlib.closing(database.connect()) as conn, conn.cursor() as cr:
        cr.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = %s AND pid <> pg_backend_pid()",
            (name,),
        )
        cr.execute(f'DROP DATABASE IF EXISTS "{name}"')  # name is ours: [a-z0-9_] only
    _remember(database, name, present=False)
    filestore = LOCAL / "data" / "filestore" / name
    shutil.rmtree(filestore, ignore_errors=True)


# ---------------------------------------------------------------------------
# Odoo configuration file
# ---------------------------------------------------------------------------
def write_odoo_conf(odoo, database, purpose, http_port):
    """Write .local/odoo-<purpose>.conf from the user's odoo.conf and our paths."""
    user_conf_path, user_options = user_odoo_conf()
    addons = [str(ADDONS_DIR)] + [str(p) for p in odoo.addons_paths]
    for extra in (user_options.get("addons_path") or "").split(","):
        resolved = str(Path(extra.strip()).expanduser().resolve()) if extra.strip() else ""
        if resolved and resolved not in addons:
            addons.append(resolved)
    options = {k: v for k, v in user_options.items() if k not in ("addons_path", "db_name", "dbfilter")}
    options.update(
        {
            "addons_path": ",".join(addons),
            "data_dir": str(LOCAL / "data"),
            "http_port": str(http_port),
            "db_host": database.host or "False",
            "db_port": database.port or "False",
            "db_user": database.user or "False",
            "db_password": database.password or "False",
            "list_db": "False",
        }
    )
    parser = configparser.ConfigParser(interpolation=None)
    parser["options"] = options
    LOCAL.mkdir(exist_ok=True)
    path = LOCAL / f"odoo-{purpose}.conf"
    with path.open("w", encoding="utf-8") as handle:
        if user_conf_path:
            handle.write(f"; generated by tools/suite.py from {user_conf_path}\n")
        else:
            handle.write("; generated by tools/suite.py\n")
        parser.write(handle)
    os.chmod(path, 0o600)
    return path


def free_port():
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# ---------------------------------------------------------------------------
# Setup
# ---------------------------------------------------------------------------
def _requirements_digest():
    digest = hashlib.sha256()
    for name in REQUIREMENTS:
        path = ROOT / name
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _missing_system_packages():
    missing = [pkg for tool, pkg in SYSTEM_PACKAGES.items() if not shutil.which(tool)]
    if shutil.which("fc-list"):
        fonts = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True, check=False).stdout
        if not fonts.strip():
            missing.append(CJK_FONT_PACKAGE)
    return missing


def setup(force=False):
    """Install what the suite needs besides Odoo: Python requirements, system packages."""
    stamp = LOCAL / "setup.stamp"
    digest = _requirements_digest()
    missing = _missing_system_packages()
    if not force and stamp.is_file() and stamp.read_text() == digest and not missing:
        return
    LOCAL.mkdir(exist_ok=True)
    if missing:
        if os.geteuid() == 0 and shutil.which("apt-get"):
            say(f"Installing system packages: {' '.join(missing)}")
            env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
            subprocess.run(["apt-get", "update", "-q"], check=True, env=env, stdout=subprocess.DEVNULL)
            subprocess.run(
                ["apt-get", "install", "-y", "-q", "--no-install-recommends", *missing],
                check=True,
                env=env,
                stdout=subprocess.DEVNULL,
            )
        else:
            say(
                f"Warning: missing system packages: {' '.join(missing)}. Install them with your package "
                "manager (browser tours need chromium, PDF reports need wkhtmltopdf)."
            )
    args = [
        sys.executable,
        "-m",
        "pip",
        "install",
        "-q",
        "--disable-pip-version-check",
        "--root-user-action=ignore",
    ]
    for name in REQUIREMENTS:
        args += ["-r", str(ROOT / name)]
    say("Installing Python requirements ...")
    subprocess.run(args, check=True)
    stamp.write_text(digest)


# ---------------------------------------------------------------------------
# Odoo log checking
# ---------------------------------------------------------------------------
@dataclass
class LogReport:
    tests_run: int = 0
    failed: int = 0
    errors: int = 0
    result_seen: bool = False
    skipped: list = field(default_factory=list)
    error_lines: list = field(default_factory=list)
    warning_lines: list = field(default_factory=list)

    def feed(self, line):
        match = LOG_LINE.match(line)
        if not match:
            return
        level, logger, message = match["level"], match["logger"], match["message"]
        result = RESULT_LINE.search(message)
        if result and logger == "odoo.tests.result":
            self.result_seen = True
            self.failed = int(result["failed"])
            self.errors = int(result["errors"])
            self.tests_run = int(result["run"])
            return
        skip = SKIP_LINE.match(message)
        if skip:
            self.skipped.append(f"{skip['test']}: {skip['reason']}")
            return
        if level in ("ERROR", "CRITICAL"):
            self.error_lines.append(line)
        elif level == "WARNING" and not any(p.search(f"{logger}: {message}") for p in EXPECTED_WARNINGS):
            self.warning_lines.append(line)

    @property
    def passed(self):
        return max(self.tests_run - self.failed - self.errors - len(self.skipped), 0)

    def failures(self):
        """(count, reasons) of everything that makes the Odoo run fail."""
        reasons = []
        count = self.failed + self.errors
        if self.failed or self.errors:
            reasons.append(f"Odoo's test runner: {self.failed} failed, {self.errors} error(s)")
        if self.skipped:
            # A skipped test is a test that did not run: a tour without Chromium
            # or websocket-client would otherwise look green.
            count += len(self.skipped)
            reasons.append(f"{len(self.skipped)} skipped test(s), counted as failed:")
            reasons.extend(f"    {s}" for s in self.skipped)
        if not self.result_seen:
            count += 1
            reasons.append("Odoo ended without reporting test results (installation failed?)")
        if self.error_lines and not (self.failed or self.errors):
            count += 1
            reasons.append(f"{len(self.error_lines)} ERROR line(s) in Odoo's log outside any failed test")
        if self.warning_lines:
            count += 1
            reasons.append(f"{len(self.warning_lines)} unexpected WARNING line(s) in Odoo's log")
        return count, reasons


def run_logged(cmd, log_path, env, echo):
    """Run `cmd`, write all its output to log_path, echo selected lines; return (rc, LogReport)."""
    report = LogReport()
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("w", encoding="utf-8") as log:
        proc = subprocess.Popen(
            cmd,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            env=env,
            text=True,
            encoding="utf-8",
            errors="replace",
            bufsize=1,
        )
        showing_traceback = False
        for raw in proc.stdout:
            log.write(raw)
            line = raw.rstrip("\n")
            report.feed(line)
            match = LOG_LINE.match(line)
            if match:
                showing_traceback = match["level"] in ("ERROR", "CRITICAL", "WARNING")
                if echo(match):
                    print(line, flush=True)
            elif showing_traceback:
                print(line, flush=True)
        rc = proc.wait()
    return rc, report


def _echo_test_progress(match):
    if match["level"] in ("WARNING", "ERROR", "CRITICAL"):
        return True
    message = match["message"]
    return (
        match["logger"] in ("odoo.tests.result", "odoo.tests.stats")
        or (
            message.startswith(("Starting ", "skipped "))
            and match["logger"].startswith("odoo.addons.crm_smb")
        )
        or ("running" in message and match["logger"] == "odoo.modules.module")
        or (match["logger"] == "odoo.modules.loading" and "modules loaded" in message)
    )


# ---------------------------------------------------------------------------
# Commands
# ---------------------------------------------------------------------------
def lint():
    """ruff (lint + format check) and pylint-odoo; return True when clean."""
    ok = True
    targets = ["addons", "tests", "tools"]
    steps = [
        ("ruff check", [sys.executable, "-m", "ruff", "check", *targets]),
        ("ruff format", [sys.executable, "-m", "ruff", "format", "--check", *targets]),
        (
            "pylint-odoo",
            [
                sys.executable,
                "-m",
                "pylint",
                "--rcfile",
                str(ROOT / ".pylintrc"),
                *[str(ADDONS_DIR / m) for m in MODULES],
            ],
        ),
        (
            "oca-checks-odoo-module",
            [
                sys.executable,
                "-c",
                "import sys; from oca_pre_commit_hooks.cli import main; sys.exit(main())",
                "--config",
                str(ROOT / ".oca_hooks.cfg"),
                *[str(ADDONS_DIR / m) for m in MODULES],
            ],
        ),
    ]
    for name, cmd in steps:
        say(f"== {name}")
        result = subprocess.run(cmd, cwd=ROOT, check=False)
        if result.returncode != 0:
            say(f"-- {name} failed")
            ok = False
    say("lint: ok" if ok else "lint: FAILED")
    return ok


def run(extra_args):
    odoo = find_odoo()
    setup()
    database = ensure_database_server()
    conf = write_odoo_conf(odoo, database, "run", http_port=int(os.environ.get("SMB_HTTP_PORT", "8069")))
    env = odoo_environ()
    log_dir = LOG_DIR
    exists = database_exists(database, DEMO_DB)
    if exists and DEMO_DB not in created_databases(database):
        raise SuiteError(
            f"A database named {DEMO_DB!r} exists on this server but was not created by this project; "
            "it is left alone. Choose another name with SMB_DB=<name> make run."
        )
    if not exists:
        say(f"Creating database {DEMO_DB!r} with the suite and demo data (takes a few minutes) ...")
        _remember(database, DEMO_DB, present=True)
        cmd = odoo_command(
            odoo,
            "server",
            "-c",
            str(conf),
            "-d",
            DEMO_DB,
            "-i",
            TOP_MODULE,
            "--load-language=zh_CN",
            "--stop-after-init",
            "--no-http",
        )
        rc, report = run_logged(
            cmd, log_dir / "install-demo.log", env, lambda m: m["level"] in ("ERROR", "CRITICAL")
        )
        if rc != 0 or report.error_lines:
            with contextlib.suppress(SuiteError):
                drop_database(database, DEMO_DB)
            raise SuiteError(f"Installing the suite failed; see {log_dir / 'install-demo.log'}.")
    port = int(os.environ.get("SMB_HTTP_PORT", "8069"))
    say("")
    say(f"Odoo with the CRM SMB suite: http://localhost:{port}/web/login  (database {DEMO_DB})")
    say("Demo logins (user / password):")
    for login, role in DEMO_LOGINS:
        say(f"  {login:<12} / {login:<12} {role}")
    say("Stop with Ctrl-C.")
    say("")
    cmd = odoo_command(
        odoo, "server", "-c", str(conf), "-d", DEMO_DB, f"--db-filter=^{DEMO_DB}$", *extra_args
    )
    proc = subprocess.Popen(cmd, env=env)
    signal.signal(signal.SIGTERM, _interrupt)  # stop Odoo (and the cluster) on SIGTERM too
    try:
        return proc.wait()
    except KeyboardInterrupt:
        proc.send_signal(signal.SIGINT)
        return proc.wait()
    finally:
        if database.started_here:
            stop_private_cluster(quiet=True)


def _interrupt(_signum, _frame):
    raise KeyboardInterrupt


DEMO_LOGINS = (
    ("admin", "administrator"),
    ("manager", "sales manager (王经理)"),
    ("sales1", "salesperson (李娜)"),
    ("sales2", "salesperson (张伟)"),
    ("sales3", "salesperson (陈静)"),
    ("service", "service agent (赵磊)"),
)


def _run_pytest(database_name, conf, junit, marker):
    """Run suite-level tests; return (passed, failed)."""
    env = odoo_environ({"SMB_ODOO_RC": str(conf), "SMB_TEST_DB": database_name or ""})
    cmd = [
        sys.executable,
        "-m",
        "pytest",
        str(ROOT / "tests"),
        "-p",
        "no:cacheprovider",
        "-m",
        marker,
        f"--junitxml={junit}",
        "-q",
        *(["-s"] if marker == "bench" else []),  # benchmarks print their tables
    ]
    rc = subprocess.run(cmd, cwd=ROOT, env=env, check=False).returncode
    if rc == 5:
        # pytest's "no tests collected": neither a pass nor a failure.
        say("pytest collected no suite-level tests.")
        return 0, 0
    passed = failed = 0
    if junit.is_file():
        import xml.etree.ElementTree as ET

        root = ET.parse(junit).getroot()
        suites = [root] if root.tag == "testsuite" else list(root)
        for suite in suites:
            tests = int(suite.get("tests", 0))
            bad = int(suite.get("failures", 0)) + int(suite.get("errors", 0)) + int(suite.get("skipped", 0))
            passed += tests - bad
            failed += bad
    if rc != 0 and failed == 0:
        failed = 1  # pytest itself failed (usage error, crash, interrupted)
    return passed, failed


def test():
    """Lint, install the suite into a fresh database with tests, run suite tests."""
    start = datetime.datetime.now()
    odoo = find_odoo()
    setup()
    failures = []
    passed = failed = 0
    if not lint():
        failed += 1
        failures.append("make lint failed")
    database = ensure_database_server()
    name = f"crm_smb_test_{start:%Y%m%d_%H%M%S}"
    conf = write_odoo_conf(odoo, database, "test", http_port=free_port())
    env = odoo_environ()
    log_path = LOG_DIR / f"{name}.log"
    try:
        _remember(database, name, present=True)
        tags = ",".join(f"/{m}" for m in MODULES)
        cmd = odoo_command(
            odoo,
            "server",
            "-c",
            str(conf),
            "-d",
            name,
            "-i",
            TOP_MODULE,
            "--test-enable",
            f"--test-tags={tags}",
            "--stop-after-init",
            "--max-cron-threads=0",
        )
        say(f"== Odoo: installing {TOP_MODULE} and its dependencies into {name} with tests (log: {log_path})")
        rc, report = run_logged(cmd, log_path, env, _echo_test_progress)
        count, reasons = report.failures()
        if rc != 0 and not count:
            count, reasons = 1, [f"Odoo exited with status {rc}"]
        passed += report.passed
        failed += count
        failures.extend(f"Odoo: {r}" for r in reasons)
        say(f"Odoo: {report.passed} passed, {count} failed")

        say("== Suite-level tests (pytest tests/)")
        junit = LOCAL / "pytest-junit.xml"
        junit.unlink(missing_ok=True)
        p_passed, p_failed = _run_pytest(name, conf, junit, "not bench")
        passed += p_passed
        failed += p_failed
        if p_failed:
            failures.append(f"pytest: {p_failed} failed")
    finally:
        if os.environ.get("SMB_KEEP_DB"):
            say(f"Keeping database {name} (SMB_KEEP_DB is set).")
        else:
            with contextlib.suppress(Exception):
                drop_database(database, name)
        if database.started_here:
            stop_private_cluster(quiet=True)
    elapsed = datetime.datetime.now() - start
    say("")
    for reason in failures:
        say(f"FAILED: {reason}")
    say(f"Total time: {int(elapsed.total_seconds())} s")
    say(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


def bench():
    odoo = find_odoo()
    setup()
    database = ensure_database_server()
    conf = write_odoo_conf(odoo, database, "bench", http_port=free_port())
    try:
        junit = LOCAL / "bench-junit.xml"
        junit.unlink(missing_ok=True)
        passed, failed = _run_pytest(None, conf, junit, "bench")
    finally:
        if database.started_here:
            stop_private_cluster(quiet=True)
    say(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


def doctor():
    odoo = find_odoo()
    say(f"Odoo {odoo.version} at {odoo.root} ({'ODOO_PATH' if odoo.from_odoo_path else 'importable'})")
    say(f"Python: {sys.executable}")
    missing = _missing_system_packages()
    say(f"System packages missing: {' '.join(missing) if missing else 'none'}")
    say(f"Private cluster running: {private_cluster_running()}")
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("setup", help="install Python requirements and system packages")
    sub.add_parser(
        "run", help="serve the demo database on http://localhost:8069 (extra arguments go to Odoo)"
    )
    sub.add_parser("test", help="lint, then install the suite with tests in a fresh database")
    sub.add_parser("lint", help="ruff and pylint-odoo")
    sub.add_parser("bench", help="run the benchmarks in tests/bench")
    sub.add_parser("pg-start", help="start the private PostgreSQL cluster")
    sub.add_parser("pg-stop", help="stop the private PostgreSQL cluster")
    sub.add_parser("doctor", help="show what was found")
    args, extra = parser.parse_known_args(argv)
    if extra and args.command != "run":
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    try:
        if args.command == "setup":
            setup(force=True)
            return 0
        if args.command == "run":
            return run(extra)
        if args.command == "test":
            return test()
        if args.command == "lint":
            return 0 if lint() else 1
        if args.command == "bench":
            return bench()
        if args.command == "pg-start":
            start_private_cluster()
            return 0
        if args.command == "pg-stop":
            stop_private_cluster()
            return 0
        if args.command == "doctor":
            return doctor()
    except SuiteError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 1


if __name__ == "__main__":
    sys.exit(main())
