"""Speed of salon.io's readers beside the plain parsers they stand on.

    python benchmarks/io_parsers.py            # 30,000 connections / contacts
    python benchmarks/io_parsers.py --quick    # 3,000

LinkedIn caps a member's network at 30,000 connections, so a full run reads
exports of that size.  Each reader is timed (best of a few runs) beside the
reference doing the least that reads the same file:

* LinkedIn and Google CSV: ``csv.DictReader`` on the file after its preamble,
  with no validation, normalisation or line tracking;
* vCard: ``vobject.readComponents`` over the whole file, with no mapping to
  records.

The ratio is salon's time over the reference's: what line numbers, validation
and normalisation cost on top of parsing.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import vobject

from salon.io import read_google_csv, read_linkedin, read_vcard

FIRST = [
    "Ana",
    "Rajesh",
    "Søren",
    "Mei",
    "Olúwaseun",
    "François",
    "Emily",
    "Kwame",
    "Lucía",
    "Tomáš",
]
LAST = [
    "López",
    "Patel",
    "Kierkegaard-Holm",
    "Chen",
    "Adébáyọ̀",
    "Dubois",
    "O'Brien",
    "Mensah",
    "Novák",
]
ORGS = [
    "Hospital Clínic de Barcelona",
    "Tata Consultancy Services",
    "Vestas Wind Systems",
    "IDEO",
    "Danone, S.A.",
    "University of Edinburgh",
    "Self-employed",
    "Ecoalf",
    "Rekola Bikesharing",
]
ROLES = [
    "Head of Innovation",
    "Principal Architect",
    "Design Lead, Health",
    "Product Manager",
    "R&D Director",
    "Senior Lecturer in Ecology",
    "Jazz Musician & Sound Designer",
]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def linkedin_file(path: Path, n: int, rng: random.Random) -> None:
    out = io.StringIO()
    out.write(
        'Notes:\n"When exporting your connection data, you may notice that some of the '
        'email addresses are missing."\n\n'
    )
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"]
    )
    for i in range(n):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        email = f"{first[:3].lower()}.{i}@example.org" if rng.random() < 0.05 else ""
        writer.writerow(
            [
                first,
                last,
                f"https://www.linkedin.com/in/person-{i:06d}",
                email,
                rng.choice(ORGS),
                rng.choice(ROLES),
                f"{rng.randint(1, 28):02d} {rng.choice(MONTHS)} {rng.randint(2008, 2026)}",
            ]
        )
    path.write_text(out.getvalue(), encoding="utf-8")


def google_file(path: Path, n: int, rng: random.Random) -> None:
    header = [
        "First Name",
        "Middle Name",
        "Last Name",
        "Nickname",
        "Organization Name",
        "Organization Title",
        "Notes",
        "Labels",
        "E-mail 1 - Label",
        "E-mail 1 - Value",
        "Phone 1 - Label",
        "Phone 1 - Value",
        "Website 1 - Label",
        "Website 1 - Value",
        "Custom Field 1 - Label",
        "Custom Field 1 - Value",
    ]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for i in range(n):
        writer.writerow(
            [
                rng.choice(FIRST),
                "",
                rng.choice(LAST),
                "",
                rng.choice(ORGS),
                rng.choice(ROLES),
                "Met at the meetup.\nFollow up in spring.",
                "* myContacts ::: meetup",
                "* Work",
                f"p{i}@example.org ::: p{i}@home.example",
                "Mobile",
                f"+34 600 {i:06d}",
                "Profile",
                f"https://www.linkedin.com/in/person-{i:06d}/",
                "Industry",
                "Healthcare",
            ]
        )
    path.write_bytes(b"\xef\xbb\xbf" + out.getvalue().encode())


def escaped(text: str) -> str:
    return text.replace(",", "\\,")


def vcard_file(path: Path, n: int, rng: random.Random) -> None:
    cards = []
    for i in range(n):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        cards.append(
            "BEGIN:VCARD\r\nVERSION:3.0\r\n"
            f"N:{last};{first};;;\r\nFN:{first} {last}\r\n"
            f"ORG:{escaped(rng.choice(ORGS))};\r\nTITLE:{escaped(rng.choice(ROLES))}\r\n"
            f"EMAIL;type=INTERNET;type=WORK;type=pref:p{i}@example.org\r\n"
            f"item1.URL:https://www.linkedin.com/in/person-{i:06d}\r\nitem1.X-ABLabel:Profile\r\n"
            f"item2.X-ABRELATEDNAMES:{rng.choice(FIRST)} {rng.choice(LAST)}\r\n"
            "item2.X-ABLabel:_$!<Friend>!$_\r\n"
            "CATEGORIES:meetup,health\r\n"
            "NOTE:Met at the Health Hackathon. Wants to learn how logistics companies sche\r\n"
            " dule work\\, to apply it to operating theatres.\r\n"
            "END:VCARD\r\n"
        )
    path.write_text("".join(cards), encoding="utf-8")


def best_of(repeats: int, run: Callable[[], int]) -> tuple[float, int]:
    best, count = float("inf"), 0
    for _ in range(repeats):
        start = time.perf_counter()
        count = run()
        best = min(best, time.perf_counter() - start)
    return best, count


def dict_reader_after(path: Path, skip: int) -> int:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for _ in range(skip):
            handle.readline()
        return sum(1 for _ in csv.DictReader(handle))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="3,000 records instead of 30,000")
    args = parser.parse_args()
    n = 3_000 if args.quick else 30_000
    repeats = 3
    rng = random.Random(42)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        linkedin, google, vcard = (
            folder / "Connections.csv",
            folder / "contacts.csv",
            folder / "contacts.vcf",
        )
        linkedin_file(linkedin, n, rng)
        google_file(google, n, rng)
        vcard_file(vcard, n, rng)
        cases = [
            (
                "LinkedIn Connections.csv",
                lambda: len(read_linkedin(linkedin).records),
                "csv.DictReader",
                lambda: dict_reader_after(linkedin, 3),
            ),
            (
                "Google Contacts CSV",
                lambda: len(read_google_csv(google).records),
                "csv.DictReader",
                lambda: dict_reader_after(google, 0),
            ),
            (
                "vCard 3.0",
                lambda: len(read_vcard(vcard).records),
                "vobject.readComponents",
                lambda: sum(1 for _ in vobject.readComponents(vcard.read_text(encoding="utf-8"))),
            ),
        ]
        print(f"{n:,} records per file, best of {repeats} runs, vCard 1 in a full run")
        print(f"(Python {sys.version.split()[0]}, vobject {vobject.VERSION})\n")
        print(
            f"{'format':<26} {'salon s':>9} {'records/s':>11} "
            f"{'reference':<24} {'ref s':>8} {'ratio':>6}"
        )
        for name, ours, ref_name, reference in cases:
            # vobject reads about a thousand cards a second: one run is enough there
            runs = 1 if name.startswith("vCard") and not args.quick else repeats
            salon_s, salon_n = best_of(runs, ours)
            ref_s, ref_n = best_of(runs, reference)
            assert salon_n == ref_n == n, (name, salon_n, ref_n)
            print(
                f"{name:<26} {salon_s:>9.3f} {salon_n / salon_s:>11,.0f} {ref_name:<24} "
                f"{ref_s:>8.3f} {salon_s / ref_s:>5.1f}x"
            )


if __name__ == "__main__":
    main()
