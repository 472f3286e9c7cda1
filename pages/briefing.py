"""Build a sourced briefing deck: how the chosen region changed across key dates."""

import tempfile
from pathlib import Path

import streamlit as st

from footprint.briefing import plan_deck, slide_previews, warm_up
from footprint.dates import DateError, parse_day
from footprint.escape import markdown_text
from footprint.exporters import DECKS
from footprint.geography import country_name
from footprint.jobs import JobFailed, JobTimeout, in_parallel, run_job
from pages._state import dataset, keep_page_url, sidebar_view

DATES_KEY, SITES_KEY, BANNER_KEY, TEMPLATE_KEY = "brief_dates", "brief_sites", "brief_banner", "brief_template"
PRIMARY_KEY, BUILD_KEY = "brief_primary", "brief_build"
DEFAULT_DATES = "2022-01-01, 2023-07-01, 2024-05-15, 2025-03-01"
PAGE = "briefing"

DECK_SECONDS = 240


def _build(data, *, dates, filters, sites, template, primary, banner, progress):
    """The deck, its PDF and slide previews (PNG bytes), reporting progress from 0 to 0.95."""
    plan = plan_deck(data, dates=dates, filters=filters, sites=sites, template=template,
                     brand_colours={"primary": primary}, banner=banner, progress=lambda f, m: progress(f * 0.7, m))
    progress(0.75, "Writing the PDF and the PowerPoint file")

    def pdf_and_previews():
        pdf = DECKS["pdf"].write(plan)
        return pdf, slide_previews(plan, dpi=45, pdf=pdf)

    # The PowerPoint file is written on the other core while this one writes the PDF.
    (pdf, previews), pptx = in_parallel([pdf_and_previews, lambda: DECKS["pptx"].write(plan)])
    return pptx, pdf, previews


data = dataset()
view = sidebar_view(data, page=PAGE)
if DATES_KEY not in st.session_state:  # a link's dates, as written there (they are checked when the deck is built)
    st.session_state[DATES_KEY] = ", ".join(
        part.strip() for part in st.query_params.get("dates", DEFAULT_DATES).split(",") if part.strip())
st.title("Briefing deck")
st.caption(
    "A title slide, a situation map per date with the key changes since the previous one, a before/after "
    "comparison, a timeline, a dossier per chosen site, a force summary per sending state and every source cited. "
    "Speaker notes carry sourced bullet points. The region, states and host countries come from the sidebar."
)
dates_text = st.text_input("Key dates (oldest first, YYYY-MM-DD, comma-separated)", key=DATES_KEY,
                           persist_state="session")
written = ",".join(part.strip() for part in dates_text.split(",") if part.strip())
keep_page_url(data, PAGE, {} if written == DEFAULT_DATES.replace(" ", "") else {"dates": written})
sites = st.multiselect("Sites with a dossier slide", sorted(data.sites.index), key=SITES_KEY,
                       format_func=lambda site_id: f"{data.sites.at[site_id, 'name']} · "
                                                   f"{country_name(data.sites.at[site_id, 'host_iso3'])}")
columns = st.columns(3)
banner = columns[0].text_input("Handling banner", key=BANNER_KEY, placeholder="e.g. UNCLASSIFIED")
primary = columns[1].color_picker("Brand colour", value="#1F3A5F", key=PRIMARY_KEY)
template = columns[2].file_uploader("PowerPoint template (.pptx)", type=["pptx"], key=TEMPLATE_KEY)

if st.button("Build the deck", key=BUILD_KEY, type="primary"):
    try:
        dates = [parse_day(part) for part in dates_text.split(",") if part.strip()]
    except DateError as exc:
        st.error(markdown_text(f"Key dates: {exc}"))
        st.stop()
    bar = st.progress(0.0, text="Starting")

    def report(fraction: float, message: str) -> None:
        bar.progress(min(max(fraction, 0.0), 1.0), text=message)

    with tempfile.TemporaryDirectory() as folder:
        template_path = None
        if template is not None:
            template_path = Path(folder) / "template.pptx"
            template_path.write_bytes(template.getvalue())
        last = [0.0, "Starting"]

        def heard(fraction: float, message: str) -> None:
            last[:] = [fraction, message]
            report(fraction, message)

        warm_up()  # here, once per server process, so that every build's child inherits the country outlines
        try:
            # A child process with a time budget; it is stopped as soon as the user leaves the page.
            pptx, pdf, previews = run_job(
                _build, data, dates=dates, filters=view.filters(), sites=sites or None, template=template_path,
                primary=primary,
                banner=banner or None, budget_seconds=DECK_SECONDS, progress=heard, poll=lambda: report(*last),
            )
        except ValueError as exc:
            st.error(markdown_text(str(exc)))
            st.stop()
        except (JobTimeout, JobFailed) as exc:
            st.error(f"The deck could not be built ({exc}). Choose fewer dates or dossier sites and try again.")
            st.stop()
    report(1.0, "Ready")
    stamp = "_".join(f"{day:%Y%m%d}" for day in (dates[0], dates[-1]))
    st.session_state["brief_result"] = (stamp, pptx, pdf, previews)

result = st.session_state.get("brief_result")
if result:
    stamp, pptx, pdf, previews = result
    left, right = st.columns(2)
    left.download_button("Download PowerPoint", pptx, file_name=f"footprint-briefing-{stamp}.pptx",
                         mime=DECKS["pptx"].media_type, key="brief_download_pptx", width="stretch")
    right.download_button("Download PDF", pdf, file_name=f"footprint-briefing-{stamp}.pdf",
                          mime=DECKS["pdf"].media_type, key="brief_download_pdf", width="stretch")
    st.subheader(f"{len(previews)} slides")
    for row in range(0, len(previews), 3):
        for column, (number, image) in zip(st.columns(3), enumerate(previews[row:row + 3], start=row + 1),
                                           strict=False):
            column.image(image, caption=f"Slide {number}", width="stretch")
