"""Screenshots of the main page types at a phone's and a desktop's size, for review.

    .venv/bin/python scripts/screenshots.py [SITE_DIR] [OUT_DIR]

Serves SITE_DIR (default `site/`, from `make site`) on 127.0.0.1, opens each page in Debian's
headless Chromium at 390×844 and 1280×800, waits for what the page draws (Explore's results, the
planner's first plan), and writes one PNG per page and size into OUT_DIR (default
`docs/screenshots/`). It prints each page's scroll width, which must equal the viewport's: a
wider page scrolls sideways. The PNGs in docs/screenshots/ are the ones reviewed for issue 13.
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # run as `python scripts/screenshots.py`
    sys.path.insert(0, str(REPO))

from benchmarks.kit import CHROMIUM, CHROMIUM_FLAGS, serve  # noqa: E402

SIZES = ((390, 844), (1280, 800))
#: name -> (path, selector that is on the page once it is drawn)
PAGES = {
    "home": ("", "article h1"),
    "explore": ("search/?q=python", "#ms-explore[data-state=done]"),
    "explore-filter": ("search/?Kind=Credential", "#ms-explore[data-state=done]"),
    "credential": ("credentials/comptia-security-plus/", "article h1"),
    "credentials-list": ("credentials/", "article h1"),
    "planner": ("plan/?pathway=data-scientist", "#ms-planner[data-state=done]"),
    "compare": ("compare/?ids=comptia-security-plus,isc2-cissp,comptia-cysa-plus", "article table"),
    "audit": ("audit/", "article h1"),
    "profile": (
        "profile/?have=python-core-data-structures&have=python-functions-modules&have=pandas-data-wrangling&held=google-data-analytics-professional-certificate",
        "#ms-profile[data-state=done]",
    ),
}
#: Pages reached by what a learner does on them: name -> (path, ready selector, steps), each step
#: ("fill", selector, text), ("click", selector), ("function", a JS condition), ("wait", selector) or
#: ("reveal", selector): scroll it to the top if it is in the lower half of the screen or below (on
#: a phone the planner's form comes before the plan).
FLOWS: dict[str, tuple[str, str, list[tuple[str, ...]]]] = {
    # Issue 23: a broad skill typed as "what I have", the microskills it covers offered ...
    "planner-broad-offer": (
        "plan/?pathway=data-scientist",
        "#ms-planner[data-state=done]",
        [("fill", "#ms-plan-have", "Python"), ("click", "button[data-add=have]"), ("wait", ".ms-planner__broad")],
    ),
    # ... and the plan once they are added, its totals explained.
    "planner-broad-plan": (
        "plan/?pathway=data-scientist",
        "#ms-planner[data-state=done]",
        [
            ("fill", "#ms-plan-have", "Python"),
            ("click", "button[data-add=have]"),
            ("wait", ".ms-planner__broad"),
            ("click", "text=Add the ticked skills"),
            ("function", "() => location.search.includes('have=')"),
            ("wait", "#ms-planner[data-state=done]"),
            ("reveal", ".ms-planner__result h2"),
        ],
    ),
}

REVEAL = "el => { scrollTo(0, 0); if (el.getBoundingClientRect().top > innerHeight / 2) el.scrollIntoView(); }"


def main(site: Path, out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    wide = []
    with serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        for width, height in SIZES:
            shots = [(name, path, ready, []) for name, (path, ready) in PAGES.items()]
            shots += [(name, path, ready, steps) for name, (path, ready, steps) in FLOWS.items()]
            for name, path, ready, steps in shots:
                # A fresh context for each: a first visit, with no compare tray left by the last page.
                context = browser.new_context(viewport={"width": width, "height": height})
                page = context.new_page()
                page.goto(base + path)
                page.wait_for_selector(ready, state="attached")
                for step in steps:
                    if step[0] == "fill":
                        page.fill(step[1], step[2])
                    elif step[0] == "click":
                        page.click(step[1])
                    elif step[0] == "function":
                        page.wait_for_function(step[1])
                    elif step[0] == "reveal":
                        page.locator(step[1]).evaluate(REVEAL)
                    else:
                        page.wait_for_selector(step[1], state="attached")
                scroll_width = page.evaluate("document.documentElement.scrollWidth")
                target = out / f"{name}-{width}x{height}.png"
                page.screenshot(path=str(target))
                print(f"{target}  scrollWidth {scroll_width}")
                if scroll_width > width:
                    wide.append(f"{name} at {width}px")
                context.close()
        browser.close()
    if wide:
        print("Scrolls sideways: " + ", ".join(wide), file=sys.stderr)
    return 1 if wide else 0


if __name__ == "__main__":
    arguments = sys.argv[1:]
    sys.exit(
        main(
            Path(arguments[0] if arguments else "site"),
            Path(arguments[1] if len(arguments) > 1 else "docs/screenshots"),
        )
    )
