"""The cohort file formats, shared by the reader and the writer so both accept the same names."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path


class CohortFormat(StrEnum):
    JSONL = "jsonl"
    CSV = "csv"


_SUFFIXES = {
    ".jsonl": CohortFormat.JSONL,
    ".ndjson": CohortFormat.JSONL,
    ".csv": CohortFormat.CSV,
}


def format_of(path: str) -> CohortFormat | None:
    """The format a file's extension names, or None when it names none of ours."""
    return _SUFFIXES.get(Path(path).suffix.lower())
