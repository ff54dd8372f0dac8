"""Every JSON writer of the package goes through the one fast encoder (files/json_output.py)
and writes what `json.dumps` wrote before, byte for byte: the batch summary, the errors rows,
the kept CSV cells, the walkthrough's saves and the web guard's refusals (issue 23)."""

from __future__ import annotations

import ast
import asyncio
import json
import math
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from rich.console import Console

import alscriteria
from alscriteria.cli.app import main
from alscriteria.cli.walkthrough import Walkthrough
from alscriteria.cohort.rows import error_row, kept_cell
from alscriteria.files.json_output import json_line_text, json_text
from alscriteria.web.guard import answer_json
from strategies import examples

PACKAGE = Path(alscriteria.__file__).resolve().parent

#: Text json escapes and pydantic-core does not (or escapes otherwise): non-ASCII, DEL, the
#: Unicode line ends the rows keep escaped, an astral character, a lone surrogate, and text
#: that looks like the float spellings the encoder checks for.
AWKWARD_TEXT = [
    "Zoë ≥ 3",
    '\x7f\x00\x1f\t\n"\\',
    "\u2028\u2029\x85",
    "😀 Gráinne",
    "x\udc80y",
    "1e-7 0.0000 NaN Infinity",
    "",
]

#: Awkward values: texts as above, ints past 64 bits, floats Python spells with an
#: exponent (short and long), nesting.
awkward = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(2**80), max_value=2**80),
        st.floats(allow_nan=False, allow_infinity=False),
        st.sampled_from([9.9e-05, 1e-05, 1e-07, 1.5e-10, 1e16, 1e300, -0.0, 2.5]),
        st.text(),
        st.sampled_from(AWKWARD_TEXT),
    ),
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(
            st.one_of(st.text(max_size=5), st.sampled_from(AWKWARD_TEXT)), children, max_size=4
        ),
    ),
    max_leaves=12,
)

#: One of each awkward kind together, the example every property below also runs.
NESTED = {
    "é\u2028": [1e-07, 2**70, -(2**65), 9.9e-05, 1e16, {"😀": "\x85\x7f", "x": [None, True]}],
    "n": 0.1,
}


def test_no_module_but_the_encoder_calls_json_dumps() -> None:
    """The one fast encoder writes every document; only the rule engine's facts (read by
    durable_rules, never by a person) are written by `json` itself."""
    callers = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id == "json"
                and node.attr in ("dumps", "dump")
            ):
                callers.add(path.relative_to(PACKAGE).as_posix())
    assert callers == {"files/json_output.py", "rules/engine.py"}


@settings(max_examples=examples(300))
@given(awkward)
@example(NESTED)
def test_the_encoder_with_and_without_ensure_ascii(value: Any) -> None:
    assert json_text(value, ensure_ascii=False) == json.dumps(value, indent=2, ensure_ascii=False)
    assert json_line_text(value, ensure_ascii=True) == json.dumps(value)


def test_every_float_exponent_is_spelt_as_json_spells_it() -> None:
    """From the smallest subnormal to the largest double: written out or with an exponent,
    one digit or three, as Python spells them (each writer's numbers)."""
    for exponent in range(-324, 309):
        values = [float(f"{m}e{exponent}") for m in ("1", "1.5", "-7", "3.3333333333333335")]
        values = [v for v in values if math.isfinite(v)]
        assert json_text(values) == json.dumps(values, indent=2), exponent
        assert json_line_text(values) == json.dumps(values, ensure_ascii=False), exponent


@settings(max_examples=examples(300))
@given(awkward)
@example(NESTED)
def test_a_kept_cell_is_written_as_before(value: Any) -> None:
    if isinstance(value, str) or value is None:
        assert kept_cell(value) == ("" if value is None else value)
    else:
        assert kept_cell(value) == json.dumps(value, ensure_ascii=False)


