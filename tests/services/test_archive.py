"""The JSON archive: a lossless round trip, and refusals that write nothing."""

from __future__ import annotations

import copy
import datetime as dt
import io
import json
import random
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from tests.services.builders import archive_text, build_rich_network

from salon.db.models import (
    Attendance,
    Encounter,
    EventFeedback,
    Feedback,
    Insight,
    InteractionParticipant,
    Member,
    Note,
    Person,
    Seat,
    SeatingPair,
    Tie,
    TieEvidence,
)
from salon.db.store import Store
from salon.errors import InputError
from salon.services import archive, archive_export, person_stream
from salon.services.accounts import me, owner_account
from salon.services.archive import export_archive, import_archive, read_archive
from salon.services.people import PersonFields, add_person
from salon.services.ties import ensure_tie


def _rich_document(store: Store) -> dict[str, Any]:
    with store.transaction() as session:
        build_rich_network(session, owner_account(session, "me"))
    with store.reading() as session:
        return export_archive(session, owner_account(session, "me"))


@pytest.fixture(scope="module")
def rich_document(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The archive of the rich network, built once (on SQLite) for the refusal tests."""
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('archive') / 'rich.sqlite'}")
    try:
        return _rich_document(store)
    finally:
        store.dispose()


def _second_store(tmp_path: Path, store: Store) -> Store:
    """An empty store on the same backend as ``store``'s (a new SQLite file, or a new owner)."""
    if store.engine.dialect.name == "sqlite":
        return Store(f"sqlite:///{tmp_path / 'second.sqlite'}")
    return store


def test_export_import_export_gives_the_same_json(store: Store, tmp_path: Path) -> None:
    document = _rich_document(store)
    exported = json.dumps(document, ensure_ascii=False, sort_keys=True)
    # through a file, as `salon export json` and an import would do it
    path = tmp_path / "archive.json"
    path.write_text(exported, encoding="utf-8")

    target = _second_store(tmp_path, store)
    owner_name = "me" if target is not store else "restored"
    try:
        with target.transaction() as session:
            counts = import_archive(
                session,
                owner_account(session, owner_name),
                json.loads(path.read_text(encoding="utf-8")),
            )
        reexported = json.loads(archive_text(target, owner_name))
    finally:
        if target is not store:
            target.dispose()
    reexported["owner"] = document["owner"]  # the only field that names the target
    assert json.dumps(reexported, ensure_ascii=False, sort_keys=True) == exported
    assert counts == {
        "people": 8,
        "ties": len(document["ties"]),
        "interactions": 2,
        "ideas": 1,
        "lessons": 2,
        "communities": 1,
        "events": 1,
    }


def test_archive_holds_every_kind_of_record(store: Store) -> None:
    document = _rich_document(store)
    with store.reading() as session:
        n_rows = {
            model.__name__: session.scalar(select(func.count()).select_from(model))
            for model in (
                Person,
                Tie,
                TieEvidence,
                InteractionParticipant,
                Insight,
                Feedback,
                Note,
                Member,
                Attendance,
                Seat,
                Encounter,
                EventFeedback,
                SeatingPair,
            )
        }
    (event,) = document["communities"][0]["events"]
    assert len(document["people"]) == n_rows["Person"]
    assert len(document["ties"]) == n_rows["Tie"]
    assert sum(len(t["evidence"]) for t in document["ties"]) == n_rows["TieEvidence"]
    assert (
        sum(len(x["participants"]) for x in document["interactions"])
        == n_rows["InteractionParticipant"]
    )
    assert sum(len(x["insights"]) for x in document["interactions"]) == n_rows["Insight"]
    assert (
        sum(len(v["feedback"]) for i in document["ideas"] for v in i["versions"])
        == n_rows["Feedback"]
    )
    assert len(document["notes"]) == n_rows["Note"]
    assert len(document["communities"][0]["members"]) == n_rows["Member"]
    assert len(event["attendance"]) == n_rows["Attendance"]
    assert len(event["seats"]) == n_rows["Seat"]
    assert len(event["encounters"]) == n_rows["Encounter"]
    assert len(event["feedback"]) == n_rows["EventFeedback"]
    assert len(document["communities"][0]["seating_rules"]) == n_rows["SeatingPair"]
    # evidence that points at an interaction names it by archive key, not database id
    sources = {e["source"] for t in document["ties"] for e in t["evidence"]}
    assert {"interaction:i1", "interaction:i2"} <= sources


def test_import_into_a_non_empty_network_is_refused_and_writes_nothing(store: Store) -> None:
    document = _rich_document(store)
    before = archive_text(store)
    with pytest.raises(InputError, match="already holds 7 people"):
        with store.transaction() as session:
            import_archive(session, owner_account(session, "me"), document)
    assert archive_text(store) == before


def _broken(document: dict[str, Any], how: str) -> dict[str, Any]:
    broken = copy.deepcopy(document)
    if how == "format":
        broken["format"] = "something-else/2"
    elif how == "person without a name":
        del broken["people"][3]["name"]
    elif how == "unknown person key":
        broken["ties"][-1]["b"] = "p99"
    elif how == "bad date":
        broken["interactions"][1]["occurred_on"] = "20/09/2025"
    elif how == "feedback without text":
        del broken["ideas"][0]["versions"][0]["feedback"][0]["text"]
    elif how == "not an object":
        return {"format": "salon-archive/1", "people": ["Ana López"]}
    elif how == "unknown stance":
        broken["ideas"][0]["versions"][0]["feedback"][0]["stance"] = "hostile"
    elif how == "unknown evidence":
        broken["ties"][0]["evidence"][0]["kind"] = "gossip"
    elif how == "unknown purpose":
        broken["interactions"][0]["purposes"] = ["networking"]
    elif how == "depth out of range":
        broken["interactions"][0]["depth"] = 9
    elif how == "unknown rsvp":
        broken["communities"][0]["events"][0]["attendance"][0]["rsvp"] = "perhaps"
    elif how == "one email, two people":
        broken["people"][1]["emails"] = broken["people"][0]["emails"]
    elif how == "a tie twice":
        broken["ties"].append(copy.deepcopy(broken["ties"][0]))
    elif how == "unknown seating rule":
        broken["communities"][0]["seating_rules"][0]["kind"] = "nearby"
    elif how == "a seating rule for one person":
        rule = broken["communities"][0]["seating_rules"][0]
        rule["b"] = rule["a"]
    elif how == "a tie to oneself":
        broken["ties"][0]["b"] = broken["ties"][0]["a"]
    elif how == "two people, one key":
        broken["people"][4]["key"] = broken["people"][2]["key"]
    elif how == "negative rounds":
        broken["communities"][0]["events"][0]["rounds"] = -3
    elif how == "a number for a name":
        broken["people"][1]["name"] = 42
    elif how == "an event without a title":
        del broken["communities"][0]["events"][0]["title"]
    elif how == "a javascript URL":
        broken["people"][1]["url"] = "javascript:alert(1)"
    elif how == "a seat outside the rounds":
        broken["communities"][0]["events"][0]["seats"][0]["round"] = 99
    elif how == "a misspelt field":
        broken["people"][1]["organisation"] = broken["people"][1].pop("organization")
    elif how == "an overlong name":
        broken["people"][1]["name"] = "N" * 5000
    elif how == "an overlong idea title":
        broken["ideas"][0]["title"] = "T" * 301
    elif how == "rounds beyond a database integer":
        broken["communities"][0]["events"][0]["rounds"] = 2**31
    return broken


MALFORMED = [
    ("format", r"not a salon archive.*something-else/2"),
    ("person without a name", r"people\[4\].*name"),
    ("unknown person key", r"ties\[\d+\].*unknown person key 'p99'"),
    ("bad date", r"interactions\[2\].*20/09/2025"),
    ("feedback without text", r"ideas\[1\]\.versions\[1\]\.feedback\[1\]\.text.*missing"),
    ("not an object", r"people\[1\]"),
    ("unknown stance", r"ideas\[1\]\.versions\[1\]\.feedback\[1\]\.stance.*'hostile'"),
    ("unknown evidence", r"ties\[1\]\.evidence\[1\]\.kind.*'gossip'"),
    ("unknown purpose", r"interactions\[1\]\.purposes\[1\].*'networking'"),
    ("depth out of range", r"interactions\[1\]\.depth.*less than or equal to 5, got 9"),
    ("unknown rsvp", r"communities\[1\]\.events\[1\]\.attendance\[1\]\.rsvp.*'perhaps'"),
    ("one email, two people", r"ana\.lopez@clinic\.example already belongs"),
    ("a tie twice", r"ties\[\d+\].*the tie p\d+-p\d+ is given twice \(ties\[1\] too\)"),
    ("a tie to oneself", r"ties\[1\].*two different people"),
    ("unknown seating rule", r"communities\[1\]\.seating_rules\[1\]\.kind.*'nearby'"),
    ("a seating rule for one person", r"communities\[1\]\.seating_rules\[1\].*two different"),
    ("two people, one key", r"people\[5\]\.key.*'p3' is given to two people \(people\[3\]"),
    ("negative rounds", r"communities\[1\]\.events\[1\]\.rounds.*greater than or equal to 1"),
    ("a number for a name", r"people\[2\]\.name.*valid string, got 42"),
    ("an event without a title", r"communities\[1\]\.events\[1\]\.title.*missing"),
    ("a javascript URL", r"people\[2\]\.url.*not an http\(s\) URL: 'javascript:alert\(1\)'"),
    ("a seat outside the rounds", r"communities\[1\]\.events\[1\].*rounds 1-"),
    ("a misspelt field", r"people\[2\]\.organisation.*not a field"),
    ("an overlong name", r"people\[2\]\.name.*5000 characters"),
    ("an overlong idea title", r"ideas\[1\]\.title.*at most 300 characters"),
    ("rounds beyond a database integer", r"events\[1\]\.rounds.*less than or equal to 2147483647"),
]


def test_malformed_archive_raises_input_error_and_writes_nothing(
    store: Store, rich_document: dict[str, Any]
) -> None:
    with store.transaction() as session:
        owner_account(session, "me")
    before = archive_text(store)
    for how, message in MALFORMED:
        with pytest.raises(InputError, match=message):
            with store.transaction() as session:
                import_archive(session, owner_account(session, "me"), _broken(rich_document, how))
        assert archive_text(store) == before, how
        with store.reading() as session:
            assert session.scalar(select(func.count(Person.id))) == 1, how  # only "me"


def test_archive_of_one_owner_never_shows_another_owners_people(store: Store) -> None:
    _rich_document(store)
    with store.transaction() as session:
        add_person(session, owner_account(session, "bob"), PersonFields(name="Bob's contact"))
    with store.reading() as session:
        document = export_archive(session, owner_account(session, "bob"))
    assert [p["name"] for p in document["people"]] == ["bob", "Bob's contact"]
    assert document["ties"] == document["interactions"] == document["communities"] == []


def test_an_archive_file_in_utf16_or_utf32_imports_and_hostile_files_are_refused(
    store: Store, rich_document: dict[str, Any], tmp_path: Path
) -> None:
    """`salon import json` reads files by the importers' rules and names the file."""
    text = json.dumps(rich_document, ensure_ascii=False)
    utf16 = tmp_path / "archive-utf16.json"
    utf16.write_bytes(text.encode("utf-16"))  # with its BOM, as Windows tools write it
    target = _second_store(tmp_path, store)
    owner_name = "me" if target is not store else "restored"
    try:
        with target.transaction() as session:
            counts = import_archive(
                session, owner_account(session, owner_name), read_archive(utf16), source=utf16
            )
    finally:
        if target is not store:
            target.dispose()
    assert counts["people"] == len(rich_document["people"])

    latin = tmp_path / "latin.json"
    latin.write_bytes('{"format": "salon-archive/1", "owner": "Zoë"}'.encode("latin-1"))
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 50_000 + "]" * 50_000, encoding="utf-8")
    repeated = tmp_path / "repeated.json"
    repeated.write_text('{"format": "salon-archive/1", "people": [], "people": []}', "utf-8")
    for path, message in (
        (latin, r"latin\.json, line 1: not UTF-8"),
        (deep, r"deep\.json: JSON nested more than 64 levels"),
        (repeated, r"repeated\.json.*repeats the key 'people'"),
    ):
        with pytest.raises(InputError, match=message):
            read_archive(path)


