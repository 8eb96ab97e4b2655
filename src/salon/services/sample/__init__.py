"""A realistic, seeded sample network for ``salon demo``, as plain frozen data.

Pure Python: nothing here touches the database.  The demo service loads a
:class:`SampleNetwork` into its own store.
"""

from salon.services.sample.model import (
    CHANNELS,
    LEARNING_PURPOSES,
    OUTCOMES,
    PURPOSES,
    RESOURCE_PURPOSES,
    SUPPORT_TYPES,
    SampleCommunity,
    SampleEvent,
    SampleEventFeedback,
    SampleFeedback,
    SampleIdea,
    SampleIdeaVersion,
    SampleInteraction,
    SampleLesson,
    SampleMember,
    SampleNetwork,
    SamplePerson,
    SampleTie,
)
from salon.services.sample.network import DEFAULT_TODAY, generate_sample

__all__ = [
    "CHANNELS",
    "DEFAULT_TODAY",
    "LEARNING_PURPOSES",
    "OUTCOMES",
    "PURPOSES",
    "RESOURCE_PURPOSES",
    "SUPPORT_TYPES",
    "SampleCommunity",
    "SampleEvent",
    "SampleEventFeedback",
    "SampleFeedback",
    "SampleIdea",
    "SampleIdeaVersion",
    "SampleInteraction",
    "SampleLesson",
    "SampleMember",
    "SampleNetwork",
    "SamplePerson",
    "SampleTie",
    "generate_sample",
]
