"""Every benchmark is in ``benchmarks/results.py``, so RESULTS.md holds them all."""

from __future__ import annotations

from tests.benchmark_code import BENCHMARKS, load_benchmark


def test_every_benchmark_script_is_run_by_results() -> None:
    results = load_benchmark("results")
    listed = {benchmark.script for benchmark in results.BENCHMARKS}
    scripts = {path.name for path in BENCHMARKS.glob("*.py")}
    assert scripts - listed - results.HELPERS == set(), "add them to benchmarks/results.py"
    assert listed - scripts == set(), "benchmarks/results.py lists scripts that are gone"


def test_every_listed_benchmark_offers_the_mode_results_runs() -> None:
    results = load_benchmark("results")
    for benchmark in results.BENCHMARKS:
        text = (BENCHMARKS / benchmark.script).read_text(encoding="utf-8")
        for flag in (*benchmark.quick, *benchmark.full):
            if flag.startswith("--"):
                assert f'"{flag}"' in text, f"{benchmark.script} has no {flag}"