def test_a_refusal_names_the_archive_file(store: Store, rich_document: dict[str, Any]) -> None:
    with store.transaction() as session:
        owner_account(session, "me")
    broken = _broken(rich_document, "negative rounds")
    with pytest.raises(InputError) as caught:
        with store.transaction() as session:
            import_archive(session, owner_account(session, "me"), broken, source="copy.json")
    assert caught.value.source == "copy.json"
    assert caught.value.field == "communities[1].events[1].rounds"
    assert str(caught.value).startswith("copy.json, field 'communities[1].events[1].rounds'")
    broken = _broken(rich_document, "one email, two people")
    with pytest.raises(InputError) as caught:
        with store.transaction() as session:
            import_archive(session, owner_account(session, "me"), broken, source="copy.json")
    assert caught.value.source == "copy.json"
    with store.reading() as session:
        assert session.scalar(select(func.count(Person.id))) == 1  # only "me"


def test_the_streamed_archive_is_the_archive_and_reads_back(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # chunks of 1 row, so people, ties and interactions each span several reads
    monkeypatch.setattr(person_stream, "STREAM_CHUNK", 1)
    document = _rich_document(store)
    assert len(document["people"]) > 6
    assert len(document["ties"]) > 6
    assert len(document["interactions"]) > 1
    out = io.StringIO()
    with store.reading() as session:
        archive.write_archive(session, owner_account(session, "me"), out)
    assert json.loads(out.getvalue()) == document
    # one record a line, so that two exports diff by record
    assert out.getvalue().count("\n") > len(document["people"]) + len(document["ties"])

    target = _second_store(tmp_path, store)
    owner_name = "me" if target is not store else "restored"
    try:
        with target.transaction() as session:
            import_archive(session, owner_account(session, owner_name), json.loads(out.getvalue()))
        with target.reading() as session:
            again = export_archive(session, owner_account(session, owner_name))
    finally:
        if target is not store:
            target.dispose()
    again["owner"] = document["owner"]
    assert again == document


def test_an_empty_network_streams_as_the_empty_archive(store: Store) -> None:
    out = io.StringIO()
    with store.transaction() as session:
        owner = owner_account(session, "me")
        archive.write_archive(session, owner, out)
        document = export_archive(session, owner)
    assert json.loads(out.getvalue()) == document
    assert document["ties"] == []


def test_namesakes_and_their_ties_stream_in_key_order_as_the_store_holds_them(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # many people per name key (their order then rests on ids), ties among them
    # in random order, evidence and tags added out of order: each streamed
    # record must be the stored one, checked against the ORM objects
    monkeypatch.setattr(person_stream, "STREAM_CHUNK", 3)
    rng = random.Random(7)
    with store.transaction() as session:
        owner = owner_account(session, "me")
        people = [
            add_person(
                session,
                owner,
                PersonFields(
                    name=rng.choice(["Dan", "Ana", "Cy", "Bea"]),
                    emails=[f"p{n}@x.example", f"q{n}@x.example"] if n % 4 == 0 else [],
                    expertise=rng.sample(["zeta", "Alpha", "beta", "Étude"], k=n % 4),
                    attributes={"country": "NO"} if n % 3 == 0 else {},
                ),
                check_duplicates=False,
            )
            for n in range(40)
        ]
        for _ in range(120):
            x, y, z = rng.sample(people, 3)
            ensure_tie(
                session,
                owner,
                x,
                y,
                evidence=rng.choice(["stated", "same_organization", "introducer"]),
                source_ref=rng.choice(["", "import:linkedin", "note:1"]),
                since=dt.date(2020, 1, rng.randint(1, 28)) if rng.random() < 0.5 else None,
                introduced_by=z if rng.random() < 0.3 else None,
                support=rng.sample(["resources", "moral", "advice"], k=rng.randint(0, 3)),
            )
    with store.reading() as session:
        owner = owner_account(session, "me")
        document = export_archive(session, owner)
        everyone = session.scalars(select(Person).where(Person.owner_id == owner.id)).all()
        ordered = sorted(everyone, key=lambda p: (p.name_key, p.id))
        key = {p.id: f"p{n}" for n, p in enumerate(ordered, start=1)}
        expected_people = [
            {
                "key": key[p.id],
                "name": p.name,
                "emails": [e.email for e in p.emails],
                "expertise": p.tag_set("expertise"),
                "attributes": p.attribute_map(),
            }
            for p in ordered
        ]
        number = {person_id: int(k[1:]) for person_id, k in key.items()}
        ties = session.scalars(select(Tie).where(Tie.owner_id == owner.id)).all()
        expected_ties = sorted(
            (
                {
                    "a": f"p{min(number[t.person_a_id], number[t.person_b_id])}",
                    "b": f"p{max(number[t.person_a_id], number[t.person_b_id])}",
                    "since": t.since.isoformat() if t.since else None,
                    "introduced_by": key[t.introduced_by_id] if t.introduced_by_id else None,
                    "support": sorted(t.support),
                    "evidence": sorted(
                        (
                            {
                                "kind": e.kind,
                                "inferred": e.inferred,
                                "source": e.source_ref,
                                "observed_on": None,
                            }
                            for e in t.evidence
                        ),
                        key=lambda e: (e["kind"], e["source"]),
                    ),
                }
                for t in ties
            ),
            key=lambda t: (int(t["a"][1:]), int(t["b"][1:])),
        )
    assert len(expected_ties) > 80
    assert [
        {field: person[field] for field in expected_people[0]} for person in document["people"]
    ] == expected_people
    assert [
        {field: tie[field] for field in expected_ties[0]} for tie in document["ties"]
    ] == expected_ties


def test_a_person_added_while_the_archive_is_read_leaves_everyone_else_whole(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # On PostgreSQL each query sees what was committed when it starts; a person
    # (sorting first, with an e-mail address and a tie) committed between the
    # export's queries must not cost anyone else their rows.  SQLite's read
    # transaction sees one snapshot throughout, and must give the same.
    document = _rich_document(store)
    original = person_stream.streamed
    added: list[int] = []

    def streamed_after_a_write(session: Any, query: Any) -> Any:
        if not added:
            with store.transaction() as other:
                owner = owner_account(other, "me")
                newcomer = add_person(
                    other, owner, PersonFields(name="Aaron Aaby", emails=["aaron@x.example"])
                )
                ensure_tie(other, owner, newcomer, me(other, owner), evidence="stated")
                added.append(newcomer.id)
        return original(session, query)

    monkeypatch.setattr(person_stream, "streamed", streamed_after_a_write)
    monkeypatch.setattr(archive_export, "streamed", streamed_after_a_write)
    if store.engine.dialect.name == "sqlite":
        with store.reading() as session:
            during = export_archive(session, owner_account(session, "me"))
    else:
        with store.transaction() as session:
            during = export_archive(session, owner_account(session, "me"))
    assert added
    assert during == document
