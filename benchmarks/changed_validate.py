"""`microskills validate --changed HEAD~1` after a one-file change against a full `validate`.

    python benchmarks/changed_validate.py [--entries 10000] [--runs 3]

The synthetic catalogue is put in a git repository, one credential is edited and committed, and
both commands run as subprocesses (as a contributor or CI runs them). Prints the two medians side
by side with the ratio (target: at most 0.10, i.e. at least 10x faster). Row g of benchmarks/run.py.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarks import synth  # noqa: E402

TARGET_CHANGED_RATIO = 0.10


def git(root: Path, *args: str) -> None:
    """git in `root` with a committer set, so it works on a machine with no git identity."""
    subprocess.run(
        ["git", "-c", "user.email=bench@example.org", "-c", "user.name=bench", *args],
        cwd=root,
        check=True,
        capture_output=True,
    )


def commit_everything(root: Path, message: str) -> None:
    """Make `root` a git repository (branch main) holding everything in it, in one commit."""
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)


def one_file_change(catalogue: Path, today: dt.date) -> str:
    """Make `catalogue` a git repository, then edit one credential and commit: its display path."""
    commit_everything(catalogue, "catalogue")
    target = sorted((catalogue / "credentials").glob("*.yaml"))[len(list((catalogue / "credentials").glob("*"))) // 2]
    text = target.read_text(encoding="utf-8")
    # A contributor re-verifies an entry: a real change that keeps the catalogue clean.
    text = re.sub(r"^last_verified: .*$", f"last_verified: {today.isoformat()}", text, flags=re.MULTILINE)
    target.write_text(text, encoding="utf-8")
    git(catalogue, "commit", "-q", "-am", "one change")
    return f"credentials/{target.name}"


def compare(
    catalogue: Path,
    command: Sequence[str],
    today: str,
    runs: int,
    measure: Callable[[list[str], Path], tuple[float, str]],
) -> dict[str, object]:
    """Median seconds of the full and the changed-only validate, checking both report no problem."""
    full: list[float] = []
    changed: list[float] = []
    for _ in range(runs):
        for args, into in (([], full), (["--changed", "HEAD~1"], changed)):
            seconds, out = measure([*command, "validate", ".", "--format", "json", "--today", today, *args], catalogue)
            problems = json.loads(out)["problems"]
            if problems:
                raise RuntimeError(f"unexpected problems: {problems[:3]}")
            into.append(seconds)
    full.sort()
    changed.sort()
    return {
        "full": full[len(full) // 2],
        "changed": changed[len(changed) // 2],
        "full_runs": full,
        "changed_runs": changed,
    }


def _measure(command: list[str], cwd: Path) -> tuple[float, str]:
    import time

    env = {**os.environ, "PYTHONPATH": str(REPO)}
    started = time.perf_counter()
    proc = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False, env=env)
    elapsed = time.perf_counter() - started
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed: {(proc.stderr + proc.stdout)[-2000:]}")
    return elapsed, proc.stdout


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--today", type=dt.date.fromisoformat, default=synth.DEFAULT_TODAY)
    args = parser.parse_args(argv)
    # This checkout's generator (PYTHONPATH in _measure), whatever the environment has installed.
    command = [sys.executable, "-m", "microskills"]
    with tempfile.TemporaryDirectory(prefix="microskills-changed-") as work:
        catalogue = Path(work) / "catalogue"
        synth.generate(args.entries, catalogue, today=args.today)
        changed_file = one_file_change(catalogue, args.today)
        result = compare(catalogue, command, args.today.isoformat(), args.runs, _measure)
    full, changed = float(result["full"]), float(result["changed"])  # type: ignore[arg-type]
    ratio = changed / full
    print("| measurement | ours | alternative | ratio | target | met? |")
    print("| --- | ---: | ---: | ---: | --- | :---: |")
    print(
        f"| g. `validate --changed HEAD~1` after editing {changed_file} vs full `validate`, {args.entries:,} entries "
        f"| {changed:.2f} s | {full:.2f} s | {ratio:.3f}× | ≤ {TARGET_CHANGED_RATIO:.2f}× "
        f"| {'yes' if ratio <= TARGET_CHANGED_RATIO else 'no'} |"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
