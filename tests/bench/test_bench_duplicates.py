"""Duplicate lookup (查重) at scale against the `ilike` search it replaces (target ≥ 10× faster)."""

import pytest

from .conftest import check_target, table, timed

pytestmark = pytest.mark.bench

LOOKUPS = 200
TARGET = 10.0


def _reformat(phone):
    """The same number typed another way: +86 and spaces instead of the stored form."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    return f"+86 {digits[-11:-8]} {digits[-8:-4]} {digits[-4:]}"


def test_duplicate_lookup_against_ilike(bench_env, bench_scale, results):
    env = bench_env
    Partner = env["res.partner"]
    total = Partner.search_count([("is_company", "=", True)])
    step = max(1, total // LOOKUPS)
    samples = Partner.search([("is_company", "=", True), ("phone", "!=", False)], order="id")[::step][
        :LOOKUPS
    ]
    # What a salesperson types for a new customer: the same company, written differently.
    typed = [
        {"name": f"{p.name}（分公司）", "phone": _reformat(p.phone), "is_company": True} for p in samples
    ]

    def ours():
        found = 0
        for values in typed:
            found += bool(Partner.new(values)._find_duplicates(limit=10))
        return found

    def ilike():
        found = 0
        for values in typed:
            found += bool(
                Partner.search(
                    ["|", ("name", "ilike", values["name"][:6]), ("phone", "ilike", values["phone"])],
                    limit=10,
                )
            )
        return found

    ours()  # warm the caches alike
    ilike()
    ours_time, ours_found = timed(ours)
    ilike_time, ilike_found = timed(ilike)
    ratio = ilike_time / ours_time
    table(
        f"Duplicate lookup: {len(typed)} new customers checked against {total} companies",
        ("method", "total ms", "per lookup ms", "found"),
        [
            (
                "normalized keys (ours)",
                f"{ours_time * 1000:.0f}",
                f"{ours_time * 1000 / len(typed):.2f}",
                ours_found,
            ),
            (
                "ilike on name / phone",
                f"{ilike_time * 1000:.0f}",
                f"{ilike_time * 1000 / len(typed):.2f}",
                ilike_found,
            ),
            ("speed-up", f"{ratio:.1f}×", "", ""),
        ],
    )
    results["duplicates"] = {
        "lookups": len(typed),
        "partners": total,
        "ours_ms": ours_time * 1000,
        "ilike_ms": ilike_time * 1000,
        "ours_found": ours_found,
        "ilike_found": ilike_found,
    }
    assert ours_found >= ilike_found, "the keys find at least what ilike finds"
    check_target(bench_scale, ratio >= TARGET, f"only {ratio:.1f}× faster than ilike")
