"""The built website as a reader meets it: headless Chromium on a local server.

On every page: no request fails, nothing is fetched from another host, every image
loads, every internal link points at a page that exists, and MathJax has typeset the
math (no raw ``$$`` left). The search page finds a term. Each assignment chapter's header
menu downloads its release from the site, and has Colab links only where _config.yml
names the published releases. Screenshots of three pages are
saved to _build/screenshots/ (the README shows them).
"""

import functools
import http.server
import threading
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from autograder import assignments
from tests.book import launch

PAGE_LOAD_MS = 180_000

pytestmark = pytest.mark.book
REPO = Path(__file__).resolve().parents[2]
HTML = REPO / "_build" / "html"
SHOTS = REPO / "_build" / "screenshots"
SCREENSHOTS = {"book/intro.html": "intro.png", "book/backprop.html": "backprop.png", "book/glossary.html": "glossary.png"}


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def site():
    if not (HTML / "index.html").is_file():
        pytest.fail("the website is not built: run `make book`")
    handler = functools.partial(_QuietHandler, directory=str(HTML))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def pages() -> list[str]:
    return sorted(str(p.relative_to(HTML)) for p in HTML.rglob("*.html") if "_static" not in p.parts)


def _visit(browser, url: str):
    """Load ``url``; return the page and what went wrong on the network."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    problems: list[str] = []
    local = urlparse(url).netloc

    def route(r):
        if urlparse(r.request.url).netloc != local and not r.request.url.startswith(("data:", "blob:")):
            problems.append(f"external request: {r.request.url}")
            r.abort()
        else:
            r.continue_()

    page.route("**/*", route)
    page.on("requestfailed", lambda req: problems.append(f"failed: {req.url}") if urlparse(req.url).netloc == local else None)
    page.on("response", lambda resp: problems.append(f"HTTP {resp.status}: {resp.url}") if resp.status >= 400 else None)
    # Waits, not measurements: on a busy machine a page with much math takes longer than Playwright's 30 s.
    page.goto(url, wait_until="load", timeout=PAGE_LOAD_MS)
    page.wait_for_load_state("networkidle", timeout=PAGE_LOAD_MS)
    return page, problems


@pytest.mark.parametrize("path", pages())
def test_page_loads_cleanly(site, browser, path):
    page, problems = _visit(browser, f"{site}/{path}")
    try:
        if page.evaluate("() => !!(window.MathJax && window.MathJax.startup)"):
            page.evaluate("() => window.MathJax.startup.promise")
        broken = page.evaluate("() => Array.from(document.images).filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src)")
        missing_alt = page.evaluate("() => Array.from(document.querySelectorAll('main img')).filter(i => !i.alt).map(i => i.src)")
        links = page.evaluate("() => Array.from(document.querySelectorAll('a[href]')).map(a => a.href)")
        text = page.evaluate("() => document.querySelector('main') ? document.querySelector('main').innerText : ''")
        typeset = page.evaluate("() => document.querySelectorAll('mjx-container').length")
        has_math = page.evaluate("() => document.querySelectorAll('.math, span.math, div.math').length")
        if path in SCREENSHOTS:
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SHOTS / SCREENSHOTS[path]))
    finally:
        page.close()
    assert not problems
    assert not broken, f"images that did not load: {broken}"
    assert not missing_alt, f"images without alt text: {missing_alt}"
    dead = []
    for link in links:
        parsed = urlparse(link)
        if parsed.netloc == urlparse(site).netloc and parsed.scheme.startswith("http"):
            target = HTML / unquote(parsed.path).lstrip("/")
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                dead.append(link)
    assert not dead, f"broken internal links: {dead}"
    assert "$$" not in text and "\\begin{" not in text, "raw LaTeX left on the page"
    if has_math:
        assert typeset >= has_math, "MathJax did not typeset every formula"


def test_search_finds_a_term(site, browser):
    page, problems = _visit(browser, f"{site}/search.html?q=backpropagation")
    try:
        page.wait_for_selector("#search-results li, ul.search li", timeout=20_000)
        hits = page.evaluate("() => Array.from(document.querySelectorAll('ul.search li a')).map(a => a.textContent)")
    finally:
        page.close()
    assert not problems
    assert any("Backpropagation" in h for h in hits), hits


@pytest.mark.parametrize("assignment_id", assignments.known())
def test_assignment_menu_downloads_from_the_site(site, browser, assignment_id):
    page, problems = _visit(browser, f"{site}/{launch.chapter_page(assignment_id)}")
    try:
        page.click(".dropdown-assignment-buttons button")
        download = page.locator(f"a.btn-assignment-download-{assignment_id}")
        download.wait_for(state="visible", timeout=PAGE_LOAD_MS)
        href = download.evaluate("a => a.href")
        response = page.request.get(href)
        status, body = response.status, response.body()
        colab = page.evaluate("() => Array.from(document.querySelectorAll('a[class*=btn-assignment-colab-]')).map(a => a.href)")
    finally:
        page.close()
    assert not problems
    assert status == 200 and href.endswith(f"/{assignment_id}.zip") and body[:2] == b"PK", (href, status)
    assert colab == launch.expected_colab_links(assignment_id)
