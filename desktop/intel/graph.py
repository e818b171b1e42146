"""The trade graph: seller accounts, groups, platforms and species as nodes, adverts as edges.

An edge joins an account to the platform, the group (post, page or shop) and
each species of its adverts; its ``weight`` is the number of adverts behind it.
Every node's ``adverts`` is the number of distinct adverts touching it (its
volume). Confirmed seller links are extra account-to-account edges of kind
``link``; accounts carry the name of their seller network. ``degree`` and
``component`` (1 = largest connected component) come from networkx.

:func:`export_graphml` writes the whole graph for Gephi; :func:`focus` keeps the
busiest accounts and their neighbours for drawing, and :func:`layout` places
nodes with a small, seeded force-directed layout (pure Python: networkx's own
layouts need numpy, which Pantau does not ship).
"""

from __future__ import annotations

import math
import random
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import networkx as nx

from desktop.errors import PantauError
from desktop.i18n import _, current_language
from desktop.intel.networks import decisions, networks
from desktop.training import export_note, is_training

ACCOUNT, PLATFORM, GROUP, SPECIES = "account", "platform", "group", "species"
NODE_KINDS = (ACCOUNT, GROUP, PLATFORM, SPECIES)
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def node_id(kind: str, value: str) -> str:
    return f"{kind}:{value}"


def trade_graph(
    store, date_from: str = "", date_to: str = "", species_id: str = "", lang: str | None = None
) -> nx.Graph:
    """The graph of live adverts with a seller in the period (optionally only adverts of one species).

    Every advert has one account, platform and group, so volumes add up exactly from the per-account
    counts that SQL returns."""
    lang = lang or current_language()
    platforms = {p.id: p.name for p in store.ref.platforms}
    labels: dict[str, tuple[str, str]] = {}
    volume: Counter = Counter()
    edges: Counter = Counter()
    for account, handle, platform, group_key, group, adverts in store.queries.intel.graph_adverts(
        date_from, date_to, species_id
    ):
        acc = node_id(ACCOUNT, account)
        labels.setdefault(acc, (ACCOUNT, handle or account))
        volume[acc] += adverts
        ends = []
        if platform:
            ends.append(node_id(PLATFORM, platform))
            labels.setdefault(ends[-1], (PLATFORM, platforms.get(platform, platform)))
        if group_key:
            ends.append(node_id(GROUP, " ".join(group_key.split())))
            labels.setdefault(ends[-1], (GROUP, group))
        for end in ends:
            volume[end] += adverts
            edges[(acc, end)] += adverts
    for account, species, other, other_written, adverts in store.queries.intel.graph_species(
        date_from, date_to, species_id
    ):
        if not species and not other:
            continue
        end = node_id(SPECIES, species or "other:" + " ".join(other.split()))
        if end not in labels:
            entry = store.ref.species_by_id(species) if species else None
            labels[end] = (SPECIES, entry.display_name(lang) if entry else (other_written or species))
        volume[end] += adverts
        edges[(node_id(ACCOUNT, account), end)] += adverts
    graph = nx.Graph(date_from=date_from or "", date_to=date_to or "", species=species_id or "")
    if is_training(store.home):  # a training sandbox's GraphML says so (graph attribute)
        graph.graph["training"] = export_note()
    member = {account: net.name for net in networks(store) for account in net.accounts}
    graph.add_nodes_from(
        (
            node,
            {
                "kind": kind,
                "label": label,
                "adverts": volume[node],
                "network": member.get(node.split(":", 1)[1], "") if kind == ACCOUNT else "",
            },
        )
        for node, (kind, label) in labels.items()
    )
    graph.add_edges_from((a, b, {"kind": "advert", "weight": n, "network": ""}) for (a, b), n in edges.items())
    for link in decisions(store, "confirmed"):
        a, b = node_id(ACCOUNT, link["account_a"]), node_id(ACCOUNT, link["account_b"])
        if a in graph and b in graph:
            graph.add_edge(a, b, kind="link", weight=1, network=member.get(link["account_a"], ""))
    components = sorted(nx.connected_components(graph), key=lambda c: (-len(c), min(c)))
    for number, component in enumerate(components, start=1):
        for node in component:
            graph.nodes[node]["component"] = number
    for node, degree in graph.degree():
        graph.nodes[node]["degree"] = int(degree)
    return graph


