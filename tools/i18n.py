#!/usr/bin/env python3
"""Keep each addon's i18n/<module>.pot and i18n/zh_CN.po in step.

    python3 tools/i18n.py export DB [MODULE ...]   # .pot from a database that has the modules
    python3 tools/i18n.py merge [MODULE ...]       # add new msgids of the .pot to zh_CN.po (translated
                                                   # from the suite's other modules), drop stale ones
    python3 tools/i18n.py missing [MODULE ...]     # untranslated msgids of zh_CN.po (exit 1 if any)

`export` runs Odoo's own exporter (``--i18n-export``) with the suite's
configuration (.local/odoo-dev.conf, written by tools/suite).
"""

import subprocess
import sys
from pathlib import Path

import polib

sys.path.insert(0, str(Path(__file__).resolve().parent))
import suite


def _modules(args):
    return args or list(suite.MODULES)


def export(db, modules):
    odoo = suite.find_odoo()
    database = suite.ensure_database_server()
    conf = suite.write_odoo_conf(odoo, database, "dev", http_port=suite.free_port())
    for module in modules:
        pot = suite.ADDONS_DIR / module / "i18n" / f"{module}.pot"
        cmd = suite.odoo_command(
            odoo,
            "server",
            "-c",
            str(conf),
            "-d",
            db,
            f"--i18n-export={pot}",
            f"--modules={module}",
            "--stop-after-init",
        )
        subprocess.run(cmd, check=True, env=suite.odoo_environ(), stdout=subprocess.DEVNULL)
        print(f"exported {pot}")


def _translations(module):
    po_path = suite.ADDONS_DIR / module / "i18n" / "zh_CN.po"
    old = polib.pofile(str(po_path)) if po_path.is_file() else polib.POFile()
    return {(e.msgctxt, e.msgid): e.msgstr for e in old if e.msgstr}


def merge(modules):
    # A string moved from one of the suite's modules to another keeps its translation.
    suite_known = {}
    for module in suite.MODULES:
        suite_known.update(_translations(module))
    for module in modules:
        i18n = suite.ADDONS_DIR / module / "i18n"
        pot = polib.pofile(str(i18n / f"{module}.pot"))
        po_path = i18n / "zh_CN.po"
        known = {**suite_known, **_translations(module)}
        new = polib.POFile(wrapwidth=78)
        new.metadata = dict(pot.metadata)
        new.metadata["Language"] = "zh_CN"
        new.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
        new.header = pot.header
        for entry in pot:
            entry.msgstr = known.get((entry.msgctxt, entry.msgid), "")
            new.append(entry)
        new.save(str(po_path))
        print(f"merged {po_path}: {len(new.untranslated_entries())} untranslated")


def missing(modules):
    count = 0
    for module in modules:
        po = polib.pofile(str(suite.ADDONS_DIR / module / "i18n" / "zh_CN.po"))
        for entry in po.untranslated_entries():
            count += 1
            print(f"{module}: {entry.msgid!r}")
    return 1 if count else 0


def main(argv):
    if not argv or argv[0] not in ("export", "merge", "missing"):
        print(__doc__)
        return 2
    if argv[0] == "export":
        if len(argv) < 2:
            print("export needs a database name")
            return 2
        export(argv[1], _modules(argv[2:]))
        return 0
    if argv[0] == "merge":
        merge(_modules(argv[1:]))
        return 0
    return missing(_modules(argv[1:]))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
