"""The only bridge from stored records to NetworkX: one account as a typed multigraph.

Nodes are ``(kind, id)`` tuples, kind in ``company``, ``department``, ``person``,
``colleague``, ``product``, ``opportunity``; each node carries ``kind`` plus every field of
its record (enums stay enums, which compare equal to their string values). Edge keys name
the relation, and each edge also carries it as ``relation``:

==============  ==========================================  ===============================
key             direction                                   attributes
==============  ==========================================  ===============================
reports_to      person → manager
dotted_line     person → secondary (dotted-line) manager
influences      source person → target person               strength, kind, note
conflicts       source person → target person (an           strength, kind, note
                influence line of polarity ``negative``)
member_of       person → department
part_of         department → company / parent department
knows           colleague → person                          strength, since, last_contact,
                                                            source, target_strength
interacted:<id> colleague → person                          id, date, type, opportunity_id,
                                                            summary
role:<role>     person → opportunity (or → company when     role, stance, opportunity_id,
                account-wide)                               note
deployed:<v>    department → product                        vendor, status, since,
                                                            annual_value, licences, ours
opportunity     opportunity → company / department /
                product
on_team:<role>  colleague → company (the account's team)   role
==============  ==========================================  ===============================

References to records missing from the snapshot (a manager in another account, a deleted
department) are skipped, never crashed on. ``G.graph["company_id"]`` names the account
and ``G.graph["field_sources"]`` lists its interview answers and confirmations (dicts of
target, target_id, field, source, kind, date, current; see ``models.FieldSource``).
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from graphprofile.models import AccountSnapshot, Record

__all__ = ["account_graph", "people_graph", "node_id", "nodes_of_kind"]


def _attrs(kind: str, record: Record) -> dict[str, Any]:
    # Fields and extras as ``dict(record)`` gives them, read straight from the model's
    # own dicts, which costs far less (BENCHMARKS.md, second round).
    attrs = {**record.__dict__, **(record.__pydantic_extra__ or {})}
    attrs["kind"] = kind
    return attrs


def account_graph(snapshot: AccountSnapshot) -> nx.MultiDiGraph:
    """Build the graph of one account from its snapshot.

    Parameters
    ----------
    snapshot : AccountSnapshot
        Everything one account's questions need, as loaded by the store.

    Returns
    -------
    networkx.MultiDiGraph
        Nodes keyed ``(kind, id)``, edges keyed by relation (see the module docstring).

    Examples
    --------
    >>> from graphprofile.models import AccountSnapshot, Company, Person
    >>> snap = AccountSnapshot(
    ...     company=Company(id="acme", name="Acme", industry="retail"),
    ...     people=[Person(id="boss", company_id="acme", name="B"),
    ...             Person(id="ann", company_id="acme", name="A", reports_to="boss"),
    ...             Person(id="bob", company_id="acme", name="C", reports_to="gone")])
    >>> G = account_graph(snap)
    >>> sorted(G.edges(keys=True))
    [(('person', 'ann'), ('person', 'boss'), 'reports_to')]
    >>> G.nodes["person", "ann"]["kind"], G.graph["company_id"]
    ('person', 'acme')
    """
    G = nx.MultiDiGraph(company_id=snapshot.company.id,
                        field_sources=[dict(s.__dict__) for s in snapshot.field_sources])
    company = ("company", snapshot.company.id)
    nodes: list[tuple[tuple[str, str], dict[str, Any]]] = [
        (company, _attrs("company", snapshot.company))]
    for kind, records in (("department", snapshot.departments), ("person", snapshot.people),
                          ("colleague", snapshot.colleagues), ("product", snapshot.products),
                          ("opportunity", snapshot.opportunities)):
        nodes.extend(((kind, record.id), _attrs(kind, record)) for record in records)
    G.add_nodes_from(nodes)
    present = {node for node, _attrs in nodes}
    add_edge = G.add_edge

    def link(u: tuple[str, str], v: tuple[str, str], key: str, relation: str,
             **attrs: Any) -> None:
        if u in present and v in present:
            add_edge(u, v, key, relation=relation, **attrs)

    for dept in snapshot.departments:
        node = ("department", dept.id)
        link(node, ("company", dept.company_id), "part_of", "part_of")
        if dept.parent_id is not None:
            link(node, ("department", dept.parent_id), "part_of", "part_of")
    for person in snapshot.people:
        node = ("person", person.id)
        if person.reports_to is not None:
            link(node, ("person", person.reports_to), "reports_to", "reports_to")
        if person.department_id is not None:
            link(node, ("department", person.department_id), "member_of", "member_of")
        for boss in person.dotted_line_to:
            link(node, ("person", boss), "dotted_line", "dotted_line")
    for inf in snapshot.influence:
        # A negative line is a conflict: its own key, so readers of "influences" skip it.
        key = "conflicts" if inf.polarity == "negative" else "influences"
        link(("person", inf.source_id), ("person", inf.target_id), key, key,
             strength=inf.strength, kind=inf.kind, note=inf.note)
    for rel in snapshot.relationships:
        link(("colleague", rel.colleague_id), ("person", rel.person_id), "knows", "knows",
             strength=rel.strength, since=rel.since, last_contact=rel.last_contact,
             source=rel.source, target_strength=rel.target_strength)
    for member in snapshot.account_team:
        link(("colleague", member.colleague_id), ("company", member.company_id),
             f"on_team:{member.role}", "on_team", role=member.role)
    for act in snapshot.interactions:
        link(("colleague", act.colleague_id), ("person", act.person_id),
             f"interacted:{act.id}", "interacted", id=act.id, date=act.date, type=act.type,
             opportunity_id=act.opportunity_id, summary=act.summary)
    for dep in snapshot.deployments:
        link(("department", dep.department_id), ("product", dep.product_id),
             f"deployed:{dep.vendor}", "deployed", vendor=dep.vendor, status=dep.status,
             since=dep.since, annual_value=dep.annual_value, licences=dep.licences,
             ours=dep.ours)
    for opp in snapshot.opportunities:
        node = ("opportunity", opp.id)
        link(node, ("company", opp.company_id), "opportunity", "opportunity")
        if opp.department_id is not None:
            link(node, ("department", opp.department_id), "opportunity", "opportunity")
        if opp.product_id is not None:
            link(node, ("product", opp.product_id), "opportunity", "opportunity")
    for assignment in snapshot.roles:
        target = (company if assignment.opportunity_id is None
                  else ("opportunity", assignment.opportunity_id))
        link(("person", assignment.person_id), target, f"role:{assignment.role.value}", "role",
             role=assignment.role, stance=assignment.stance,
             opportunity_id=assignment.opportunity_id, note=assignment.note)
    return G


def nodes_of_kind(G: nx.MultiDiGraph, kind: str) -> list[str]:
    """Sorted ids of the nodes of one kind.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_nodes_from([(("person", "b"), {"kind": "person"}),
    ...                   (("person", "a"), {"kind": "person"}),
    ...                   (("colleague", "c"), {"kind": "colleague"})])
    >>> nodes_of_kind(G, "person")
    ['a', 'b']
    """
    return sorted(node[1] for node, k in G.nodes(data="kind") if k == kind)


def node_id(node: tuple[str, str]) -> str:
    """The record id of a ``(kind, id)`` node.

    Examples
    --------
    >>> node_id(("person", "ann"))
    'ann'
    """
    return node[1]


def people_graph(G: nx.MultiDiGraph) -> nx.DiGraph:
    """The persons of an account graph, keyed by person id, with reporting and influence.

    An edge ``u → v`` has ``reports_to=True`` when ``u`` reports to ``v`` and
    ``influence=<strength>`` when ``u`` influences ``v`` (either or both). Node attributes
    are those of the account graph plus ``roles``: the sorted buying-role values the person
    holds (on any opportunity, or account-wide).

    Examples
    --------
    >>> from graphprofile.models import AccountSnapshot, Company, Influence, Person
    >>> snap = AccountSnapshot(
    ...     company=Company(id="acme", name="Acme", industry="retail"),
    ...     people=[Person(id="boss", company_id="acme", name="B"),
    ...             Person(id="ann", company_id="acme", name="A", reports_to="boss")],
    ...     influence=[Influence(source_id="ann", target_id="boss", strength=0.8)])
    >>> P = people_graph(account_graph(snap))
    >>> P.edges["ann", "boss"]
    {'reports_to': True, 'influence': 0.8}
    """
    P = nx.DiGraph(company_id=G.graph.get("company_id"))
    for node, attrs in G.nodes(data=True):
        if attrs.get("kind") == "person":
            roles = sorted({str(r) for _, _, r in G.out_edges(node, data="role") if r})
            P.add_node(node[1], **attrs, roles=roles)
    for u, v, key, attrs in G.edges(keys=True, data=True):
        if u[0] != "person" or v[0] != "person":
            continue
        if key == "reports_to":
            P.add_edge(u[1], v[1], reports_to=True)
        elif key == "influences":
            P.add_edge(u[1], v[1], influence=attrs.get("strength", 0.0))
    return P
