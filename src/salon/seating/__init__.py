"""salon.seating: seat a meetup so that every table mixes backgrounds.

Pure numerical core (numpy and numba; no database, no files except the
benchmark readers).  The public surface:

- :func:`diverse_seating` — seat attendees over one or several rounds
  (diversity, encounter history, table sizes, keep-apart, keep-together,
  pinned seats, repeat penalty), returning a :class:`Seating`;
- :func:`seating_objective` — the objective of a seating, from scratch;
- :func:`read_mdgp`, :func:`solve_mdgp` — the MDGPLIB benchmark entry points;
- :func:`social_golfer` — Social Golfer schedules with as few repeats as found;
- :func:`table_conversation_starter` — a plain-text opener for one table, and
  :func:`evening_conversation_starters` — one for every table of an evening,
  all different.
"""

from salon.seating.conversation import (
    ConversationStarter,
    evening_conversation_starters,
    table_conversation_starter,
)
from salon.seating.golfer import GolferSchedule, schedule_repeats, social_golfer
from salon.seating.mdgp import MdgpInstance, MdgpResult, grouping_objective, read_mdgp, solve_mdgp
from salon.seating.runner import Progress
from salon.seating.seating import Seating, diverse_seating, seating_objective

__all__ = [
    "ConversationStarter",
    "GolferSchedule",
    "MdgpInstance",
    "MdgpResult",
    "Progress",
    "Seating",
    "diverse_seating",
    "evening_conversation_starters",
    "grouping_objective",
    "read_mdgp",
    "schedule_repeats",
    "seating_objective",
    "social_golfer",
    "solve_mdgp",
    "table_conversation_starter",
]
