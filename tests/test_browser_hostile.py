"""The hostile-input table in chromium: the app over a dataset whose every text field holds a payload
(tests/hostile.py), a workspace article added by a hostile name, hostile links and a pasted hostile article.
No page may run a script, open a dialog, fetch an outside address, render a link, image, formula or colour
from data or links, evaluate a template, or show a traceback."""

from __future__ import annotations

import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect, sync_playwright

from footprint.dataset import load_dataset
from tests.conftest import TINY, keep_local, streamlit_server
from tests.hostile import EVIL, PAYLOADS, hostile_dataset
from tests.test_browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    MAP_FRAME,
    _drawn,
    _open_site,
    _save,
)

pytestmark = pytest.mark.browser

WHO = f"[Support desk](http://{EVIL}/login) ![p](https://{EVIL}/who.png) :red[Admin] $x$"


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory) -> Iterator[tuple[str, dict[str, str]]]:
    from footprint.workspace import Workspace

    root = tmp_path_factory.mktemp("hostile-app")
    data = root / "data"
    kinds = hostile_dataset(data)
    workspace = root / "workspace.sqlite"
    store = Workspace(workspace, curated_dir=data)
    source = {"source_id": "src-aaa-ingest", "outlet": PAYLOADS["markdown link"], "title": PAYLOADS["markdown image"],
              "published": "2024-05-03", "url": "https://example.org/ingested", "seed_file": "",
              "note": PAYLOADS["script element"], "kind": "regional_press", "original_agency": ""}
    store.add({"sources": [source]}, who=WHO)
    store.save_article("src-aaa-ingest", "French troops arrived in Niamey. " + PAYLOADS["markdown link"], who=WHO)
    env = {"FOOTPRINT_DATA": str(data), "FOOTPRINT_WORKSPACE": str(workspace)}
    with streamlit_server(env, root / "server.log") as url:
        yield url, kinds


@pytest.fixture
def guarded() -> Iterator[tuple[Page, list[str], list[str]]]:
    """A tab whose requests beyond localhost are refused and recorded, and whose dialogs are recorded."""
    assert Path(CHROMIUM).exists(), "Debian's chromium is required: apt-get install chromium"
    dialogs: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1400, "height": 1000})

        outside = keep_local(context)
        tab = context.new_page()

        def on_dialog(dialog):
            dialogs.append(dialog.message)
            dialog.dismiss()

        tab.on("dialog", on_dialog)
        yield tab, outside, dialogs
        browser.close()


# Anything rendered from data or a link as markup: a link or image to the payloads' host, a javascript: link,
# a formula, a coloured span, an element a payload names.
_RENDERED_MARKUP = f"""() => {{
  const bad = [];
  const docs = [document];
  for (const frame of document.querySelectorAll('iframe')) {{
    try {{ if (frame.contentDocument) docs.push(frame.contentDocument); }} catch (e) {{}}
  }}
  for (const doc of docs) {{
    for (const el of doc.querySelectorAll('a[href], img[src], iframe[src], [srcset]')) {{
      const ref = (el.getAttribute('href') || el.getAttribute('src') || el.getAttribute('srcset') || '').toLowerCase();
      if (ref.includes('{EVIL}') || ref.replace(/\\s/g, '').startsWith('javascript:') || ref.startsWith('data:text'))
        bad.push(el.outerHTML.slice(0, 200));
    }}
    for (const el of doc.querySelectorAll('.katex, .katex-display, script:not([src])')) {{
      if (el.tagName !== 'SCRIPT' && el.closest('[data-testid]')) bad.push(el.outerHTML.slice(0, 200));
      if (el.tagName === 'SCRIPT' && /xss-/.test(el.textContent) && !/footprint\\./.test(el.textContent))
        bad.push('script: ' + el.textContent.slice(0, 200));
    }}
    for (const el of doc.querySelectorAll('[onerror], [onload], [onmouseover], [onfocus], svg[onload]'))
      bad.push(el.outerHTML.slice(0, 200));
    for (const el of doc.querySelectorAll('[data-testid="stMarkdownContainer"] span[class*="Color"], '
                                           + '[data-testid="stMarkdownContainer"] span[style*="color"]'))
      bad.push('colour: ' + el.outerHTML.slice(0, 200));
    const text = doc.body ? doc.body.innerText : '';
    if (/49 and/.test(text)) bad.push('template evaluated: 49');
    if (/Traceback|TemplateSyntaxError|File "\\//.test(text)) bad.push('traceback shown');
  }}
  return bad;
}}"""


def _settle(tab: Page) -> None:
    tab.wait_for_timeout(500)
    expect(tab.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=60_000)
    tab.wait_for_timeout(1500)


def _assert_clean(tab: Page, outside: list[str], dialogs: list[str], name: str) -> None:
    bad = tab.evaluate(_RENDERED_MARKUP)
    _save(tab, f"hostile-{name}.png")
    assert bad == [], f"{name}: {bad}"
    assert dialogs == [], f"{name}: a script ran: {dialogs}"
    assert outside == [], f"{name}: requests left localhost: {outside}"
    expect(tab.get_by_test_id("stException")).to_have_count(0)


