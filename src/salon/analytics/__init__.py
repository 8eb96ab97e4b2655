"""salon.analytics: the numerical core of network analysis (pure numpy/scipy).

- Structural holes (:mod:`.structural_holes`): Burt's constraint, effective
  size, efficiency and hierarchy for every node of a sparse network at once,
  and drop-in replacements for NetworkX's functions (:mod:`.networkx_compat`).
- Brokerage (:mod:`.brokerage`): Gould–Fernandez roles for a node partition.
- Diversity (:mod:`.diversity`): Blau, IQV, Shannon, evenness, coverage, E–I
  index and perspective spread of categorical or multi-valued attributes.
- Ties (:mod:`.ties`): strength with a half-life, neighbourhood overlap,
  dormant ties, ego-network clusters and the contacts who bridge them.
- Orientation (:mod:`.orientation`): the six dimensions of networking for
  innovation versus for resources, per period and by quarter.

Nothing here touches a database or a file; inputs are arrays and plain data.
"""

from salon.analytics.adjacency import as_adjacency, mutual_weights
from salon.analytics.brokerage import BrokerageRoles, brokerage_roles
from salon.analytics.diversity import (
    AttributeDiversity,
    attribute_diversity,
    blau_index,
    category_shares,
    coverage,
    ei_index,
    evenness,
    iqv,
    perspective_spread,
    shannon_entropy,
)
from salon.analytics.networkx_compat import constraint, effective_size, efficiency, hierarchy
from salon.analytics.orientation import (
    DimensionScore,
    InteractionFacts,
    OrientationProfile,
    orientation_profile,
    orientation_trend,
)
from salon.analytics.structural_holes import (
    StructuralHoles,
    ego_structural_holes,
    structural_holes,
)
from salon.analytics.ties import (
    DormantTie,
    EgoClusters,
    dormant_ties,
    ego_clusters,
    ego_overlap,
    neighbourhood_overlap,
    tie_strength,
)

__all__ = [
    "AttributeDiversity",
    "BrokerageRoles",
    "DimensionScore",
    "DormantTie",
    "EgoClusters",
    "InteractionFacts",
    "OrientationProfile",
    "StructuralHoles",
    "as_adjacency",
    "attribute_diversity",
    "blau_index",
    "brokerage_roles",
    "category_shares",
    "constraint",
    "coverage",
    "dormant_ties",
    "effective_size",
    "efficiency",
    "ego_clusters",
    "ego_overlap",
    "ego_structural_holes",
    "ei_index",
    "evenness",
    "hierarchy",
    "iqv",
    "mutual_weights",
    "neighbourhood_overlap",
    "orientation_profile",
    "orientation_trend",
    "perspective_spread",
    "shannon_entropy",
    "structural_holes",
    "tie_strength",
]
