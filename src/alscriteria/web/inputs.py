"""A request read as strictly as the CLI reads a file: the same size limit, UTF-8 only, no
repeated key, and the query options spelled as the CLI's.

Every refusal is an `InputProblem` carrying the HTTP status and the messages; the messages
are the CLI's own (the core raises them), with "request body" where the CLI names a path.
"""

from __future__ import annotations

import datetime as dt
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


async def body_bytes(request: Request) -> bytes:
    """The body, read no further than the limit (a wrong Content-Length cannot get past)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise BodyTooLarge()
    data = bytearray()
    async for chunk in request.stream():
        data += chunk
        if len(data) > MAX_BODY_BYTES:
            raise BodyTooLarge()
    return bytes(data)


def media_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


async def json_body(request: Request, form: bool = False) -> Any:
    """The JSON document of the body: `application/json`, or (where `form`) the page's
    form post with the document in one field. Anything else is 415."""
    kind = media_type(request)
    allowed = (JSON_TYPE, FORM_TYPE) if form else (JSON_TYPE,)
    if kind not in allowed:
        raise InputProblem(
            415,
            (f"Content-Type {kind or 'missing'!r}: send the document as {' or '.join(allowed)}",),
        )
    data = await body_bytes(request)
    text = decode_text(data, WHERE)
    if kind == FORM_TYPE:
        text = _form_field(text)
    if not text.strip():
        raise InputProblem(422, (f"{WHERE}: empty; send one JSON object",))
    return loads(text, WHERE)


def _form_field(text: str) -> str:
    fields = parse_qsl(text, keep_blank_values=True, max_num_fields=4)
    values = [value for name, value in fields if name == FORM_FIELD]
    if len(values) != 1:
        raise InputProblem(422, (f"{WHERE}: a form post needs one field {FORM_FIELD!r}",))
    return values[0]


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


__all__ = [
    "FORM_FIELD",
    "HEADER_FIELDS",
    "MAX_BODY_BYTES",
    "BodyTooLarge",
    "InputProblem",
    "body_bytes",
    "chart_header",
    "criteria_option",
    "date_option",
    "flag",
    "is_history",
    "json_body",
    "readings_option",
]
