"""Strategies for cohort files and cohort summaries: the batch tests' raw material.

A cohort file mixes good records with every kind of bad one (invalid cases, junk, bytes that
are not UTF-8, blank lines, a CSV row in a JSON Lines file, an open quote), with any line
ends; a summary is a made-up run's counts. The example cohorts give the good records.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from alscriteria.case.readings import Readings
from alscriteria.cohort.histories import HistoryCounts
from alscriteria.cohort.summary import CohortSummary
from alscriteria.criteria import CRITERIA
from alscriteria.history.function_course import KINGS_STAGES

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
CASES: list[dict[str, Any]] = [
    json.loads(line) for line in (EXAMPLES / "cohort.jsonl").read_text().splitlines()
]
CSV_HEADER, *CSV_ROWS = (EXAMPLES / "cohort.csv").read_text().splitlines()
ID_COLUMN = next(csv.reader([CSV_HEADER])).index("id")
CRITERIA_IDS = tuple(CRITERIA)


def case_line(n: int, **changes: Any) -> str:
    """The n-th example case as a JSON Lines record, with the id P-n."""
    return json.dumps({**CASES[n % len(CASES)], "id": f"P-{n}", **changes})


def csv_row(n: int, case_id: str | None = None) -> str:
    """The n-th example CSV row, with the id P-n (or `case_id`)."""
    cells = next(csv.reader([CSV_ROWS[n % len(CSV_ROWS)]]))
    cells[ID_COLUMN] = case_id if case_id is not None else f"P-{n}"
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow(cells)
    return buffer.getvalue()


_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n"),
    max_size=30,
)


_BAD_UTF8 = st.binary(max_size=12).map(
    lambda b: b"\xff" + b.replace(b"\r", b"").replace(b"\n", b"")
)


@st.composite
def _jsonl_line(draw: st.DrawFn, n: int) -> tuple[bytes, str]:
    kind = draw(st.sampled_from(["good", "good", "invalid", "junk", "bytes", "blank", "csv"]))
    if kind == "good":
        return case_line(n).encode(), "good"
    if kind == "invalid":
        bad = draw(
            st.sampled_from(
                [
                    case_line(n, progression="maybe"),
                    "[1, 2]",
                    '{"id": "x", "id": "y"}',
                    '{"regions": {"cervical": {"umn_signs": ["hofman"]}}}',
                    '{"a": NaN}',
                    '"text"',
                ]
            )
        )
        return bad.encode(), "bad"
    if kind == "junk":
        return ("#" + draw(_TEXT)).encode(), "bad"
    if kind == "bytes":
        return draw(_BAD_UTF8), "bad"
    if kind == "blank":
        return draw(st.sampled_from([b"", b"  ", b"\t"])), "blank"
    return csv_row(n).encode(), "bad"


@st.composite
def _csv_line(draw: st.DrawFn, n: int) -> tuple[bytes, str]:
    kind = draw(st.sampled_from(["good", "good", "invalid", "quote", "junk", "bytes", "blank"]))
    if kind == "good":
        return csv_row(n).encode(), "good"
    if kind == "invalid":
        bad = draw(st.sampled_from([csv_row(n) + ",extra", "x,perhaps", csv_row(n) + ',"x"y']))
        return bad.encode(), "bad"
    if kind == "quote":
        return ('"' + csv_row(n)).encode(), "bad"
    if kind == "junk":
        return ("x" + draw(_TEXT)).encode(), "either"
    if kind == "bytes":
        return draw(_BAD_UTF8), "bad"
    if kind == "blank":
        return draw(st.sampled_from([b"", b" ", b",,", b" , "])), "blank"
    raise AssertionError(kind)


@st.composite
def cohorts(draw: st.DrawFn) -> tuple[str, bytes, dict[int, str]]:
    """(format, file bytes, line number -> good/bad/either/blank) of a random cohort file."""
    fmt = draw(st.sampled_from(["jsonl", "csv"]))
    count = draw(st.integers(0, 25))
    first = 2 if fmt == "csv" else 1
    maker = _csv_line if fmt == "csv" else _jsonl_line
    lines = [draw(maker(n)) for n in range(count)]
    ends = draw(
        st.lists(st.sampled_from([b"\n", b"\r\n", b"\r"]), min_size=count + 1, max_size=count + 1)
    )
    body = [CSV_HEADER.encode()] if fmt == "csv" else []
    body += [data for data, _ in lines]
    chunks = []
    for i, line in enumerate(body):
        end = ends[i]
        if i and line == b"" and chunks[-1] == b"\r" and end.startswith(b"\n"):
            end = b"\r"  # CR, then LF would be one CRLF line end, not a blank line
        chunks += [line, end]
    if chunks and chunks[-2] and draw(st.booleans()):
        chunks.pop()  # the last line without its end
    data = b"".join(chunks)
    kinds = {first + i: kind for i, (_, kind) in enumerate(lines)}
    return fmt, data, kinds


@st.composite
def summaries(draw: st.DrawFn) -> CohortSummary:
    """A summary of a made-up run: any criteria sets, results, failures and histories."""
    chosen = draw(st.lists(st.sampled_from(CRITERIA_IDS), min_size=1, max_size=3, unique=True))
    summary = CohortSummary(chosen, Readings(), visit_rows=draw(st.booleans()))
    line = 0
    for _ in range(draw(st.integers(0, 12))):
        line += 1
        if draw(st.booleans()):
            summary.add_failure(line, draw(st.integers(1, 3)))
            continue
        categories = [draw(st.sampled_from(CRITERIA[c].ladder)).value for c in chosen]
        patterns = [draw(st.sampled_from(CRITERIA[c].ladder)).value for c in chosen]
        met = [c != "not-met" for c in categories]
        summary.add_result(line, categories, met, patterns, draw(st.integers(1, 3)))
        if draw(st.booleans()):
            summary.histories.add(draw(_history_counts(len(chosen))))
    return summary


@st.composite
def _history_counts(draw: st.DrawFn, n: int) -> HistoryCounts:
    visits = draw(st.integers(1, 4))
    days = st.none() | st.integers(0, 2000)
    return HistoryCounts(
        met_at_first_visit=tuple(draw(st.booleans()) for _ in range(n)),
        met_at_last_visit=tuple(draw(st.booleans()) for _ in range(n)),
        days_from_first_visit=tuple(draw(days) for _ in range(n)),
        days_from_onset=tuple(draw(days) for _ in range(n)),
        has_onset=draw(st.booleans()),
        met_by_visit=tuple(tuple(draw(st.booleans()) for _ in range(visits)) for _ in range(n)),
        function=draw(st.none() | _function()),
    )


@st.composite
def _function(draw: st.DrawFn) -> dict[str, Any]:
    """Function and stage at the first and last measured visits, as histories.py counts."""
    measure = st.none() | st.sampled_from(["1", "2", "3", "4A"])
    return {
        when: {m: draw(measure) for m in ("mitos_stage", "kings_stage", "delta_fs_band")}
        for when in ("first", "last")
    } | {
        "days_from_onset_to_kings": {
            stage: draw(st.none() | st.integers(0, 3000)) for stage in KINGS_STAGES
        }
    }


__all__ = [
    "CASES",
    "CRITERIA_IDS",
    "CSV_HEADER",
    "CSV_ROWS",
    "EXAMPLES",
    "ID_COLUMN",
    "case_line",
    "cohorts",
    "csv_row",
    "summaries",
]
