"""The PostgreSQL server: the configured one, or a private cluster under .local/pg; and the
databases this project created (the only ones it ever drops or reuses)."""

import contextlib
import hashlib
import json
import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from .common import DB_REGISTRY, DB_USER, LOCAL, PG_DIR, ROOT, SuiteError, say
from .config import user_odoo_conf


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


def _registry_key(database):
    return "private" if database.private else f"{database.host or 'default'}:{database.port or '5432'}"


def created_databases(database):
    if not DB_REGISTRY.is_file():
        return set()
    data = json.loads(DB_REGISTRY.read_text(encoding="utf-8"))
    return set(data.get(_registry_key(database), []))


def remember_database(database, name, present):
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
    remember_database(database, name, present=False)
    filestore = LOCAL / "data" / "filestore" / name
    shutil.rmtree(filestore, ignore_errors=True)
