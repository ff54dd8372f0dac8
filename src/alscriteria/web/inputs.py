"""A request read as strictly as the CLI reads a file: the same size limit, UTF-8 only, no
repeated key, and the query options spelled as the CLI's.

Every refusal is an `InputProblem` carrying the HTTP status and the messages; the messages
are the CLI's own (the core raises them), with "request body" where the CLI names a path.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import difflib
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import parse_qsl

from starlette.datastructures import QueryParams
from starlette.requests import Request

from alscriteria.web.core import CRITERIA, ChartHeader, Readings, decode_text, loads

#: A request body larger than this is refused (413), as a case file is (cli/common.py).
MAX_BODY_BYTES = 8 * 1024 * 1024

#: How a request body is named in messages (a file is named by its path at the CLI).
WHERE = "request body"

JSON_TYPE = "application/json"
FORM_TYPE = "application/x-www-form-urlencoded"

#: The field of a form post (the page's "chart page" button) that holds the document.
FORM_FIELD = "document"


class InputProblem(Exception):
    """Input the API refuses: the status to answer and one message per problem."""

    def __init__(self, status: int, problems: tuple[str, ...]) -> None:
        super().__init__("; ".join(problems))
        self.status = status
        self.problems = problems


class BodyTooLarge(InputProblem):
    def __init__(self) -> None:
        super().__init__(
            413, (f"{WHERE}: larger than {MAX_BODY_BYTES // 2**20} MiB; not a case file",)
        )


#: How long a body may take to arrive: 8 MiB over any network a clinic uses takes seconds;
#: a client that stops sending would otherwise hold its connection (and Ctrl-C) for ever.
BODY_SECONDS = 30.0


async def body_bytes(request: Request) -> bytes:
    """The body, read no further than the limit (a wrong Content-Length cannot get past)
    and for no longer than BODY_SECONDS."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise BodyTooLarge()
    data = bytearray()
    try:
        async with asyncio.timeout(BODY_SECONDS):
            async for chunk in request.stream():
                data += chunk
                if len(data) > MAX_BODY_BYTES:
                    raise BodyTooLarge()
    except TimeoutError:
        raise InputProblem(
            408, (f"{WHERE}: not received within {BODY_SECONDS:.0f} s; send it again",)
        ) from None
    return bytes(data)


def media_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


async def document_and_options(
    request: Request, allowed: tuple[str, ...], form: bool = False
) -> tuple[Any, QueryParams]:
    """The body's JSON document and the request's options, checked against `allowed`.
    Where `form`, the page's form post is read too: the document in one field and the
    options beside it in the body, so that nothing the page sends (a chart header holds
    the patient's name) is in a URL, a browser's history or a log."""
    data, fields = await _document(request, form)
    return data, checked_options([*request.query_params.multi_items(), *fields], allowed)


async def _document(request: Request, form: bool) -> tuple[Any, list[tuple[str, str]]]:
    kind = media_type(request)
    allowed = (JSON_TYPE, FORM_TYPE) if form else (JSON_TYPE,)
    if kind not in allowed:
        raise InputProblem(
            415,
            (f"Content-Type {kind or 'missing'!r}: send the document as {' or '.join(allowed)}",),
        )
    data = await body_bytes(request)
    text = decode_text(data, WHERE)
    fields: list[tuple[str, str]] = []
    if kind == FORM_TYPE:
        text, fields = _form_fields(text)
    if not text.strip():
        raise InputProblem(422, (f"{WHERE}: empty; send one JSON object",))
    return loads(text, WHERE), fields


#: The most fields a form post may have: the document, the header, the date and readings.
MAX_FORM_FIELDS = 64


def _form_fields(text: str) -> tuple[str, list[tuple[str, str]]]:
    """The document field of a form post, and its other fields (the options)."""
    try:
        fields = parse_qsl(text, keep_blank_values=True, max_num_fields=MAX_FORM_FIELDS)
    except ValueError:
        raise InputProblem(
            422, (f"{WHERE}: a form post of more than {MAX_FORM_FIELDS} fields",)
        ) from None
    values = [value for name, value in fields if name == FORM_FIELD]
    if len(values) != 1:
        raise InputProblem(422, (f"{WHERE}: a form post needs one field {FORM_FIELD!r}",))
    return values[0], [(name, value) for name, value in fields if name != FORM_FIELD]


#: The options that may be given more than once, each time adding a value (as the CLI's).
REPEATABLE = ("criteria", "reading")


