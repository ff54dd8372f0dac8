"""A page as a person sees it: rendered by headless Chromium (Debian's `chromium`) to a
picture and to a PDF, and the PDF read back with poppler's `pdftotext`: the printed page must
say what the HTML says. Skipped, with the reason, where they are not installed."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path

import pytest

import alscriteria
from alscriteria import wording
from alscriteria.report import case_report
from report_helpers import Node, parse_page

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium")
PDFTOTEXT = shutil.which("pdftotext")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        CHROMIUM is None or PDFTOTEXT is None,
        reason="chromium or pdftotext is not on PATH (Debian: apt-get install chromium "
        "poppler-utils)",
    ),
]


def _chromium(*args: str) -> None:
    assert CHROMIUM is not None
    subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", *args],
        check=True,
        capture_output=True,
        timeout=120,
    )


def _printed_words(pdf: Path) -> str:
    """The PDF's text as poppler reads it, on one line (the printed line breaks fall where
    the paper width puts them)."""
    assert PDFTOTEXT is not None
    text = subprocess.run(
        [PDFTOTEXT, str(pdf), "-"], check=True, capture_output=True, text=True, timeout=60
    ).stdout
    return " ".join(text.split())


def _headings(html: str) -> list[str]:
    """The page's headings, but those of the audit section, which prints only with --audit."""
    found: list[str] = []

    def walk(node: Node) -> None:
        for child in node.children:
            if not isinstance(child, Node):
                continue
            if child.tag == "section" and "audit" in child.attrs.get("class", "").split():
                continue
            if child.tag in ("h1", "h2") and child.text():
                found.append(child.text())
            walk(child)

    walk(parse_page(html))
    return found


def test_a_case_page_renders_to_png_and_pdf(tmp_path: Path) -> None:
    case = json.loads((ROOT / "examples" / "possible.json").read_text(encoding="utf-8"))
    page = tmp_path / "report.html"
    results = alscriteria.evaluate_all(case, plan=True)
    html = case_report(case, results, dt.date(2026, 1, 15))
    page.write_text(html, encoding="utf-8")
    png, pdf = tmp_path / "report.png", tmp_path / "report.pdf"
    _chromium(f"--screenshot={png}", "--window-size=800,1400", page.as_uri())
    _chromium(f"--print-to-pdf={pdf}", "--no-pdf-header-footer", page.as_uri())
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000
    printed = _printed_words(pdf)
    assert str(case["id"]) in printed
    for assessment in results.values():
        assert wording.category(assessment.category.value) in printed
    for heading in _headings(html):
        assert heading in printed, heading


def test_a_history_page_renders_to_png_and_pdf(tmp_path: Path) -> None:
    from alscriteria.history import evaluate_history
    from alscriteria.report import history_report

    history = json.loads(
        (ROOT / "examples" / "history-limb-onset.json").read_text(encoding="utf-8")
    )
    page = tmp_path / "history.html"
    html = history_report(history, evaluate_history(history))
    page.write_text(html, encoding="utf-8")
    png, pdf = tmp_path / "history.png", tmp_path / "history.pdf"
    _chromium(f"--screenshot={png}", "--window-size=800,1400", page.as_uri())
    _chromium(f"--print-to-pdf={pdf}", "--no-pdf-header-footer", page.as_uri())
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000
    printed = _printed_words(pdf)
    assert str(history["id"]) in printed
    for heading in _headings(html):
        assert heading in printed, heading
