"""Search ranking (issue 23): does Explore put the entry a visitor names first?

    python benchmarks/search_ranking.py [SITE_DIR]

Serves a built site (default: site/) on 127.0.0.1, opens /search/?q=<query> in headless Chromium
for each of QUERIES (abbreviations, exam codes, exact titles, vendor and title words, all taken
from the bundled catalogue), waits for the page to say it is done (`data-state`) and counts the
queries whose first result is the expected entry. Prints every miss and the total; exit code 0
(a measuring tool) unless --check is given and the total is below TARGET.
"""

from __future__ import annotations

import argparse
import sys
import urllib.parse
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # run as `python benchmarks/search_ranking.py`
    sys.path.insert(0, str(REPO))

from benchmarks.kit import CHROMIUM, CHROMIUM_FLAGS, serve  # noqa: E402

#: (query, expected entry path under the site: <kind folder>/<id>)
QUERIES: tuple[tuple[str, str], ...] = (
    # abbreviations and short names
    ("Security+", "credentials/comptia-security-plus"),
    ("security+", "credentials/comptia-security-plus"),
    ("Sec+", "credentials/comptia-security-plus"),
    ("CISSP", "credentials/isc2-cissp"),
    ("CEH", "credentials/ec-council-ceh"),
    ("CKA", "credentials/certified-kubernetes-administrator"),
    ("CKAD", "credentials/certified-kubernetes-application-developer"),
    ("CISM", "credentials/isaca-cism"),
    ("CISA", "credentials/isaca-cisa"),
    ("CCSP", "credentials/isc2-ccsp"),
    ("OSCP", "credentials/offsec-oscp"),
    ("PMP", "credentials/pmi-pmp"),
    ("CAPM", "credentials/pmi-capm"),
    ("CCNA", "credentials/cisco-ccna"),
    ("RHCSA", "credentials/red-hat-certified-system-administrator"),
    ("KCNA", "credentials/kubernetes-and-cloud-native-associate"),
    ("Network+", "credentials/comptia-network-plus"),
    ("A+", "credentials/comptia-a-plus"),
    ("CySA+", "credentials/comptia-cysa-plus"),
    ("GSEC", "credentials/giac-gsec"),
    ("CS50", "credentials/harvard-cs50x"),
    ("PSM I", "credentials/scrum-org-psm-i"),
    ("GHAS", "credentials/github-advanced-security-certification"),
    ("LFCS", "credentials/linux-foundation-certified-system-administrator"),
    # exam codes
    ("PL-300", "credentials/microsoft-certified-power-bi-data-analyst-associate"),
    ("pl300", "credentials/microsoft-certified-power-bi-data-analyst-associate"),
    ("AZ-900", "credentials/microsoft-certified-azure-fundamentals"),
    ("AZ-104", "credentials/microsoft-certified-azure-administrator-associate"),
    ("DP-900", "credentials/microsoft-certified-azure-data-fundamentals"),
    ("AI-900", "credentials/microsoft-certified-azure-ai-fundamentals"),
    ("SY0-701", "credentials/comptia-security-plus"),
    ("SAA-C03", "credentials/aws-certified-solutions-architect-associate"),
    ("CLF-C02", "credentials/aws-certified-cloud-practitioner"),
    ("AIF-C01", "credentials/aws-certified-ai-practitioner"),
    ("312-50", "credentials/ec-council-ceh"),
    ("N10-009", "credentials/comptia-network-plus"),
    ("MO-210", "credentials/mos-excel-associate-m365"),
    ("GH-900", "credentials/github-foundations-certification"),
    # exact titles
    ("Google Data Analytics Professional Certificate", "credentials/google-data-analytics-professional-certificate"),
    ("CompTIA Security+", "credentials/comptia-security-plus"),
    ("Certified Kubernetes Administrator", "credentials/certified-kubernetes-administrator"),
    ("Project Management Professional", "credentials/pmi-pmp"),
    ("Python for Everybody Specialization", "credentials/umich-python-for-everybody-specialization"),
    ("Deep Learning Specialization", "credentials/deeplearning-ai-deep-learning-specialization"),
    # vendor and title words
    ("Google Data Analytics", "credentials/google-data-analytics-professional-certificate"),
    ("AWS Cloud Practitioner", "credentials/aws-certified-cloud-practitioner"),
    ("Azure Fundamentals", "credentials/microsoft-certified-azure-fundamentals"),
    ("Google Cybersecurity", "credentials/google-cybersecurity-professional-certificate"),
    ("Terraform Associate", "credentials/hashicorp-terraform-associate"),
    ("ITIL Foundation", "credentials/itil-foundation-version-5"),
)
TARGET = 48


def first_result(page: Any, base: str, query: str) -> str:
    """The path (<kind folder>/<id>) of the first result Explore shows for `query`, or ""."""
    page.goto(base + "search/?q=" + urllib.parse.quote(query))
    page.wait_for_selector("#ms-explore[data-state=done], #ms-explore[data-state=failed]", timeout=30_000)
    link = page.query_selector(".ms-explore__list .ms-result__title")
    if link is None:
        return ""
    href = link.get_attribute("href") or ""
    return urllib.parse.urlparse(href).path.strip("/")


def measure(site: Path) -> tuple[int, list[tuple[str, str, str]]]:
    """(queries whose first result is the expected entry, the misses as (query, expected, got))."""
    from playwright.sync_api import sync_playwright

    misses: list[tuple[str, str, str]] = []
    with serve(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            page = browser.new_page()
            for query, expected in QUERIES:
                got = first_result(page, base, query)
                if got != expected:
                    misses.append((query, expected, got))
        finally:
            browser.close()
    return len(QUERIES) - len(misses), misses


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site", nargs="?", type=Path, default=REPO / "site", help="a built site (default: site/)")
    parser.add_argument("--check", action="store_true", help=f"exit 1 below {TARGET}/{len(QUERIES)}")
    args = parser.parse_args(argv)
    hits, misses = measure(args.site)
    for query, expected, got in misses:
        print(f"miss: {query!r}: expected {expected}, first was {got or '(nothing)'}")
    print(f"search ranking: {hits}/{len(QUERIES)} queries have the expected entry first (target >= {TARGET})")
    return 1 if args.check and hits < TARGET else 0


if __name__ == "__main__":
    sys.exit(main())