def checked_options(pairs: Sequence[tuple[str, str]], allowed: tuple[str, ...]) -> QueryParams:
    """The options, refused (as the CLI refuses an unknown option) where one is not this
    endpoint's, or where an option that takes one value is given two different ones: a
    misspelt `critera` or a second `no_plan` silently ignored could change what is shown."""
    seen: dict[str, str] = {}
    for name, value in pairs:
        if name not in allowed:
            close = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise InputProblem(
                422,
                (f"{name!r}: not an option of this endpoint{hint}; options: {', '.join(allowed)}",),
            )
        if name in REPEATABLE:
            continue
        if seen.setdefault(name, value.strip()) != value.strip():
            raise InputProblem(
                422,
                (
                    f"{name}: given twice, as {seen[name]!r} and {value.strip()!r}; give it "
                    "once, with the value meant",
                ),
            )
    return QueryParams(list(pairs))


def is_history(data: Any) -> bool:
    """A history is a record with `visits`, as batch and the report command tell them."""
    return isinstance(data, Mapping) and "visits" in data


def criteria_option(query: QueryParams) -> tuple[str, ...] | None:
    """`criteria`, repeatable, as `--criteria`: a set outside the registry is refused."""
    chosen = tuple(query.getlist("criteria"))
    for each in chosen:
        if each not in CRITERIA:
            raise InputProblem(
                422,
                (f"criteria: {each!r} is not a criteria set; allowed: {', '.join(CRITERIA)}",),
            )
    return chosen or None


def readings_option(query: QueryParams) -> dict[str, str]:
    """`reading=OPTION=VALUE`, repeatable, as `--reading`. The value is checked by the core
    (the same message as everywhere); one option given twice with two values is refused,
    as the CLI refuses it."""
    return reading_pairs(query.getlist("reading"))


def reading_pairs(pairs: Sequence[str]) -> dict[str, str]:
    options = Readings.options()
    chosen: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name = name.strip().replace("-", "_")
        value = value.strip()
        if not sep:
            raise InputProblem(
                422,
                (
                    f"reading {pair!r}: write OPTION=VALUE; options: "
                    + "; ".join(f"{k}={'|'.join(v)}" for k, v in options.items()),
                ),
            )
        if chosen.get(name, value) != value:
            raise InputProblem(
                422,
                (
                    f"reading {name}: given twice, as {chosen[name]!r} and {value!r}; give it "
                    "once, with the reading meant",
                ),
            )
        chosen[name] = value
    return chosen


def flag(query: QueryParams, name: str) -> bool:
    """A yes/no query option: present and not false/0/no means yes."""
    value = query.get(name)
    if value is None:
        return False
    if value.strip().lower() in ("", "1", "true", "yes"):
        return True
    if value.strip().lower() in ("0", "false", "no"):
        return False
    raise InputProblem(422, (f"{name}: {value!r} is not allowed; allowed: true, false",))


def date_option(query: QueryParams, name: str) -> dt.date | None:
    value = query.get(name)
    if value is None or not value.strip():
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise InputProblem(
            422, (f"{name} {value!r}: not a date; write it as YYYY-MM-DD (e.g. 2026-01-15)",)
        ) from None


#: The chart header's query names, as the report command's options (without the dashes).
HEADER_FIELDS = ("patient_name", "dob", "record", "examiner", "referrer")

#: The report's options: the readings, the date, the audit and the chart header.
REPORT_OPTIONS = ("reading", "date", "audit", *HEADER_FIELDS, "study_date")


def chart_header(query: QueryParams) -> ChartHeader:
    """The chart header, for the page only (never in a result or a log line)."""

    def text(name: str) -> str | None:
        value = query.get(name)
        return value.strip() if value and value.strip() else None

    return ChartHeader(
        patient_name=text("patient_name"),
        date_of_birth=text("dob"),
        record_number=text("record"),
        study_date=date_option(query, "study_date"),
        examiner=text("examiner"),
        referrer=text("referrer"),
    )


#: Each endpoint's options (the CLI's, without the dashes).
CASE_OPTIONS = ("criteria", "reading", "no_plan")
VIEW_OPTIONS = ("reading", "date")


__all__ = [
    "CASE_OPTIONS",
    "FORM_FIELD",
    "HEADER_FIELDS",
    "MAX_BODY_BYTES",
    "REPORT_OPTIONS",
    "VIEW_OPTIONS",
    "BodyTooLarge",
    "InputProblem",
    "body_bytes",
    "chart_header",
    "checked_options",
    "criteria_option",
    "date_option",
    "document_and_options",
    "flag",
    "is_history",
    "readings_option",
]