@dataclass(frozen=True)
class GraphSummary:
    nodes: int
    edges: int
    accounts: int
    components: int
    largest_component: int
    top_accounts: list[tuple[str, int, int]]  # (label, degree, adverts), most connected first


def summary(graph: nx.Graph, top: int = 10) -> GraphSummary:
    accounts = [(d["label"], d["degree"], d["adverts"]) for _n, d in graph.nodes(data=True) if d["kind"] == ACCOUNT]
    accounts.sort(key=lambda item: (-item[1], -item[2], item[0]))
    sizes = [len(c) for c in nx.connected_components(graph)]
    return GraphSummary(
        graph.number_of_nodes(),
        graph.number_of_edges(),
        len(accounts),
        len(sizes),
        max(sizes) if sizes else 0,
        accounts[:top],
    )


def _xml_text(value) -> str:
    text = _XML_INVALID.sub("", str(value))
    return escape(text)


def _graphml_type(value) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "long"
    if isinstance(value, float):
        return "double"
    return "string"


def export_graphml(graph: nx.Graph, path) -> Path:
    """Write ``graph`` as GraphML (readable by Gephi and ``networkx.read_graphml``), streamed so that a
    graph of a whole database is written in seconds."""
    path = Path(path)
    keys: dict[tuple[str, str], tuple[str, str]] = {}

    def declare(domain: str, data: dict) -> None:
        for name, value in data.items():
            if (domain, name) not in keys:
                keys[(domain, name)] = (f"d{len(keys)}", _graphml_type(value))

    declare("graph", graph.graph)
    for _node, data in graph.nodes(data=True):
        declare("node", data)
    for _a, _b, data in graph.edges(data=True):
        declare("edge", data)

    def data_lines(domain: str, data: dict) -> str:
        parts = []
        for name, value in data.items():
            key, kind = keys[(domain, name)]
            text = str(value).lower() if kind == "boolean" else value
            parts.append(f'<data key="{key}">{_xml_text(text)}</data>')
        return "".join(parts)

    try:
        with open(path, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(
                "<?xml version='1.0' encoding='utf-8'?>\n"
                '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
                'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
                'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
                'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n'
            )
            for (domain, name), (key, kind) in keys.items():
                fh.write(f'<key id="{key}" for="{domain}" attr.name={quoteattr(name)} attr.type="{kind}"/>\n')
            fh.write('<graph edgedefault="undirected">\n')
            fh.write(data_lines("graph", graph.graph) + "\n")
            for node, data in graph.nodes(data=True):
                fh.write(f"<node id={quoteattr(_XML_INVALID.sub('', str(node)))}>{data_lines('node', data)}</node>\n")
            for a, b, data in graph.edges(data=True):
                fh.write(
                    f"<edge source={quoteattr(_XML_INVALID.sub('', str(a)))} "
                    f"target={quoteattr(_XML_INVALID.sub('', str(b)))}>{data_lines('edge', data)}</edge>\n"
                )
            fh.write("</graph>\n</graphml>\n")
    except OSError as exc:
        raise PantauError(
            _("The file {path} cannot be written: {reason}").format(path=path, reason=exc.strerror or exc)
        ) from None
    return path


def focus(graph: nx.Graph, max_accounts: int = 60) -> nx.Graph:
    """The busiest ``max_accounts`` accounts (by adverts, then degree), their neighbours and the edges among them."""
    accounts = [(n, d) for n, d in graph.nodes(data=True) if d["kind"] == ACCOUNT]
    if len(accounts) <= max_accounts:
        return graph.copy()
    accounts.sort(key=lambda item: (-item[1]["adverts"], -item[1]["degree"], item[0]))
    keep = {n for n, _d in accounts[:max_accounts]}
    for node in list(keep):
        keep.update(m for m in graph.neighbors(node) if graph.nodes[m]["kind"] != ACCOUNT)
    return graph.subgraph(keep).copy()


def layout(graph: nx.Graph, seed: int = 7, iterations: int = 60) -> dict[str, tuple[float, float]]:
    """Node positions in [-1, 1]² from a seeded Fruchterman-Reingold layout (same graph, same picture)."""
    nodes = sorted(graph.nodes)
    count = len(nodes)
    if count == 0:
        return {}
    if count == 1:
        return {nodes[0]: (0.0, 0.0)}
    rng = random.Random(seed)
    rings = {PLATFORM: 0.25, SPECIES: 0.55, GROUP: 0.75, ACCOUNT: 1.0}
    pos = {}
    for node in nodes:
        angle = rng.uniform(0, 2 * math.pi)
        radius = rings.get(graph.nodes[node].get("kind"), 1.0) * rng.uniform(0.8, 1.0)
        pos[node] = [radius * math.cos(angle), radius * math.sin(angle)]
    k = math.sqrt(4.0 / count)
    temperature = 0.2
    index = {node: i for i, node in enumerate(nodes)}
    edge_list = [(index[a], index[b], float(d.get("weight", 1))) for a, b, d in graph.edges(data=True)]
    coords = [pos[node] for node in nodes]
    for _step in range(iterations):
        disp = [[0.0, 0.0] for _ in nodes]
        for i in range(count):
            xi, yi = coords[i]
            for j in range(i + 1, count):
                dx, dy = xi - coords[j][0], yi - coords[j][1]
                dist2 = dx * dx + dy * dy or 1e-6
                force = k * k / dist2
                disp[i][0] += dx * force
                disp[i][1] += dy * force
                disp[j][0] -= dx * force
                disp[j][1] -= dy * force
        for i, j, weight in edge_list:
            dx, dy = coords[i][0] - coords[j][0], coords[i][1] - coords[j][1]
            dist = math.sqrt(dx * dx + dy * dy) or 1e-6
            force = dist / k * (1 + math.log(weight))
            disp[i][0] -= dx * force
            disp[i][1] -= dy * force
            disp[j][0] += dx * force
            disp[j][1] += dy * force
        for i in range(count):
            dx, dy = disp[i]
            length = math.sqrt(dx * dx + dy * dy) or 1e-6
            step = min(length, temperature)
            coords[i][0] += dx / length * step
            coords[i][1] += dy / length * step
        temperature *= 0.95
    _normalise(coords)
    _spread(coords, 1.6 / math.sqrt(count))
    _normalise(coords)
    return {node: (coords[i][0], coords[i][1]) for i, node in enumerate(nodes)}


def _normalise(coords: list[list[float]]) -> None:
    """Centre and scale into [-1, 1]², in place."""
    xs, ys = [c[0] for c in coords], [c[1] for c in coords]
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    scale = max(max(xs) - min(xs), max(ys) - min(ys)) / 2 or 1.0
    for c in coords:
        c[0], c[1] = (c[0] - cx) / scale, (c[1] - cy) / scale


def _spread(coords: list[list[float]], min_dist: float, rounds: int = 30) -> None:
    """Push apart nodes closer than ``min_dist`` (hubs pull their leaves into a crowd), in place."""
    count = len(coords)
    for _round in range(rounds):
        moved = False
        for i in range(count):
            for j in range(i + 1, count):
                dx, dy = coords[j][0] - coords[i][0], coords[j][1] - coords[i][1]
                dist = math.sqrt(dx * dx + dy * dy)
                if dist >= min_dist:
                    continue
                if dist < 1e-9:
                    dx, dy, dist = 1e-3 * (1 + i % 3), 1e-3 * (1 + j % 3), 1.5e-3
                push = (min_dist - dist) / 2 / dist
                coords[i][0] -= dx * push
                coords[i][1] -= dy * push
                coords[j][0] += dx * push
                coords[j][1] += dy * push
                moved = True
        if not moved:
            return
