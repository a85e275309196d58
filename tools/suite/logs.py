"""Reading Odoo's log: test results, skipped tests, errors and unexpected warnings."""

import re
import subprocess
from dataclasses import dataclass, field

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


@dataclass
class LogReport:
    tests_run: int = 0
    failed: int = 0
    errors: int = 0
    result_seen: bool = False
    skipped: list = field(default_factory=list)
    error_lines: list = field(default_factory=list)
    warning_lines: list = field(default_factory=list)
    started_by: dict = field(default_factory=dict)  # logger: tests started

    def started(self, prefix):
        """How many tests loggers under `prefix` said they started."""
        return sum(count for logger, count in self.started_by.items() if logger.startswith(prefix))

    def failed_tests(self):
        """The FAIL: / ERROR: lines of failed tests, and the skipped tests (counted as failed)."""
        return [
            LOG_LINE.match(line)["message"]
            for line in self.error_lines
            if LOG_LINE.match(line)["message"].startswith(("FAIL:", "ERROR:"))
        ] + self.skipped

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
        if level == "INFO" and message.startswith("Starting ") and ".tests." in logger:
            self.started_by[logger] = self.started_by.get(logger, 0) + 1
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


def echo_test_progress(match):
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
