"""Proposals under review: what a proposal is, its diff against the rows held now, and the authors' own view.

The store (``footprint.store.store``) reads and writes proposals; the rules here do not touch the database.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from footprint.dataset import DatasetError
from footprint.store.layers import Values, _Batch, _compose, _Curated, _held, _id, _plan, _State, _validate


@dataclass(frozen=True)
class Proposal:
    """A change waiting for (or past) review: its author, state, and what it would write."""

    proposal_id: int
    author: str
    created_at: str
    status: str
    summary: str
    source_id: str | None
    reviewer: str | None
    reviewed_at: str | None
    reason: str | None
    batch: _Batch


@dataclass(frozen=True)
class RowChange:
    """One row a proposal would write: the row held now (None when new) and the row afterwards."""

    action: str
    table: str
    row_id: str
    before: Values | None
    after: Values


@dataclass(frozen=True)
class ProposalReview:
    """What a reviewer needs: the proposal, its diff against the current rows, its sources and article,
    and any reason it could not be approved now (problems or conflicts with what changed since)."""

    proposal: Proposal
    changes: list[RowChange]
    sources: list[Values]
    article: Values | None
    blockers: list[str]


def _proposal_of(record: Mapping[str, Any]) -> Proposal:
    return Proposal(
        int(record["proposal_id"]), record["author"], record["created_at"], record["status"], record["summary"],
        record["source_id"], record["reviewer"], record["reviewed_at"], record["reason"],
        _Batch.from_json(record["batch_json"]),
    )


def review_of(curated: _Curated, state: _State, proposal: Proposal) -> ProposalReview:
    """``proposal`` as a diff against ``state`` over ``curated``, with the sources it cites and its blockers."""
    plan = _plan(curated, state, proposal.batch)
    blockers = [str(c) for c in plan.conflicts] + [str(p) for p in plan.problems]
    changes = []
    for op in plan.ops:
        row_id = _id(op.table, op.values)
        before = None if op.action == "add" else _held(curated, state, op.table, row_id)
        changes.append(RowChange(op.action, op.table, row_id, before, op.values))
    for conflict in plan.conflicts:
        changes.append(RowChange("update", conflict.table, conflict.row_id, conflict.theirs, conflict.yours))
    cited = {proposal.source_id} if proposal.source_id else set()
    for change in changes:
        cited |= set(filter(None, (part.strip() for part in change.after.get("source_ids", "").split(";"))))
        if change.table == "sources":
            cited.add(change.row_id)
    new_sources = {_id("sources", v): v for v in plan.new.get("sources", [])}
    sources = [new_sources.get(s) or _held(curated, state, "sources", s) or {"source_id": s, "outlet": "(unknown)"}
               for s in sorted(cited)]
    if proposal.status == "pending" and not blockers and plan.ops:
        tables, problems = _compose(curated, plan.after, plan.new, plan.kinds)
        blockers += [str(p) for p in problems]
        if not problems:
            try:
                _validate(curated, tables)
            except DatasetError as exc:
                blockers += [str(p) for p in exc.problems]
    return ProposalReview(proposal, changes, sources, proposal.batch.article, blockers)


def with_proposals(curated: _Curated, state: _State, proposals: list[Proposal]
                   ) -> tuple[_State, set[tuple[str, str]]]:
    """``state`` with each proposal that still fits laid over it, and the (table, row id) pairs they add."""
    proposed: set[tuple[str, str]] = set()
    for proposal in proposals:
        plan = _plan(curated, state, proposal.batch)
        if plan.problems or plan.conflicts:
            continue
        after = plan.after
        for table, rows in plan.new.items():
            for values in rows:
                after.rows[table][_id(table, values)] = values
        tables, problems = _compose(curated, after)
        if problems:
            continue
        try:
            _validate(curated, tables)
        except DatasetError:
            continue
        state = after
        proposed |= {(op.table, _id(op.table, op.values)) for op in plan.ops}
    return state, proposed
