"""``salon report --plot``: the network map coloured by industry, and the orientation radar."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path

import networkx as nx

from salon.errors import InputError
from salon.services.network_map import IndustryMap

PLOT_SUFFIXES = (".png", ".svg", ".pdf")


def check_plot_path(path: Path) -> None:
    """Refuse a file matplotlib would not write by its suffix, before any work is done."""
    if path.suffix.lower() not in PLOT_SUFFIXES:
        raise InputError(
            f"--plot: expected a file ending in {', '.join(PLOT_SUFFIXES)}, got {path.name!r}"
        )


def plot_report(
    picture: IndustryMap,
    path: Path,
    *,
    orientation: Mapping[str, float] | None = None,
    seed: int = 7,
) -> Path:
    """Draw the ego network (coloured by industry) and, if given, the orientation radar."""
    check_plot_path(path)
    import matplotlib

    matplotlib.use("Agg")  # files only: never open a window
    import matplotlib.pyplot as plt

    ego = nx.Graph()
    ego.add_nodes_from(picture.nodes)
    ego.add_edges_from(picture.edges)
    industries = list(picture.industries)
    common = [name for name, _ in Counter(industries).most_common(9)]
    palette = plt.get_cmap("tab10")
    colour = {name: palette(i) for i, name in enumerate(common)}
    n_panels = 2 if orientation else 1
    fig = plt.figure(figsize=(7 * n_panels, 7))
    ax = fig.add_subplot(1, n_panels, 1)
    layout = nx.spring_layout(ego, seed=seed, k=1.5 / math.sqrt(max(len(ego), 1)))
    nx.draw_networkx_edges(ego, layout, ax=ax, alpha=0.15, width=0.6)
    nx.draw_networkx_nodes(
        ego,
        layout,
        ax=ax,
        node_size=[160 if n == picture.user_id else 40 for n in ego],
        node_color=[colour.get(i, (0.7, 0.7, 0.7, 1.0)) for i in industries],
    )
    for name, rgba in colour.items():
        ax.scatter([], [], color=rgba, label=name)
    ax.legend(loc="lower left", fontsize=8, frameon=False, title="industry")
    ax.set_title(f"{ego.number_of_nodes() - 1} contacts, {ego.number_of_edges()} known ties")
    ax.set_axis_off()
    if orientation:
        _radar(fig.add_subplot(1, 2, 2, projection="polar"), orientation)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path


def _radar(ax: object, scores: Mapping[str, float]) -> None:
    labels: Sequence[str] = list(scores)
    values = [0.0 if math.isnan(v) else v for v in scores.values()]
    angles = [2 * math.pi * i / len(labels) for i in range(len(labels))]
    ax.plot([*angles, angles[0]], [*values, values[0]], linewidth=1.5)  # type: ignore[attr-defined]
    ax.fill([*angles, angles[0]], [*values, values[0]], alpha=0.25)  # type: ignore[attr-defined]
    ax.set_xticks(angles)  # type: ignore[attr-defined]
    ax.set_xticklabels([label.replace("_", " ") for label in labels], fontsize=9)  # type: ignore[attr-defined]
    ax.set_ylim(0, 1)  # type: ignore[attr-defined]
    ax.set_title("ideas (1) vs resources (0)")  # type: ignore[attr-defined]
