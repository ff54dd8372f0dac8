"""The cohort file formats, shared by the reader and the writer so both accept the same names,
and the input format a path names (or None: read it from the content)."""

from __future__ import annotations

import os
import stat
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


class CohortFileError(Exception):
    """The file as a whole cannot be read as a cohort (missing, unreadable, bad CSV header)."""


def input_format_for(path: str, chosen: str | None = None) -> CohortFormat | None:
    """The format named on the command line, else the one the extension says; None when
    it is to be read from the content: standard input ("-"), or a pipe with a name we do
    not know (`<(zcat cohort.csv.gz)` is /dev/fd/63). A regular file must say its format
    in its name: a misnamed file is more likely a mistake than a cohort."""
    if chosen:
        return CohortFormat(chosen)
    found = format_of(path)
    if found is not None:
        return found
    if path == "-" or _not_a_regular_file(path):
        return None
    one = ""
    if path.lower().endswith(".json"):
        # the extension of one case or one history: the commands that read those
        one = (
            " (a .json file holds one case, for alscriteria evaluate, or one history, "
            "for alscriteria timeline)"
        )
    raise CohortFileError(
        f"{path}: cannot tell the format from the extension{one}; name a cohort file "
        ".jsonl or .csv, or give --input-format jsonl|csv"
    )


def _not_a_regular_file(path: str) -> bool:
    try:
        return not stat.S_ISREG(os.stat(path).st_mode) and not os.path.isdir(path)
    except OSError:
        return False


__all__ = ["CohortFileError", "CohortFormat", "format_of", "input_format_for"]
