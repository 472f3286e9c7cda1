"""Team mode on both engines: roles enforced on every write, four-eyes review, conflicts, and
(issue 10, item 12) no lost or overwritten work."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest
from conftest import ROOT

from footprint.dataset import DatasetError, load_dataset
from footprint.query import presence_at
from footprint.store import ConflictError, PermissionDenied, Store


def _event(event_id: str, **changes: str) -> dict[str, str]:
    row = {"event_id": event_id, "date": "2024-06-01", "date_precision": "day", "actor_iso3": "RUS",
           "force": "Africa Corps", "host_iso3": "NER", "site_id": "ner-ab101", "event_type": "presence_reported",
           "summary": "Reported at the base.", "personnel": "", "source_ids": "src-one"}
    return {**row, **changes}


def _source(source_id: str = "src-wire") -> dict[str, str]:
    return {"source_id": source_id, "outlet": "Wire", "title": "Handover", "published": "2025-06-12",
            "url": "https://example.org/handover", "seed_file": "", "note": "test", "kind": "wire",
            "original_agency": ""}


ARTICLE = SimpleNamespace(source_id="src-wire", text="Russian instructors handed over Air Base 101 on June 10.",
                          url="https://example.org/handover", published="2025-06-12", title="Handover")


def _handover() -> SimpleNamespace:
    return SimpleNamespace(
        sources=[_source()], sites=[], deployments=[],
        events=[_event("evt-handover", date="2025-06-10", event_type="handover", source_ids="src-wire")],
        closures=[{"deployment_id": "dep-rus-ab101", "end_date": "2025-06-10", "end_precision": "day"}],
    )


@pytest.fixture
def team(store_url: str, tiny_copy: Path) -> Store:
    store = Store(store_url, curated_dir=tiny_copy)
    store.enable_team(admin="ada", who="setup")
    store.set_role("vic", "viewer", who="ada")
    store.set_role("ana", "analyst", who="ada")
    store.set_role("ben", "analyst", who="ada")
    store.set_role("rey", "reviewer", who="ada")
    store.set_role("rob", "reviewer", who="ada")
    yield store
    store.close()


def _writes(store: Store, who: str) -> dict:
    """Every write path of the store, as ``who``."""
    return {
        "add": lambda: store.add_rows("events", [_event("evt-x")], who=who),
        "update": lambda: store.update_row("events", {"event_id": "evt-x", "summary": "x"}, who=who),
        "close": lambda: store.close_deployment("dep-rus-ab101", "2025-06", "month", who=who, source_id="src-one"),
        "apply": lambda: store.apply(_handover(), who=who, article=ARTICLE, claim_keys=["k"]),
        "save_article": lambda: store.save_article("src-one", "text", who=who),
        "reject_claim": lambda: store.reject("abc", "k", who=who),
        "set_role": lambda: store.set_role("eve", "admin", who=who),
        "enable_team": lambda: store.enable_team(admin=who, who=who),
    }


@pytest.mark.parametrize("who", ["vic", "mallory"])
def test_a_viewer_or_stranger_cannot_write_on_any_path(team: Store, who: str, tmp_path: Path) -> None:
    before = team.revision()
    for name, write in _writes(team, who).items():
        with pytest.raises(PermissionDenied, match=f"^{who} (has the viewer role|is not one of this store's people)"):
            write()
        assert team.revision() == before, name
    export = team.export(tmp_path / "out")
    with pytest.raises(PermissionDenied):
        team.import_dir(export, who=who)
    assert team.proposals() == [] and team.revision() == before


def test_an_analyst_proposes_and_only_another_reviewer_approves(team: Store) -> None:
    proposal_id = team.apply(_handover(), who="ana", article=ARTICLE, claim_keys=["claim-1"])
    assert isinstance(proposal_id, int)
    # Not on the shared map; on the proposer's own, marked as proposed.
    shared = team.merged()
    assert "evt-handover" not in set(shared.events["event_id"])
    assert "dep-rus-ab101" in set(presence_at(shared, "2025-09-01")["deployment_id"])
    own = team.merged(proposals_of="ana")
    assert own.events.set_index("event_id").loc["evt-handover", "origin"] == "proposed"
    assert own.deployments.set_index("deployment_id").loc["dep-rus-ab101", "origin"] == "proposed"
    assert "dep-rus-ab101" not in set(presence_at(own, "2025-09-01")["deployment_id"])
    assert "evt-handover" not in set(team.merged(proposals_of="ben").events["event_id"])
    assert team.decided(ARTICLE_HASH()) == {"claim-1": "proposed"}
    assert team.article("src-wire") is None  # the article is kept with the proposal until approved

    # Laid over the loaded curated data (as the app does), the proposer's view is the same, frame for frame.
    laid_over = team.merged(load_dataset(team.curated_dir), proposals_of="ana")
    for table in ("sources", "sites", "deployments", "events"):
        pd.testing.assert_frame_equal(getattr(laid_over, table), getattr(own, table))

    with pytest.raises(PermissionDenied, match="ben has the analyst role; to approve proposals needs the reviewer"):
        team.approve(proposal_id, who="ben")
    team.set_role("ana", "reviewer", who="ada")
    with pytest.raises(PermissionDenied, match=r"ana wrote proposal .*another reviewer must approve it"):
        team.approve(proposal_id, who="ana")
    assert "evt-handover" not in set(team.merged().events["event_id"])

    review = team.review(proposal_id)
    assert review.blockers == []
    assert review.article["text"] == ARTICLE.text
    # The deployment's own source and the article's new one, with its outlet for the reviewer.
    assert [(s["source_id"], s["outlet"]) for s in review.sources] == [("src-one", "Example Wire"), ("src-wire", "Wire")]
    closure = next(c for c in review.changes if c.table == "deployments")
    assert (closure.before["end_date"], closure.after["end_date"]) == ("", "2025-06-10")

    team.approve(proposal_id, who="rey")
    shared = team.merged()
    assert "evt-handover" in set(shared.events["event_id"])
    assert "dep-rus-ab101" not in set(presence_at(shared, "2025-09-01")["deployment_id"])
    assert team.article("src-wire")["added_by"] == "ana"
    assert team.decided(ARTICLE_HASH()) == {"claim-1": "accepted"}
    log = team.history()
    data = log[log["table"].isin(["sources", "events", "deployments", "articles"])]
    assert set(data["who"]) == {"ana"} and set(data["approved_by"]) == {"rey"}
    assert set(data["proposal_id"]) == {proposal_id}
    with pytest.raises(ValueError, match=f"proposal {proposal_id} was already approved by rey"):
        team.approve(proposal_id, who="rob")


def ARTICLE_HASH() -> str:
    from footprint.store import article_hash

    return article_hash(ARTICLE.text)


def test_a_rejection_keeps_its_reason_and_the_claim_comes_back(team: Store) -> None:
    proposal_id = team.apply(_handover(), who="ana", article=ARTICLE, claim_keys=["claim-1"])
    with pytest.raises(ValueError, match="needs a reason"):
        team.reject_proposal(proposal_id, who="rey", reason="  ")
    with pytest.raises(PermissionDenied):
        team.reject_proposal(proposal_id, who="ben", reason="not mine to reject")
    team.reject_proposal(proposal_id, who="rey", reason="The wire copy names the wrong base.")
    [rejected] = team.proposals("rejected")
    assert (rejected.reviewer, rejected.reason) == ("rey", "The wire copy names the wrong base.")
    assert team.proposals() == []
    assert team.decided(ARTICLE_HASH()) == {}
    assert "evt-handover" not in set(team.merged(proposals_of="ana").events["event_id"])
    assert team.history(table="proposals").iloc[-1]["action"] == "reject"


def test_a_conflicting_second_save_is_refused_with_both_versions(team: Store) -> None:
    team.approve(team.add_rows("events", [_event("evt-edit")], who="ana"), who="rey")
    _, meta = team.row("events", "evt-edit")
    first = team.update_row("events", {"event_id": "evt-edit", "summary": "Ana's reading."}, who="ana",
                            version=meta.version)
    second = team.update_row("events", {"event_id": "evt-edit", "summary": "Ben's reading."}, who="ben",
                             version=meta.version)
    team.approve(first, who="rey")
    with pytest.raises(ConflictError, match=r"events.csv, evt-edit: ana changed this record at .* \(version 2\)") as c:
        team.approve(second, who="rob")
    [conflict] = c.value.conflicts
    assert conflict.theirs["summary"] == "Ana's reading." and conflict.yours["summary"] == "Ben's reading."
    assert team.row("events", "evt-edit")[0]["summary"] == "Ana's reading."
    assert [p.proposal_id for p in team.proposals()] == [second]  # kept, for the reviewer to reject or redo
    review = team.review(second)
    assert any("ana changed this record" in b for b in review.blockers)
    # The same rule without team mode: a stale version is refused, not written over.
    with pytest.raises(ConflictError):
        team.update_row("events", {"event_id": "evt-edit", "summary": "Stale."}, who="ben", version=1)


def test_conflicts_are_refused_in_the_single_user_store_too(store_url: str, tiny_copy: Path) -> None:
    store = Store(store_url, curated_dir=tiny_copy)
    store.add_rows("events", [_event("evt-edit")], who="ana")
    _, meta = store.row("events", "evt-edit")
    store.update_row("events", {"event_id": "evt-edit", "summary": "First."}, who="ana", version=meta.version)
    with pytest.raises(ConflictError) as caught:
        store.update_row("events", {"event_id": "evt-edit", "summary": "Second."}, who="ben", version=meta.version)
    assert caught.value.conflicts[0].who == "ana"
    assert store.row("events", "evt-edit")[0]["summary"] == "First."
    assert store.row("events", "evt-edit")[1].version == 2


def test_only_an_admin_manages_people(team: Store) -> None:
    with pytest.raises(PermissionDenied, match="rey has the reviewer role; to manage people needs the admin"):
        team.set_role("rey", "admin", who="rey")
    team.set_role("vic", "analyst", who="ada")
    assert team.role_of("vic") == "analyst"
    assert set(team.history(table="people")["who"]) == {"setup", "ada"}
    with pytest.raises(ValueError, match="unknown role"):
        team.set_role("vic", "owner", who="ada")


# --- issue 10, item 12: lost and overwritten work ------------------------------------------------------------------


def test_further_claims_from_an_accepted_article_are_kept(store_url: str, tiny_copy: Path) -> None:
    store = Store(store_url, curated_dir=tiny_copy)
    first = SimpleNamespace(sources=[_source()], sites=[], deployments=[], closures=[],
                            events=[_event("evt-claim-a", source_ids="src-wire")])
    store.apply(first, who="ana", article=ARTICLE, claim_keys=["a"])
    second = SimpleNamespace(sources=[_source()], sites=[], deployments=[], closures=[],
                             events=[_event("evt-claim-b", date="2024-07-01", source_ids="src-wire")])
    store.apply(second, who="ana", article=ARTICLE, claim_keys=["b"])
    assert {"evt-claim-a", "evt-claim-b"} <= set(store.merged().events["event_id"])
    assert store.decided(ARTICLE_HASH()) == {"a": "accepted", "b": "accepted"}
    assert list(store.history(table="sources")["row_id"]) == ["src-wire"]  # the source row once


def test_a_second_closure_is_refused_naming_the_first(store_url: str, tiny_copy: Path) -> None:
    store = Store(store_url, curated_dir=tiny_copy)
    store.close_deployment("dep-rus-ab101", "2025-06-30", "day", who="ana", source_id="src-one")
    store.close_deployment("dep-rus-ab101", "2025-06-30", "day", who="ana", source_id="src-one")  # the same: kept
    with pytest.raises(DatasetError, match=r"already closed on 2025-06-30 \(day, citing src-one\) by ana at 20"):
        store.close_deployment("dep-rus-ab101", "2025-07-15", "day", who="ben", source_id="src-one")
    assert list(store.overrides()[["end_date", "who"]].itertuples(index=False, name=None)) == [("2025-06-30", "ana")]
    assert len(store.history(table="deployments")) == 1


def test_two_pending_closures_the_second_approval_is_refused(team: Store) -> None:
    first = team.close_deployment("dep-rus-ab101", "2025-06-30", "day", who="ana", source_id="src-one")
    second = team.close_deployment("dep-rus-ab101", "2025-08-01", "day", who="ben", source_id="src-one")
    team.approve(first, who="rey")
    with pytest.raises(DatasetError, match=r"already closed on 2025-06-30 .* by ana at"):
        team.approve(second, who="rob")
    assert team.overrides()["end_date"].tolist() == ["2025-06-30"]


# --- two processes on one store --------------------------------------------------------------------------------------

_OTHER_PROCESS = """
import sys
from footprint.store import Store
store = Store(sys.argv[1], curated_dir=sys.argv[2])
if sys.argv[3] == "propose":
    print(store.close_deployment("dep-rus-ab101", "2025-06-30", "day", who="ana", source_id="src-one"))