@settings(max_examples=examples(300))
@given(
    case_id=awkward,
    problems=st.lists(st.one_of(st.text(), st.sampled_from(AWKWARD_TEXT)), max_size=3),
    kept=st.lists(st.tuples(st.sampled_from(["site", "Zoë", "\u2028"]), awkward), max_size=3),
)
@example(case_id="\u2028é", problems=["x\udc80y", "≥"], kept=[("site", NESTED)])
def test_an_errors_row_is_written_as_before(
    case_id: Any, problems: list[str], kept: list[tuple[str, Any]]
) -> None:
    row: dict[str, Any] = dict(kept)
    row.update(line=7, id=case_id, errors=list(problems))
    expected = (json.dumps(row, ensure_ascii=True) + "\n").encode("ascii")
    assert error_row(7, case_id, problems, kept) == expected
    for line_end in (b"\xc2\x85", b"\xe2\x80\xa8", b"\xe2\x80\xa9"):
        assert line_end not in expected  # escaped, as ASCII: no reader splits the row


def _refusal(detail: str, problems: list[str]) -> tuple[dict[str, Any], bytes]:
    sent: list[dict[str, Any]] = []

    async def send(message: Any) -> None:
        sent.append(message)

    asyncio.run(answer_json(send, 400, detail, problems))
    return sent[0], sent[1]["body"]


@pytest.mark.parametrize("text", AWKWARD_TEXT[:4])
def test_a_web_refusal_is_written_as_before(text: str) -> None:
    start, body = _refusal(f"bad {text}", [text, "≥ 2"])
    before = json.dumps({"detail": f"bad {text}", "problems": [text, "≥ 2"]})
    assert body == before.encode()
    assert (b"content-length", str(len(body)).encode()) in start["headers"]


def test_the_batch_summary_is_written_as_before(tmp_path: Path) -> None:
    """The summary names its input; a name with non-ASCII and U+2028 is escaped as json
    escapes it, and the percentages are spelt as Python spells them."""
    source = Path(__file__).resolve().parents[1] / "examples" / "cohort.csv"
    cohort = tmp_path / "kohorte-Zoë\u2028😀.csv"
    cohort.write_bytes(source.read_bytes())
    summary = tmp_path / "summary.json"
    code = main(
        ["batch", str(cohort), "-o", str(tmp_path / "r.jsonl"), "--summary", str(summary)],
        console=Console(file=StringIO()),
    )
    assert code == 0
    written = summary.read_bytes()
    document = json.loads(written)
    assert document["input"] == str(cohort)
    assert written == (json.dumps(document, indent=2) + "\n").encode("utf-8")
    assert written.isascii()


def test_a_walkthrough_save_is_written_as_before(tmp_path: Path) -> None:
    """The saved case keeps non-ASCII as it is (ensure_ascii=False), two-space indented."""
    walk = Walkthrough(Console(file=StringIO()), lambda _: "", recovery_dir=tmp_path)
    data = {"id": "Zoë \u2028 😀", "progression": True, "regions": {}, "emg": [], "n": NESTED}
    target = tmp_path / "case.json"
    assert walk._write_json(target, data)
    expected = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    assert target.read_text(encoding="utf-8") == expected
    assert "Zoë" in target.read_text(encoding="utf-8")


def test_no_model_spells_infinity_its_own_way() -> None:
    """The encoder writes Infinity and NaN as `json` does only because no model asks
    pydantic-core for another spelling (`ser_json_inf_nan`), which `to_json` follows."""
    sources = [p for p in PACKAGE.rglob("*.py") if "inf_nan" in p.read_text(encoding="utf-8")]
    assert [p.relative_to(PACKAGE).as_posix() for p in sources] == ["files/json_output.py"]


@pytest.mark.parametrize(
    "value", [math.inf, -math.inf, math.nan, [1.0, math.nan, {"x": -math.inf}]]
)
def test_infinity_and_nan_are_spelt_as_json_spells_them(value: Any) -> None:
    assert json_text(value) == json.dumps(value, indent=2)
    assert json_line_text(value, ensure_ascii=True) == json.dumps(value)
