"""salon.analytics: the numerical core of network analysis (pure numpy/scipy).

Structural holes for every node of a sparse network, drop-in replacements for
NetworkX's structural-hole functions, and the measures salon's report stands on.
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
from salon.analytics.structural_holes import StructuralHoles, structural_holes

__all__ = [
    "AttributeDiversity",
    "BrokerageRoles",
    "StructuralHoles",
    "as_adjacency",
    "attribute_diversity",
    "blau_index",
    "brokerage_roles",
    "category_shares",
    "constraint",
    "coverage",
    "effective_size",
    "efficiency",
    "ei_index",
    "evenness",
    "hierarchy",
    "iqv",
    "mutual_weights",
    "perspective_spread",
    "shannon_entropy",
    "structural_holes",
]
