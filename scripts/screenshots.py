"""Save a PNG of every screen of the web explorer, on the demo data, to docs/screenshots/.

Usage: ``.venv/bin/python scripts/screenshots.py [--out DIR] [--as-of 2026-11-23]``.
Starts (or reuses) the store of ``$GRAPHPROFILE_HOME``, imports the demo bundle
(idempotent), serves the app on a free local port and drives /usr/bin/chromium with
Playwright.
"""

from __future__ import annotations

import argparse
import io
import sys
import threading
import zipfile
from pathlib import Path

from werkzeug.serving import make_server

from graphprofile import resources
from graphprofile.services import import_demo
from graphprofile.store import open_store

# The sample Salesforce export with mistakes, uploaded as a .zip on the import screen to
# show its report in the export's terms (writes nothing): Contact.csv row 7 names an
# account that is nowhere, Opportunity.csv row 4 a stage the mapping does not know.
BAD_EXPORT = {
    "Contact.csv": ('"0035g00000C0006AAA","false","0015g00000NORD1AAA"',
                    '"0035g00000C0006AAA","false","0015g00000GONE1AAA"'),
    "Opportunity.csv": ('"Qualification"', '"Contract Sent"'),
}


def _bad_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted((ROOT / "fixtures" / "salesforce").glob("*.csv")):
            text = path.read_text(encoding="utf-8")
            if path.name in BAD_EXPORT:
                text = text.replace(*BAD_EXPORT[path.name], 1)
            zf.writestr(f"WE_00D5g000004ABCD_1/{path.name}", text)
    return buffer.getvalue()


ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
SCREENS = [
    ("portfolio", "/"),
    ("account", "/accounts/hartwell"),
    ("account-zh", "/accounts/hartwell"),
    ("account-transvia", "/accounts/transvia"),
    ("opportunity", "/opportunities/transvia-o-1"),
    ("person", "/people/hartwell-p-002"),
    ("what-if", "/people/ferrox-p-001/what-if"),
    ("account-coalitions", "/accounts/ferrox"),
    ("committee-seats", "/opportunities/mediva-o-2"),
    ("gaps", "/gaps?colleague=c-tomas"),
    ("cross-sell", "/cross-sell"),
    ("profile", "/profile"),
    ("changes", "/changes"),
    ("changes-transvia", "/changes/transvia"),
    ("follow-ups", "/follow-ups?company=transvia"),
    ("interview", "/people/transvia-p-001/interview"),
    ("add-person", "/accounts/cloudnest/people/new"),
    ("edit-person", "/people/hartwell-p-002/edit"),
    ("import", "/import"),
    ("not-found", "/accounts/no-such-account"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--as-of", default="2026-11-23", help="the demo's 'today'")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(ROOT))  # the web package sits next to graphprofile
    from web import create_app

    args.out.mkdir(parents=True, exist_ok=True)
    store = open_store()
    import_demo(store, resources.demo_bundle())  # with its import history when empty
    app = create_app(store, {"DEFAULT_AS_OF": args.as_of, "SINGLE_USER": True})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_port}"
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1440, "height": 900})
            for name, path in SCREENS:
                # the Chinese screen: the language cookie the switch would set
                page.context.clear_cookies()
                if name.endswith("-zh"):
                    page.context.add_cookies([{"name": "lang", "value": "zh", "url": base}])
                page.goto(base + path)
                if path.startswith("/accounts/") and not path.endswith("new"):
                    if page.locator(".orgtree").count():
                        page.wait_for_selector(".orgtree[data-ready=true][data-settled=true]",
                                               timeout=30_000)
                if name in ("account", "account-zh"):
                    # find a person and select them, as a user would: the chain opens
                    # and the side panel shows our links and the profile
                    search = page.locator("#tree-search")
                    search.fill("Rajesh Menon")
                    search.press("Enter")
                    page.wait_for_selector(".orgtree[data-focused]", timeout=10_000)
                    focused = page.locator(".orgtree").get_attribute("data-focused")
                    page.locator(f'.tree-card[data-node="{focused}"] .tc-name').click()
                    page.wait_for_selector("#profile-panel[data-loaded]", timeout=10_000)
                    page.click("#tree-fit")  # the whole opened tree back in the frame
                    page.wait_for_selector(".orgtree[data-settled=true]", timeout=10_000)
                    page.wait_for_timeout(800)
                if name == "account-coalitions":
                    # the factions outlined in their colours, around the CFO found
                    page.click("#tree-expand-all")
                    page.click("#tree-coalitions")
                    search = page.locator("#tree-search")
                    search.fill("Giulia Ferraresi")
                    search.press("Enter")
                    page.wait_for_selector(".orgtree[data-focused]", timeout=10_000)
                    page.wait_for_timeout(800)
                    page.locator(".tree-wrap").screenshot(path=str(args.out / f"{name}.png"))
                    print(f"saved {args.out / (name + '.png')}")
                    continue
                if name == "import":
                    page.select_option("#import-source", "salesforce")
                    page.set_input_files("input[name=bundle]", files=[{
                        "name": "WE_00D5g000004ABCD_1.zip", "mimeType": "application/zip",
                        "buffer": _bad_zip()}])
                    page.click("#import-form button[type=submit]")
                    page.wait_for_selector("#import-problems")
                page.screenshot(path=str(args.out / f"{name}.png"), full_page=name != "cross-sell")
                print(f"saved {args.out / (name + '.png')}")
            browser.close()
    finally:
        server.shutdown()
        store.close()


if __name__ == "__main__":
    main()
