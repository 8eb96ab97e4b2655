"""Seating from the browser: a seating run in the background, its progress in a small file.

The solver's own progress callback (:class:`salon.seating.Progress`: elapsed
seconds, iterations, best objective) is written, a few times a second, to a
JSON file in the data folder; the page polls a route that reads it.  A file,
not memory, because ``salon web --workers N`` runs several processes and the
poll may reach another one than the run.  The file is replaced atomically,
so a reader never sees half of it.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import time
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from salon.db.models import Account
from salon.db.store import Store
from salon.errors import SalonError
from salon.seating import Progress
from salon.services.meetup.seating import seat_event

__all__ = [
    "SeatingJob",
    "job_path",
    "read_job",
    "run_seating_job",
    "start_job",
]

#: a run whose file has not changed for this long after its time limit died with its process
STALE_AFTER = 30.0
#: how often the progress file is rewritten, at most (seconds)
WRITE_EVERY = 0.25


@dataclass(frozen=True)
class SeatingJob:
    """One seating run as the page shows it."""

    event_id: int
    state: str  # running, done or failed
    time_limit: float
    from_round: int | None
    started_at: float  # time.time()
    elapsed: float = 0.0
    iterations: int = 0
    best: float | None = None
    message: str = ""

    @property
    def fraction(self) -> float:
        """How much of the time limit has passed (1 when finished)."""
        if self.state != "running":
            return 1.0
        return min(1.0, self.elapsed / self.time_limit) if self.time_limit > 0 else 0.0

    def is_stale(self, now: float | None = None) -> bool:
        """A "running" job whose process is gone (it would have finished long ago)."""
        moment = time.time() if now is None else now
        return self.state == "running" and (
            moment - self.started_at > self.time_limit + STALE_AFTER
        )


def job_path(data_dir: Path, event_id: int) -> Path:
    return data_dir / "seating-runs" / f"event-{event_id}.json"


def _write(path: Path, job: SeatingJob) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{os.getpid()}.tmp")
    partial.write_text(json.dumps(asdict(job)), encoding="utf-8")
    os.replace(partial, path)


def read_job(data_dir: Path, event_id: int) -> SeatingJob | None:
    """The last run's state, or None if the event was never seated from the browser."""
    try:
        data = json.loads(job_path(data_dir, event_id).read_text(encoding="utf-8"))
        return SeatingJob(**data)
    except (OSError, ValueError, TypeError):
        return None


def start_job(
    data_dir: Path, event_id: int, *, time_limit: float, from_round: int | None
) -> SeatingJob:
    """Mark a run as started (before its thread starts, so the first poll finds it).

    Raises
    ------
    SalonError
        A run for this event is still going.
    """
    running = read_job(data_dir, event_id)
    if running is not None and running.state == "running" and not running.is_stale():
        raise SalonError(f"event {event_id} is being seated already; wait for that run")
    job = SeatingJob(event_id, "running", time_limit, from_round, time.time())
    _write(job_path(data_dir, event_id), job)
    return job


def run_seating_job(store: Store, account_id: int, job: SeatingJob, data_dir: Path) -> SeatingJob:
    """Seat the event in a transaction of its own, writing progress as the solver reports it.

    Blocking: the web app runs it in a thread.  Never raises: a failure is
    the job's "failed" state and message.
    """
    path = job_path(data_dir, job.event_id)
    last = 0.0

    def report(progress: Progress) -> None:
        nonlocal last
        now = time.monotonic()
        if now - last >= WRITE_EVERY:
            last = now
            best = progress.best_objective if math.isfinite(progress.best_objective) else None
            _write(
                path,
                replace(job, elapsed=progress.elapsed, iterations=progress.iterations, best=best),
            )

    try:
        with store.transaction() as session:
            owner = session.get(Account, account_id)
            if owner is None:
                raise SalonError("the account is gone")
            outcome = seat_event(
                session,
                owner,
                job.event_id,
                from_round=job.from_round,
                time_limit=job.time_limit,
                progress=report,
            )
        finished = replace(
            job,
            state="done",
            elapsed=outcome.elapsed,
            iterations=outcome.iterations,
            best=outcome.objective,
            message=(
                f"Seated {outcome.n_attendees} people, rounds "
                f"{', '.join(map(str, outcome.rounds))} ({outcome.message}); "
                f"{outcome.n_repeat_pairings} repeat pairings, "
                f"{outcome.n_forced_repeat_pairings} forced by the table sizes."
            ),
        )
    except SalonError as exc:
        finished = replace(job, state="failed", message=str(exc))
    except Exception as exc:  # the thread has nobody to raise to: the page shows it
        finished = replace(job, state="failed", message=f"{type(exc).__name__}: {exc}")
    _write(path, finished)
    return finished


def started_at_text(job: SeatingJob) -> str:
    return dt.datetime.fromtimestamp(job.started_at, dt.UTC).strftime("%H:%M:%S UTC")
