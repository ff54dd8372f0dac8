"""What every subcommand shares: reading input, the --criteria and --reading options, and the
one exception that means "bad command-line input" (exit 2, message only)."""

from __future__ import annotations

import argparse
import json
import shlex
import sys
import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, BinaryIO

from alscriteria.cli.streams import OutputClosedError
from alscriteria.cohort.formats import CohortFormat, format_of
from alscriteria.errors import InvalidInputError
from alscriteria.files.json_input import decode_text, loads

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

    from alscriteria.case.readings import Readings

EXIT_OK = 0
EXIT_INVALID = 2


class UsageError(Exception):
    """Bad command-line input; the message is shown as it is and the exit code is 2."""


class Parser(argparse.ArgumentParser):
    """argparse's parser, but help or --version into a closed pipe (`--help | head`) ends
    like every command (OutputClosedError, exit 141): argparse drops the write error and
    exits 0 as if the help had been read."""

    def _print_message(self, message: str, file: SupportsWrite[str] | None = None) -> None:
        if not message:
            return
        stream = file or sys.stderr
        try:
            stream.write(message)
            getattr(stream, "flush", lambda: None)()
        except BrokenPipeError:
            raise OutputClosedError from None


class HelpFormatter(argparse.HelpFormatter):
    """Help text wrapped to the terminal's width (argparse reads COLUMNS), at spaces only.

    argparse's own wrapping breaks a word that is too long and splits at hyphens, which
    cuts a --reading value such as residual-possible in two; a raw description is not
    wrapped at all, and a 400-character line then breaks mid-word on an 80-column terminal.
    Here every paragraph is wrapped at spaces, and a line that begins with a space (an
    example command) is kept as written, so it can be copied.
    """

    def _split_lines(self, text: str, width: int) -> list[str]:
        return _wrap(text, width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        lines: list[str] = []
        for line in text.splitlines():
            if line.startswith(" ") or not line.strip():
                lines.append(indent + line if line.strip() else "")
            else:
                lines += [indent + part for part in _wrap(line, width - len(indent))]
        return "\n".join(lines)


def _wrap(text: str, width: int) -> list[str]:
    return textwrap.wrap(
        " ".join(text.split()),
        max(width, 20),
        break_long_words=False,
        break_on_hyphens=False,
    )


#: A case file larger than this is not a case (the largest valid case is far smaller).
MAX_CASE_BYTES = 8 * 1024 * 1024


#: How much `read_at_most` asks for at a time: a case file is read in one go.
READ_CHUNK = 64 * 1024


def read_at_most(stream: BinaryIO, limit: int) -> bytes:
    """The stream's bytes up to `limit` + 1 (one more than allowed says "too large").

    Read in chunks: `read(limit + 1)` makes a buffer of the whole limit (8 MiB) before it
    reads a byte, which cost a one-kilobyte case three times its reading.
    """
    parts: list[bytes] = []
    total = 0
    while total <= limit:
        chunk = stream.read(min(READ_CHUNK, limit + 1 - total))
        if not chunk:
            break
        parts.append(chunk)
        total += len(chunk)
    return parts[0] if len(parts) == 1 else b"".join(parts)


def load_json(path: str, command: str = "") -> Any:
    """A JSON file (or standard input) read strictly: UTF-8 only, no repeated keys.

    A cohort file (JSON Lines or CSV) given to a one-case command is named as such, with
    the `batch` command that reads it, rather than as a JSON syntax error at line 2.
    """
    where = "standard input" if path == "-" else path
    try:
        if path == "-":
            data = read_at_most(sys.stdin.buffer, MAX_CASE_BYTES)
        else:
            with open(path, "rb") as handle:
                data = read_at_most(handle, MAX_CASE_BYTES)
    except OSError as exc:
        raise UsageError(f"{where}: cannot read the file ({exc.strerror or exc})") from None
    if len(data) > MAX_CASE_BYTES:
        raise UsageError(f"{where}: larger than {MAX_CASE_BYTES // 2**20} MiB; not a case file")
    text = decode_text(data, where)
    try:
        return loads(text, where)
    except InvalidInputError:
        kind = cohort_kind(path, text)
        if kind is None:
            raise
        raise UsageError(_use_batch(path, where, kind, command)) from None


#: The record a one-case command reads, as its messages name it.
_READS = {"timeline": "one patient history (JSON)", "report": "one case or history (JSON)"}


def _use_batch(path: str, where: str, kind: str, command: str) -> str:
    source = "-" if path == "-" else shlex.quote(path)
    reads = _READS.get(command, "one case (JSON)")
    extra = " --report cohort.html" if command == "report" else ""
    return (
        f"{where}: this is a cohort ({kind}), not {reads}; assess every record of it "
        f"with: alscriteria batch {source} -o results.jsonl{extra} (see docs/batch.md)"
    )


def cohort_kind(path: str, text: str) -> str | None:
    """What cohort file a text that is not one JSON document is, in words; None when it
    does not look like one (then it is simply bad JSON)."""
    lines = [line.strip() for line in text.splitlines() if line.strip()][:2]
    if not lines:
        return None
    first = lines[0].lstrip("\ufeff")
    if first.startswith("{") and len(lines) > 1:
        try:
            record = json.loads(first)
        except ValueError:
            return None
        if isinstance(record, dict):
            each = "history" if "visits" in record else "case"
            return f"JSON Lines, one {each} per line"
        return None
    extension = format_of(path)
    if extension is CohortFormat.CSV or (not first.startswith(("{", "[")) and "," in first):
        return "CSV, one patient or visit per row"
    if extension is CohortFormat.JSONL:
        return "JSON Lines, one record per line"
    return None


#: The criteria set ids, in report order, and each disputed reading of A.3.4 with its values,
#: default first: `alscriteria.criteria.CRITERIA` and `Readings.options()`, written out so
#: that building the parser (`--help`, `--version`, every command's start) imports no
#: model. tests/test_cli_startup.py holds them equal to the models'.
CRITERIA_IDS = ("revised-el-escorial", "awaji", "gold-coast")
READING_OPTIONS: dict[str, tuple[str, ...]] = {
    "probable": ("separate", "aggregate"),
    "rostral": ("some-pair", "top-down"),
    "rostral_same_region": ("strict", "counts"),
    "gap": ("residual-possible", "unclassified"),
    "lab_supported_emg": ("regions", "limbs"),
    "root_independence": ("disjoint", "not-identical"),
    "accessory_muscles": ("bulbar", "cervical"),
}


def parse_readings(pairs: Sequence[str] | None) -> Readings:
    """The --reading options as Readings (None: none given; the option has no list as its
    default, which the one shared parser would hand to every call). One option given twice
    with two values is refused: keeping the last would silently assess under a reading the
    user may not have meant (a long command line edited, or a shell alias adding one)."""
    from alscriteria.case.readings import readings_from

    options = READING_OPTIONS
    chosen: dict[str, str] = {}
    for pair in pairs or ():
        name, sep, value = pair.partition("=")
        name = name.strip().replace("-", "_")
        if not sep:
            raise UsageError(
                f"--reading {pair!r}: write OPTION=VALUE; options: "
                + "; ".join(f"{k}={'|'.join(v)}" for k, v in options.items())
            )
        value = value.strip()
        if chosen.get(name, value) != value:
            raise UsageError(
                f"--reading {name}: given twice, as {chosen[name]!r} and {value!r}; give it "
                "once, with the reading meant"
            )
        chosen[name] = value
    return readings_from(chosen)


def add_criteria_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--criteria",
        action="append",
        choices=list(CRITERIA_IDS),
        help="criteria set to report (repeatable; default: all three)",
    )


def add_reading_option(parser: argparse.ArgumentParser) -> None:
    options = "; ".join(f"{k}={'|'.join(v)}" for k, v in READING_OPTIONS.items())
    parser.add_argument(
        "--reading",
        action="append",
        metavar="OPTION=VALUE",
        help=f"a disputed reading of A.3.4 (defaults first): {options}",
    )
