"""The printed chart page (issue 24): every example case on at most two sheets of Letter and of
A4, a history on at most three; no sheet holds only the footer; no heading ends a sheet.

Rendered by headless Chromium (Debian's `chromium`) to PDF and counted with poppler's
`pdfinfo`; read back with `pdftotext`. Skipped, with the reason, where they are not installed
(CI installs `chromium poppler-utils`). The paper size is the printer's (the stylesheet forces
none), so each page is printed twice with an `@page { size: ... }` rule added for the run.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

import alscriteria
from alscriteria.cohort.histories import is_history
from alscriteria.history import evaluate_history
from alscriteria.report import case_report, history_report
from report_helpers import parse_page

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.json"))
TOOLS = {name: shutil.which(name) for name in ("chromium", "pdfinfo", "pdftotext")}
MISSING = [name for name, path in TOOLS.items() if path is None]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        bool(MISSING),
        reason=f"{', '.join(MISSING)} not on PATH (Debian: apt-get install chromium poppler-utils)",
    ),
]

#: Sheets a page may take: a case two, a history (visits and the last visit in full) three.
LIMIT = {"case": 2, "history": 3}
SIZES = ("Letter", "A4")


def _page(path: Path) -> tuple[str, str]:
    data = json.loads(path.read_text(encoding="utf-8"))
    if is_history(data):
        return "history", history_report(data, evaluate_history(data, plan=True))
    results = alscriteria.evaluate_all(data, plan=True)
    return "case", case_report(data, results, dt.date(2026, 1, 15))


def _print(html: str, size: str, folder: Path) -> Path:
    page = folder / f"page-{size}.html"
    page.write_text(
        html.replace("</style>", f"@page {{ size: {size}; }}</style>", 1), encoding="utf-8"
    )
    pdf = folder / f"page-{size}.pdf"
    assert TOOLS["chromium"] is not None
    subprocess.run(
        [
            TOOLS["chromium"],
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={folder / 'profile'}",
            f"--print-to-pdf={pdf}",
            "--no-pdf-header-footer",
            page.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return pdf


def _sheets(pdf: Path) -> int:
    assert TOOLS["pdfinfo"] is not None
    info = subprocess.run(
        [TOOLS["pdfinfo"], str(pdf)], check=True, capture_output=True, text=True
    ).stdout
    match = re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)
    assert match, info
    return int(match.group(1))


def _sheet_text(pdf: Path, n: int) -> str:
    assert TOOLS["pdftotext"] is not None
    return subprocess.run(
        [TOOLS["pdftotext"], "-f", str(n), "-l", str(n), "-layout", str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def _headings(html: str) -> set[str]:
    tree = parse_page(html)
    return {
        node.text()
        for tag in ("h2", "h3", "h4", "caption")
        for node in tree.find_all(tag)
        if node.text()
    }


def _cell_words(html: str) -> set[str]:
    """The words of every printed table cell (the audit is not printed), split at spaces
    and hyphens (a line may break after a hyphen), letters only, five or more."""
    tree = parse_page(html)
    found: set[str] = set()
    for table in tree.find_all("table"):
        for cell in [*table.find_all("td"), *table.find_all("th")]:
            found.update(w for w in re.findall(r"[A-Za-z]{5,}", cell.text()))
    audit = tree.find_all("section", class_="audit")
    if audit:
        for table in audit[0].find_all("table"):
            for cell in [*table.find_all("td"), *table.find_all("th")]:
                found.difference_update(re.findall(r"[A-Za-z]{5,}", cell.text()))
    return found


def _footer(html: str) -> str:
    return parse_page(html).find_all("footer")[0].text()


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
@pytest.mark.parametrize("size", SIZES)
def test_every_example_prints_short(path: Path, size: str, tmp_path: Path) -> None:
    kind, html = _page(path)
    pdf = _print(html, size, tmp_path)
    sheets = _sheets(pdf)
    assert sheets <= LIMIT[kind], f"{path.name} on {size}: {sheets} sheets (limit {LIMIT[kind]})"
    printed = " ".join(_sheet_text(pdf, n) for n in range(1, sheets + 1))
    whole = set(re.findall(r"[A-Za-z]+", printed))
    broken = sorted(w for w in _cell_words(html) if w not in whole)
    assert not broken, f"{path.name} on {size}: words broken in a table cell: {broken}"
    footer = " ".join(_footer(html).split())
    headings = _headings(html)
    for n in range(1, sheets + 1):
        lines = [" ".join(line.split()) for line in _sheet_text(pdf, n).splitlines()]
        lines = [line for line in lines if line]
        body = " ".join(lines)
        # a sheet with more on it than the footer
        assert body.replace(footer, "").strip() and not footer.startswith(body), (n, body)
        if n < sheets:  # a heading or a table caption never ends a sheet
            assert lines[-1] not in headings, (path.name, size, n, lines[-1])
