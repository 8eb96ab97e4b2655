"""The sample network behind ``salon demo``; it lives in :mod:`salon.services.sample`.

This module is the stable import path: ``from salon.services.sample_data import
generate_sample``.
"""

from salon.services.sample import (
    CHANNELS,
    DEFAULT_TODAY,
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
    generate_sample,
)

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
