"""The web's people list on a large store: a page of 50, beside loading everyone (the old page).

Builds (once, cached in the temp folder) the store of ``suggest_store.py`` (N
people, a user with C contacts, a country attribute each, expertise for one
in ten), then times, through the app (FastAPI's TestClient, in process):

- ``GET /people``: the first page, a page deep in the list, a search, and
  the industry + attribute filters together; the response size of each;
- the reference measured in the same run: ``list_people`` loading every
  person as an object, which is what the page did before it was paged (it
  then also rendered every row: at 100,000 people a 21.6 MB page in 22 s).

Run: python benchmarks/web_people.py [--people 100000] [--quick]
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import sys
import tempfile
import time
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from salon.config import Settings
from salon.db.models import Account, Person
from salon.db.store import Store
from salon.services.accounts import owner_account
from salon.services.people import list_people
from salon.services.users import create_user
from salon.web import create_app
from salon.web.csrf import FIELD

sys.path.insert(0, str(Path(__file__).parent))
from suggest_store import COUNTRIES, INDUSTRIES, build, timed

EMAIL = "bench@example.org"
PASSWORD = "benchmark-password"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--contacts", type=int, default=5_000)
    parser.add_argument("--quick", action="store_true", help="10,000 people, 1,000 contacts")
    args = parser.parse_args()
    if args.quick:
        args.people, args.contacts = 10_000, 1_000
    folder = Path(tempfile.gettempdir())
    path = folder / f"salon-web-bench-{args.people}-{args.contacts}.sqlite"
    url = f"sqlite:///{path}"
    start = time.perf_counter()
    store = Store(url)
    with store.reading() as session:
        built = session.scalar(select(func.count()).select_from(Person)) == args.people + 1
    if not built:
        build(store, args.people, args.contacts, 3, seed=1)
    print(f"store ready in {time.perf_counter() - start:.1f} s: {args.people:,} people")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")

    # the pages need a signed-in user: the store's "me", claimed once by a bench user
    with store.transaction() as session:
        if session.scalar(select(Account.id).where(Account.email == EMAIL)) is None:
            create_user(session, EMAIL, PASSWORD, account="me")
    app = create_app(Settings(database_url=url, data_dir=folder, login_delay=0))
    cases = {
        "first page": "/people",
        "page 1000" if args.people >= 50_000 else "last page": "/people?page=1000",
        "search 'person 4242'": "/people?q=person+4242",
        "industry + attribute": (
            f"/people?industry={INDUSTRIES[3]}&attribute=country%3D{COUNTRIES[7]}"
        ),
    }
    rows = []
    with TestClient(app) as client:
        form = re.search(rf'name="{FIELD}" value="([^"]*)"', client.get("/login").text)
        signed_in = client.post(
            "/login",
            data={"email": EMAIL, "password": PASSWORD, FIELD: form.group(1) if form else ""},
            follow_redirects=False,
        )
        assert signed_in.status_code == 303, signed_in.text
        for name, target in cases.items():
            response = client.get(target)
            assert response.status_code == 200, (target, response.status_code)
            timing, _ = timed(lambda target=target: client.get(target), repeat=3)
            rows.append((name, timing, len(response.content)))

    def everyone() -> int:
        with store.reading() as session:
            return len(list_people(session, owner_account(session, "me")))

    reference, n_loaded = timed(everyone, repeat=1)
    store.dispose()

    print(f"\n{'GET /people':<28}{'wall s':>9}{'cpu s':>9}{'bytes':>10}{'x faster':>10}")
    for name, timing, size in rows:
        ratio = reference.wall / timing.wall
        print(f"{name:<28}{timing.wall:>9.3f}{timing.cpu:>9.3f}{size:>10,}{ratio:>10.0f}")
    print(
        f"{'reference: list_people':<28}{reference.wall:>9.3f}{reference.cpu:>9.3f}"
        f"{'':>10}{'1':>10}   ({n_loaded:,} people as objects, before rendering any)"
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak memory of this process: {peak:.0f} MB; best of 3 for the pages")


if __name__ == "__main__":
    main()
