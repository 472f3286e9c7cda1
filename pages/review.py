"""Review: proposals waiting for a second pair of eyes, each as a diff with its sources and article."""

import pandas as pd
import streamlit as st

from footprint.dataset import DatasetError
from footprint.model import columns
from footprint.store import ConflictError, PermissionDenied
from pages import _auth
from pages._state import dataset, md_escape, workspace

PROPOSAL_KEY, REASON_KEY = "review_proposal", "review_reason"

dataset()  # routes through the app and draws the sign-in box
store = workspace()
person = _auth.identity(store)
st.title("Review proposals")
if done := st.session_state.pop("_review_done", None):
    st.success(done)
if not person.team:
    st.info("This store is a single-user workspace: changes apply at once, so there is nothing to review. "
            "A team store (see the README's deployment section) turns changes into proposals.")
    st.stop()

pending = store.proposals()
st.caption("A proposal joins the shared map only when a reviewer other than its author approves it.")
if not pending:
    st.write("No proposal is waiting for review.")
else:
    labels = {p.proposal_id: f"#{p.proposal_id} by {p.author}, {p.created_at[:16].replace('T', ' ')} UTC: {p.summary}"
              for p in pending}
    chosen = st.selectbox("Proposal", list(labels), format_func=labels.__getitem__, key=PROPOSAL_KEY)
    review = store.review(chosen)
    proposal = review.proposal
    for blocker in review.blockers:
        st.warning(md_escape(f"Cannot be approved as it stands: {blocker}"))

    st.subheader("Changes")
    for change in review.changes:
        what = {"add": "new record", "update": "changed record", "close": "closed deployment"}[change.action]
        st.markdown(f"**{md_escape(change.table)}** · {md_escape(change.row_id)} · {what}")
        names = columns(change.table)
        diff = pd.DataFrame({
            "column": names,
            "current": [(change.before or {}).get(c, "") if change.before is not None else "" for c in names],
            "proposed": [change.after.get(c, "") for c in names],
        })
        diff["changed"] = diff["current"] != diff["proposed"]
        shown = diff if change.before is None else diff[diff["changed"]]
        st.dataframe(shown, hide_index=True, width="stretch",
                     column_config={"changed": st.column_config.CheckboxColumn("changed")})

    st.subheader("Sources")
    st.dataframe(pd.DataFrame(review.sources).reindex(columns=["source_id", "outlet", "title", "published", "url"]),
                 hide_index=True, width="stretch")
    if review.article is not None:
        st.subheader("Article text")
        st.text(review.article["text"])  # plain text: the evidence exactly as pasted, never rendered

    if not person.can_review:
        st.info("Approving and rejecting needs a signed-in reviewer.")
    elif proposal.author == person.name:
        st.info("You wrote this proposal: another reviewer must approve it.")
    left, right = st.columns(2)
    approve = left.button("Approve", key="review_approve", type="primary",
                          disabled=not person.can_review or proposal.author == person.name or bool(review.blockers))
    reason = right.text_input("Reason for rejecting", key=REASON_KEY)
    reject = right.button("Reject", key="review_reject", disabled=not person.can_review and person.name !=
                          proposal.author)
    if approve or reject:
        try:
            if approve:
                store.approve(proposal.proposal_id, who=person.name or "")
                st.session_state["_review_done"] = f"Approved proposal {proposal.proposal_id}: it is on the shared map."
            else:
                store.reject_proposal(proposal.proposal_id, who=person.name or "", reason=reason)
                st.session_state["_review_done"] = f"Rejected proposal {proposal.proposal_id}; its author sees why."
        except ConflictError as exc:
            st.error(md_escape(str(exc)))
            for conflict in exc.conflicts:
                st.dataframe(pd.DataFrame({"theirs": conflict.theirs, "yours": conflict.yours}), width="stretch")
            st.stop()
        except (DatasetError, PermissionDenied, ValueError) as exc:
            st.error(md_escape(str(exc)))
            st.stop()
        st.rerun()

st.subheader("Recent decisions and changes")
history = store.history().tail(30).iloc[::-1]
st.dataframe(history[["at", "who", "approved_by", "action", "table", "row_id", "proposal_id"]], hide_index=True,
             width="stretch")
mine = [p for p in store.proposals("rejected") if p.author == person.name]
if mine:
    st.subheader("Your rejected proposals")
    st.dataframe(pd.DataFrame([{"proposal": p.proposal_id, "summary": p.summary, "rejected by": p.reviewer,
                                "reason": p.reason} for p in mine]), hide_index=True, width="stretch")