@pytest.mark.parametrize("path", ["/?as_of=2024-06-01&site=ner-hostile-16", "/compare", "/timeline", "/presence",
                                  "/data", "/sources", "/briefing"])
def test_pages_show_hostile_data_as_text(hostile_server, guarded, path):
    url, _ = hostile_server
    tab, outside, dialogs = guarded
    tab.goto(f"{url}{path}")
    _settle(tab)
    if path.startswith("/?"):
        # Open the popups of hostile sites (up to 8), clicked on the canvas where each is drawn: their HTML
        # is built in the browser from the data.
        sites = [site[0] for site in _drawn(tab).evaluate("() => footprint.drawnSites()")][:8]
        assert sites
        for site_id in sites:
            _open_site(tab, site_id)
            expect(tab.frame_locator(MAP_FRAME).locator(".leaflet-popup").first).to_be_attached(timeout=10_000)
    if path == "/sources":
        expect(tab.get_by_text("Added through the Ingest page by")).to_be_visible(timeout=30_000)
        shown = tab.get_by_text("Added through the Ingest page by").inner_text().replace("\u2060", "")
        assert f"[Support desk](http://{EVIL}/login)" in shown and ":red[Admin] $x$" in shown
    _assert_clean(tab, outside, dialogs, path.strip("/?").split("&")[0].replace("=", "-") or "map")


def test_hostile_links_are_named_once_per_parameter_as_text(hostile_server, guarded):
    url, _ = hostile_server
    tab, outside, dialogs = guarded
    params = {
        "region": f"[click](http://{EVIL}/r)",
        "actor": ",".join([f"![x](https://{EVIL}/pixel.png)"] + [f"Q{n:03d}" for n in range(2000)]),
        "force": ":red[alarm] $x^2$",
        "as_of": "9999-12-31",
    }
    tab.goto(f"{url}/presence?{urllib.parse.urlencode(params)}")
    _settle(tab)
    notices = tab.get_by_test_id("stAlertContentWarning").all_inner_texts() + tab.get_by_test_id(
        "stToast").all_inner_texts()
    joined = "\n".join(notices)
    for name in ("region", "actor", "force", "as_of"):
        assert sum(name in notice for notice in notices) >= 1, (name, joined)
    assert len(notices) <= len(params), joined
    assert "1998 more" in joined or "more" in joined
    _assert_clean(tab, outside, dialogs, "links")


def test_a_pasted_hostile_article_is_reviewed_as_text(hostile_server, guarded):
    url, _ = hostile_server
    tab, outside, dialogs = guarded
    article = ("published: 2024-05-10\n\nFrench troops arrived at Air Base 101 in Niamey on 5 May 2024, "
               f"[click here](http://{EVIL}/phish) <http://{EVIL}/auto> $x^2$ :red[alarm] "
               "<script>alert('xss-ingest')</script> {{ 7*7 }} and more, the army said.")
    tab.goto(f"{url}/ingest")
    area = tab.get_by_label("…or paste the article", exact=False)
    expect(area).to_be_visible(timeout=30_000)
    area.fill(article)
    area.press("Control+Enter")
    expect(tab.get_by_text("claim(s) to review", exact=False)).to_be_visible(timeout=60_000)
    _settle(tab)
    captions = " ".join(tab.get_by_test_id("stCaptionContainer").all_inner_texts()).replace("\u2060", "")
    assert f"[click here](http://{EVIL}/phish)" in captions and "$x^2$" in captions
    _assert_clean(tab, outside, dialogs, "ingest")


def test_hostile_site_names_in_labels_and_search_stay_text(hostile_server, guarded):
    """Site names are drawn on the map's canvas and listed by the site search as the text they are."""
    url, kinds = hostile_server
    tab, outside, dialogs = guarded
    tab.goto(f"{url}/?as_of=2024-06-01&lat=13.35&lon=2.35&zoom=11")  # the first hostile sites, apart
    component = _drawn(tab)
    component.wait_for_function("() => footprint.placedLabels().filter((l) => l.kind === 'site').length > 3",
                                timeout=30_000)
    drawn = [label["text"] for label in component.evaluate("() => footprint.placedLabels()") if label["kind"] == "site"]
    names = {PAYLOADS[kind].strip() for kind in kinds.values()} | set(load_dataset(TINY).sites["name"])
    assert all(text.rsplit(" +", 1)[0] in names or text in names for text in drawn), drawn
    assert sum("<" in text for text in drawn) >= 2, drawn  # markup drawn as characters, not parsed
    name = PAYLOADS["image onerror"]
    search = tab.get_by_role("combobox", name="Find a site")
    search.focus()
    tab.keyboard.type("onerror")
    options = tab.get_by_role("option")
    expect(options.first).to_be_visible(timeout=10_000)
    for _ in range(options.count()):
        if tab.locator("[role=option][data-focused=true]").inner_text().startswith(name):
            break
        tab.keyboard.press("ArrowDown")
    tab.keyboard.press("Enter")
    expect(tab.frame_locator(MAP_FRAME).locator(".fp-popup h4")).to_have_text(name, timeout=30_000)
    _settle(tab)
    _assert_clean(tab, outside, dialogs, "labels-and-search")
