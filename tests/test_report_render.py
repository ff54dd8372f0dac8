"""A page as a person sees it: rendered by headless Chromium (Debian's `chromium`) to a
picture and to a PDF. Skipped, with the reason, where Chromium is not installed."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path

import pytest

import alscriteria
from alscriteria.report import case_report

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium")

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is not on PATH (Debian: apt-get install chromium)"
)


def _chromium(*args: str) -> None:
    assert CHROMIUM is not None
    subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", *args],
        check=True,
        capture_output=True,
        timeout=120,
    )


def test_a_case_page_renders_to_png_and_pdf(tmp_path: Path) -> None:
    case = json.loads((ROOT / "examples" / "possible.json").read_text(encoding="utf-8"))
    page = tmp_path / "report.html"
    page.write_text(
        case_report(case, alscriteria.evaluate_all(case, plan=True), dt.date(2026, 1, 15)),
        encoding="utf-8",
    )
    png, pdf = tmp_path / "report.png", tmp_path / "report.pdf"
    _chromium(f"--screenshot={png}", "--window-size=800,1400", page.as_uri())
    _chromium(f"--print-to-pdf={pdf}", "--no-pdf-header-footer", page.as_uri())
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000
    assert pdf.read_bytes()[:5] == b"%PDF-" and pdf.stat().st_size > 10_000


def test_a_history_page_renders_to_png_and_pdf(tmp_path: Path) -> None:
    from alscriteria.history import evaluate_history
    from alscriteria.report import history_report

    history = json.loads(
        (ROOT / "examples" / "history-limb-onset.json").read_text(encoding="utf-8")
    )
    page = tmp_path / "history.html"
    page.write_text(history_report(history, evaluate_history(history)), encoding="utf-8")
    png, pdf = tmp_path / "history.png", tmp_path / "history.pdf"
    _chromium(f"--screenshot={png}", "--window-size=800,1400", page.as_uri())
    _chromium(f"--print-to-pdf={pdf}", "--no-pdf-header-footer", page.as_uri())
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000
    assert pdf.read_bytes()[:5] == b"%PDF-" and pdf.stat().st_size > 10_000