else:
    print(store.revision(), sorted(set(store.merged().deployments.dropna(subset=["end_date"])["deployment_id"])))
"""


def test_two_processes_see_each_others_approved_changes(team: Store, tiny_copy: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}

    def other(step: str) -> str:
        done = subprocess.run([sys.executable, "-c", _OTHER_PROCESS, team.url, str(tiny_copy), step], env=env,
                              capture_output=True, text=True, timeout=120, check=True)
        return done.stdout.strip()

    proposal_id = int(other("propose"))
    revision = team.revision()
    assert "dep-rus-ab101" in set(presence_at(team.merged(), "2025-09-01")["deployment_id"])
    team.approve(proposal_id, who="rey")
    assert team.revision() > revision  # the counter every process keys its cache on
    seen_revision, closed = other("read").split(" ", 1)
    assert int(seen_revision) == team.revision()
    assert "'dep-rus-ab101'" in closed


def test_the_revision_rises_only_for_changes_a_map_can_show(team: Store) -> None:
    shared, mine, theirs = team.revision(), team.revision(proposals_of="ana"), team.revision(proposals_of="ben")
    proposal_id = team.add_rows("events", [_event("evt-counted")], who="ana")
    assert team.revision() == shared and team.revision(proposals_of="ben") == theirs
    assert team.revision(proposals_of="ana") > mine  # ana's own map shows her proposal
    team.approve(proposal_id, who="rey")
    assert team.revision() > shared and team.revision(proposals_of="ben") > theirs
    before = team.revision()
    team.reject("abc", "claim", who="ana")
    team.set_role("vic", "analyst", who="ada")
    assert team.revision() == before


def test_a_proposal_says_what_it_would_do(team: Store) -> None:
    team.apply(_handover(), who="ana", article=ARTICLE)
    [proposal] = team.proposals()
    assert proposal.summary == "sources: 1 added; events: 1 added; deployments: 1 closed; article text kept"
