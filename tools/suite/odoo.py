"""Finding the installed Odoo 18.0 and running it."""

import contextlib
import importlib.util
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from .common import SuiteError
from .config import free_port

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
    return _python_command(odoo, "from odoo.cli.command import main; main()", *args)


def _python_command(odoo, code, *args):
    """The command line that runs `code` in a Python that imports this Odoo."""
    boot = "import sys; " + (f"sys.path.insert(0, {str(odoo.root)!r}); " if odoo.from_odoo_path else "")
    return [sys.executable, "-c", boot + code, *args]


def create_database_command(odoo, conf, database, lang, country_code):
    """The command line that creates `database` as Odoo's database manager does, with demo
    data, `lang` and a main company in `country_code` (its currency and country: installed
    afterwards, accounting then takes that country's chart and currency)."""
    return _python_command(
        odoo,
        f"from odoo.tools import config; config.parse_config(['-c', {str(conf)!r}]); "
        "from odoo.service import db; "
        f"db._create_empty_database({database!r}); "
        f"db._initialize_db(None, {database!r}, True, {lang!r}, 'admin', 'admin', {country_code!r})",
    )


def install_command(odoo, conf, database, modules, *options):
    """The command line that installs `modules` into `database` and stops: the one used to create
    the demo database, the test database and the benchmarks' databases."""
    return odoo_command(
        odoo, "server", "-c", str(conf), "-d", database, "-i", modules, "--stop-after-init", *options
    )


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
