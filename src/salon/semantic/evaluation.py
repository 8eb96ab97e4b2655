"""Measuring far-analogy search on documented cross-domain innovations.

A case is a problem stated in its own domain's words (how to stop a train
booming out of tunnels), the answer that solved it historically, described in
another domain's words (the kingfisher's beak), and same-domain distractors that
share the problem's surface words without solving it.  The measures:

* hit@k: share of queries whose answer ranks in the top k of the whole corpus;
* distractor-above: share of queries where at least one of *their own*
  distractors ranks above the answer (the failure of plain similarity);
* mean reciprocal rank of the answer.

Records are plain mappings (one JSON object per line of
``benchmarks/data/far_analogies_v2.jsonl``); reading the file is the caller's job.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from salon.errors import InputError
from salon.semantic.index import AnalogyIndex
from salon.semantic.items import Item, domain_key

__all__ = ["AnalogyCase", "AnalogyScores", "analogy_cases", "evaluate_analogies"]


@dataclass(frozen=True, slots=True)
class AnalogyCase:
    """One problem, its far answer and its near distractors."""

    id: str
    query: str
    domain: str
    answer: Item
    distractors: tuple[Item, ...]
    source: str
    split: str = ""


@dataclass(frozen=True, slots=True)
class AnalogyScores:
    """How one ranking method did on a set of cases (ranks are 1-based)."""

    n_queries: int
    hit_at_1: float
    hit_at_5: float
    distractor_above: float
    mean_reciprocal_rank: float
    domain_accuracy: float
    answer_ranks: tuple[int, ...]


def _field(record: Mapping[str, Any], name: str, line: int) -> str:
    value = record.get(name)
    if not isinstance(value, str) or not value.strip():
        raise InputError(f"expected a non-empty string, got {value!r}", line=line, field=name)
    return value


def _item(record: Any, line: int, default_domain: str | None = None) -> Item:
    if not isinstance(record, Mapping):
        raise InputError(f"expected an object, got {type(record).__name__}", line=line)
    domain = record.get("domain", default_domain)
    return Item(
        ref=_field(record, "ref", line),
        text=_field(record, "text", line),
        domain=domain if isinstance(domain, str) else "",
        person=record.get("person"),
        kind=record.get("kind", "note"),
    )


def _split(record: Mapping[str, Any], line: int) -> str:
    value = record.get("split", "")
    if value not in ("", "tune", "test"):
        raise InputError(f"expected 'tune' or 'test', got {value!r}", line=line, field="split")
    return str(value)


def analogy_cases(
    records: Iterable[Mapping[str, Any]],
) -> tuple[tuple[AnalogyCase, ...], tuple[Item, ...]]:
    """Cases and background items from parsed JSON-lines records.

    A record of ``type`` "query" has ``id``, ``domain``, ``query``, ``answer``
    (an item object), ``distractors`` (item objects of the query's domain) and
    ``source``, and optionally ``split`` ("tune" or "test": which part of the
    set the case belongs to, fixed once in the file); a record of ``type``
    "item" is a background item (``ref``, ``text``, ``domain``, ``person``,
    ``kind``).

    Raises
    ------
    InputError
        A malformed record, naming its line (1-based) and field; an answer from
        the query's own domain; a distractor from another domain.
    """
    cases: list[AnalogyCase] = []
    background: list[Item] = []
    for line, record in enumerate(records, start=1):
        kind = record.get("type")
        if kind == "item":
            background.append(_item(record, line))
            continue
        if kind != "query":
            raise InputError(
                f"expected type 'query' or 'item', got {kind!r}", line=line, field="type"
            )
        domain = _field(record, "domain", line)
        answer = _item(record.get("answer"), line)
        if domain_key(answer.domain) == domain_key(domain):
            raise InputError(
                f"the answer must come from another domain than {domain!r}",
                line=line,
                field="answer",
            )
        raw = record.get("distractors")
        if not isinstance(raw, list) or not raw:
            raise InputError(
                f"expected a non-empty list, got {raw!r}", line=line, field="distractors"
            )
        distractors = tuple(_item(d, line, domain) for d in raw)
        for d in distractors:
            if domain_key(d.domain) != domain_key(domain):
                raise InputError(
                    f"distractor {d.ref!r} is from {d.domain!r}, not {domain!r}",
                    line=line,
                    field="distractors",
                )
        cases.append(
            AnalogyCase(
                id=_field(record, "id", line),
                query=_field(record, "query", line),
                domain=domain,
                answer=answer,
                distractors=distractors,
                source=_field(record, "source", line),
                split=_split(record, line),
            )
        )
    return tuple(cases), tuple(background)


def evaluate_analogies(
    index: AnalogyIndex,
    cases: Sequence[AnalogyCase],
    *,
    method: Literal["plain", "far"],
    give_domain: bool = True,
) -> AnalogyScores:
    """Rank the whole index for every case's query and score the answer's place.

    ``method`` "plain" is cosine similarity (:meth:`AnalogyIndex.similar`),
    "far" the far-analogy ranking, told the query's domain when
    ``give_domain`` else inferring it.  Every answer and distractor must be in
    the index.
    """
    if method not in ("plain", "far"):
        raise InputError(f"expected method 'plain' or 'far', got {method!r}")
    if not cases:
        raise InputError("expected at least one case, got none")
    ranks: list[int] = []
    n_above = 0
    n_domain = 0
    for case in cases:
        if method == "plain":
            found = index.similar(case.query, top=len(index))
        else:
            found = index.far_analogies(
                case.query, domain=case.domain if give_domain else None, top=len(index)
            )
        position = {ref: rank for rank, ref in enumerate(found.refs, start=1)}
        missing = [it.ref for it in (case.answer, *case.distractors) if it.ref not in position]
        if missing:
            raise InputError(f"case {case.id!r}: not in the index: {missing}")
        answer_rank = position[case.answer.ref]
        ranks.append(answer_rank)
        n_above += any(position[d.ref] < answer_rank for d in case.distractors)
        n_domain += found.query_domain is not None and domain_key(found.query_domain) == domain_key(
            case.domain
        )
    r = np.array(ranks)
    return AnalogyScores(
        n_queries=len(cases),
        hit_at_1=float(np.mean(r <= 1)),
        hit_at_5=float(np.mean(r <= 5)),
        distractor_above=n_above / len(cases),
        mean_reciprocal_rank=float(np.mean(1.0 / r)),
        domain_accuracy=n_domain / len(cases),
        answer_ranks=tuple(ranks),
    )
