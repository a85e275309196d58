"""What the suite needs besides Odoo: Python requirements and system packages."""

import hashlib
import os
import shutil
import subprocess
import sys

from .common import LOCAL, ROOT, say

REQUIREMENTS = ("requirements.txt", "requirements-dev.txt")
# OCA addons: published with a dependency on `odoo`, which is not on PyPI, so installed apart
# with --no-deps (Odoo being the prerequisite the suite detects).
OCA_REQUIREMENTS = "requirements-oca.txt"
# System packages the suite needs beyond Odoo: PDF rendering, browser tours,
# the PostgreSQL client library and the fonts that Chinese PDFs need.
SYSTEM_PACKAGES = {
    "wkhtmltopdf": "wkhtmltopdf",
    "chromium": "chromium",
    "pdftoppm": "poppler-utils",
    "fc-list": "fontconfig",
}
CJK_FONT_PACKAGE = "fonts-noto-cjk"


def _requirements_digest():
    digest = hashlib.sha256()
    for name in (*REQUIREMENTS, OCA_REQUIREMENTS):
        path = ROOT / name
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def missing_system_packages():
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
    missing = missing_system_packages()
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
    pip = [
        sys.executable,
        "-m",
        "pip",
        "install",
        "-q",
        "--disable-pip-version-check",
        "--root-user-action=ignore",
    ]
    say("Installing Python requirements ...")
    subprocess.run([*pip, *(arg for name in REQUIREMENTS for arg in ("-r", str(ROOT / name)))], check=True)
    say("Installing OCA addons ...")
    subprocess.run([*pip, "--no-deps", "-r", str(ROOT / OCA_REQUIREMENTS)], check=True)
    stamp.write_text(digest)
