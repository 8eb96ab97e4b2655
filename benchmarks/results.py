"""Run every benchmark and write their tables to ``benchmarks/RESULTS.md``.

    python benchmarks/results.py             # every benchmark, in its quick mode
    python benchmarks/results.py --full      # the full runs (hours on 2 cores)
    python benchmarks/results.py --only seating.py scale.py

Each benchmark runs in its own process, one after another, with a time limit;
RESULTS.md gets its table (stdout) verbatim, the command that made it, how
long it took, and the load average before and after it, under a header that
names the commit, the machine and the date.  A benchmark that fails or runs out
of time is recorded as such, with the end of its stderr, and the others still
run.  The figures are only as calm as the machine was: read the load column
before comparing two runs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import subprocess
import sys
import time
from pathlib import Path
from typing import NamedTuple

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


class Benchmark(NamedTuple):
    script: str
    quick: tuple[str, ...]
    full: tuple[str, ...] = ()
    minutes: float = 30.0


# Every benchmark in this folder that prints a table; a new one is added here
# (tests/test_benchmarks_listed.py fails on a script missing from this list).
BENCHMARKS = (
    Benchmark("structural_holes.py", ("--quick",), minutes=30),
    Benchmark("seating.py", ("--quick",), minutes=60),
    Benchmark("recommend.py", ("--quick",), minutes=30),
    Benchmark("suggest_store.py", ("--quick",), minutes=30),
    Benchmark("analogies.py", ("--quick",), minutes=20),
    Benchmark("analogies_store.py", ("--quick",), minutes=20),
    Benchmark("lessons_store.py", ("--quick",), minutes=5),
    Benchmark("io_parsers.py", ("--quick",), minutes=10),
    Benchmark("import_store.py", ("--quick",), minutes=20),
    Benchmark("network_triggers.py", ("--quick",), minutes=20),
    Benchmark("scale.py", ("--quick",), minutes=60),
    Benchmark("contention.py", ("--quick",), minutes=20),
    Benchmark("member_import.py", ("--quick",), minutes=20),
    # no quick mode: the labelled set is small; parameters come from its tune part
    Benchmark("enrich.py", (), minutes=20),
    Benchmark("web_load.py", ("--quick",), minutes=20),
    Benchmark("web_people.py", ("--quick",), minutes=20),
    Benchmark("door_rush.py", ("--quick",), minutes=10),
)
# Modules other benchmarks import, and the reference code they run: no table of their own.
HELPERS = {"results.py", "recommend_limits.py", "suggest_before.py"}


def machine() -> str:
    cpu = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kib = int(meminfo.read_text(encoding="utf-8").split()[1])
        memory = f", {kib / 2**20:.0f} GiB"
    return f"{os.cpu_count()} cores ({cpu}){memory}, {platform.python_version()}"


def commit() -> str:
    out = subprocess.run(
        ["git", "-C", str(ROOT), "describe", "--always", "--dirty"],
        capture_output=True,
        text=True,
        check=False,
    )
    return out.stdout.strip() or "unknown"


def load() -> str:
    return " ".join(f"{value:.1f}" for value in os.getloadavg())


def run(benchmark: Benchmark, full: bool) -> str:
    args = benchmark.full if full else benchmark.quick
    command = [sys.executable, str(HERE / benchmark.script), *args]
    shown = " ".join(["python", f"benchmarks/{benchmark.script}", *args])
    print(f"{shown} ...", file=sys.stderr, flush=True)
    before = load()
    started = time.monotonic()
    try:
        done = subprocess.run(
            command,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=benchmark.minutes * 60,
            check=False,
        )
        table, verdict = done.stdout, "" if done.returncode == 0 else f"exit {done.returncode}"
        tail = "\n".join(done.stderr.strip().splitlines()[-8:]) if done.returncode else ""
    except subprocess.TimeoutExpired as expired:
        out = expired.stdout
        table = out.decode() if isinstance(out, bytes) else (out or "")
        verdict, tail = f"stopped after {benchmark.minutes:g} minutes", ""
    seconds = time.monotonic() - started
    lines = [
        f"## {benchmark.script}",
        "",
        f"`{shown}`: {seconds:.0f} s, load {before} before, {load()} after"
        + (f"; **{verdict}**" if verdict else ""),
        "",
        "```",
        table.rstrip() or "(no table)",
        "```",
    ]
    if tail:
        lines += ["", "stderr (last lines):", "", "```", tail, "```"]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--full", action="store_true", help="full runs instead of --quick")
    parser.add_argument("--only", nargs="+", metavar="SCRIPT", help="just these scripts")
    parser.add_argument("--output", type=Path, default=HERE / "RESULTS.md")
    args = parser.parse_args()
    chosen = [b for b in BENCHMARKS if not args.only or b.script in args.only]
    unknown = set(args.only or ()) - {b.script for b in BENCHMARKS}
    if unknown:
        parser.error(f"not a benchmark here: {', '.join(sorted(unknown))}")
    mode = "full" if args.full else "quick"
    sections = [run(benchmark, args.full) for benchmark in chosen]
    header = [
        "# Benchmark results",
        "",
        f"Written by `python benchmarks/results.py{' --full' if args.full else ''}` on "
        f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC at commit {commit()}, "
        f"{mode} mode, on {machine()}.",
        "What each benchmark compares, and on what data, is in README.md beside this file",
        "and in each script's docstring.  Load averages are 1/5/15-minute figures; ratios",
        "within one table come from one run.",
        "",
    ]
    args.output.write_text("\n".join(header) + "\n" + "\n".join(sections), encoding="utf-8")
    print(f"wrote {args.output}", file=sys.stderr)


if __name__ == "__main__":
    main()
