"""A cohort file's physical lines (cohort/lines.py: split_lines) are found with `bytes.find`
and kept positions; they are the lines the regular expression found before, for any bytes
(CR, LF, CRLF and a CR split from its LF by a read), however the stream hands them over,
with lines over the limit passed over, and the same byte count."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator

from hypothesis import given, settings
from hypothesis import strategies as st

from alscriteria.cohort import lines
from alscriteria.cohort.lines import BLOCK, split_lines
from strategies import examples

_LINE_END = re.compile(rb"[\r\n]")


def regex_lines(
    file: io.BufferedIOBase, limit: int, counter: list[int], head: bytes = b""
) -> Iterator[tuple[int, bytes | None, int, bytes]]:
    """split_lines as it was written with a regular expression: the definition."""
    _start = lines._start
    buffer = head
    pos = 0
    skipped = -1
    prefix = b""
    number = 0
    eof = False
    while True:
        found = _LINE_END.search(buffer, pos)
        if found is not None:
            end = found.start()
            if eof or end + 1 < len(buffer) or buffer[end] != 0x0D:
                number += 1
                size = max(skipped, 0) + end - pos
                if skipped >= 0 or size > limit:
                    yield (number, None, size, _start(prefix, skipped, buffer, pos))
                else:
                    yield (number, buffer[pos:end], size, b"")
                skipped = -1
                prefix = b""
                pos = end + (2 if buffer.startswith(b"\r\n", end) else 1)
                continue
        elif eof:
            size = max(skipped, 0) + len(buffer) - pos
            if size or skipped >= 0:
                if skipped >= 0 or size > limit:
                    yield (number + 1, None, size, _start(prefix, skipped, buffer, pos))
                else:
                    yield (number + 1, buffer[pos:], size, b"")
            return
        elif len(buffer) - pos > limit:
            prefix = _start(prefix, skipped, buffer, pos)
            skipped = max(skipped, 0) + len(buffer) - pos
            buffer, pos = b"", 0
        block = file.read1(BLOCK)
        if block:
            counter[0] += len(block)
            buffer = buffer[pos:] + block
            pos = 0
        else:
            eof = True


class Trickle(io.BufferedIOBase):
    """A stream that hands its bytes over in the pieces given (a pipe, a slow disk)."""

    def __init__(self, pieces: list[bytes]) -> None:
        self._pieces = list(pieces)

    def read1(self, size: int = -1) -> bytes:
        return self._pieces.pop(0) if self._pieces else b""


_BYTES = st.lists(
    st.sampled_from([b"a", b"bc", b"\r", b"\n", b"\r\n", b"\xc3\xa9", b"{}", b" "]), max_size=40
).map(b"".join)


@st.composite
def streams(draw: st.DrawFn) -> tuple[bytes, list[bytes]]:
    """Some bytes, a head already read, and the rest cut into pieces anywhere."""
    data = draw(_BYTES)
    cuts = sorted(draw(st.lists(st.integers(0, len(data)), max_size=8)))
    head_at = draw(st.integers(0, len(data)))
    head, rest = data[:head_at], data[head_at:]
    cuts = sorted({min(c, len(rest)) for c in cuts})
    pieces = [rest[a:b] for a, b in zip([0, *cuts], [*cuts, len(rest)], strict=True)]
    return head, [p for p in pieces if p]


@settings(max_examples=examples(1000), deadline=None)
@given(streams(), st.integers(0, 12))
def test_the_lines_are_those_the_regular_expression_found(
    stream: tuple[bytes, list[bytes]], limit: int
) -> None:
    head, pieces = stream
    counted, want_counted = [len(head)], [len(head)]
    got = [tuple(line) for line in split_lines(Trickle(pieces), limit, counted, head)]
    want = list(regex_lines(Trickle(pieces), limit, want_counted, head))
    assert got == want
    assert counted == want_counted


def test_a_large_file_of_each_line_end_is_read_alike() -> None:
    """Whole blocks: many lines of LF, CRLF and CR alone, and lines over the limit."""
    for end in (b"\n", b"\r\n", b"\r"):
        data = b"".join(b"x" * (i % 97) + end for i in range(5000))
        for limit in (50, 1 << 20):
            got = [tuple(x) for x in split_lines(io.BytesIO(data), limit, [0])]  # type: ignore[arg-type]
            want = list(regex_lines(io.BytesIO(data), limit, [0]))  # type: ignore[arg-type]
            assert got == want
