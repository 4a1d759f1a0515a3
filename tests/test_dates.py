"""No test depends on the real date: the suite passes the same way in two years' time.

Freshness against the real today is the scheduled workflow's job (and the site's Quality page);
a test that compared the bundled catalogue with the wall clock would break every unrelated pull
request once entries passed a year old.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys

import pytest

from tests.conftest import REPO

#: The tests whose subject has dates in it: the bundled catalogue's freshness, lint's staleness
#: rules, pages that flag stale entries, downloads that carry a generation date.
DATE_DEPENDENT = [
    "tests/test_catalogue.py",
    "tests/test_exports.py",
    "tests/test_lint.py",
    "tests/test_render.py",
    "tests/test_render_golden.py",
    "tests/test_link.py",
]


@pytest.mark.slow
def test_date_dependent_tests_pass_two_years_from_now() -> None:
    """SOURCE_DATE_EPOCH is how the generator learns "today" when no --today is given; set it two
    years ahead and the date-dependent tests must still pass."""
    future = dt.datetime.now(dt.UTC) + dt.timedelta(days=2 * 366)
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *DATE_DEPENDENT],
        cwd=REPO,
        env={**os.environ, "SOURCE_DATE_EPOCH": str(int(future.timestamp()))},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    assert re.search(r"\d+ passed", proc.stdout)


def test_no_test_reads_the_wall_clock() -> None:
    """The one place a test may ask for the real date is the test above, to move it."""
    clock = re.compile(r"date\.today\(|datetime\.now\(|datetime\.today\(|time\.time\(\)")
    offenders = []
    for path in sorted((REPO / "tests").glob("*.py")):
        if path.name == "test_dates.py":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if clock.search(line):
                offenders.append(f"{path.name}:{number}: {line.strip()}")
    assert offenders == []
