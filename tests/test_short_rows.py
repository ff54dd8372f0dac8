"""A short batch row written from pieces (cohort/rows.py: short_row) is, byte for byte, the
row built whole (`whole_row`), in JSON Lines and CSV, for every generated case, reading,
criteria sets, id and kept values; where the pieces do not hold a row (a plan, a category
left open) it is built whole.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

import alscriteria
from alscriteria import Readings
from alscriteria.assess.assessment import Assessment
from alscriteria.cohort.formats import CohortFormat
from alscriteria.cohort.rows import result_row, short_row, whole_row
from alscriteria.criteria import CRITERIA
from alscriteria.errors import InvalidCaseError
from strategies import examples, readings
from test_findings_pattern import everything

#: Text as registries and JSON give it: line ends of every kind, quotes, commas, formula
#: starts, lone surrogates (which no row can carry), and the rest of Unicode.
_TEXT = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["=1+1", "-0.5", "a,b", 'say "x"', "a\nb", "a\rb", "\u2028", "\x85", " "]),
    st.text(alphabet=st.sampled_from(["\ud800", "a", "\u2029", ","]), max_size=4),
)
_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | _TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_TEXT, inner, max_size=3),
    max_leaves=6,
)
_IDS = st.one_of(_TEXT, st.integers(), st.floats(), st.none(), st.integers(2**63, 2**70))
_KEPT = st.lists(
    st.tuples(st.text(alphabet="abcxyz_", min_size=1, max_size=6), _JSON),
    max_size=3,
    unique_by=lambda pair: pair[0],
)
_CRITERIA = st.lists(st.sampled_from(list(CRITERIA)), min_size=1, max_size=3, unique=True)


def _older(a: Assessment) -> Assessment:
    """The same result (its very readings object) as another version would have written it."""
    values = {name: a.__dict__[name] for name in Assessment.model_fields}
    values.update(package_version="0.0.1", rules_version="r0")
    return Assessment.decided(a._explained(), values)


def _results(case: dict[str, Any], rd: Readings, sets: list[str], plan: bool) -> dict[str, Any]:
    try:
        return alscriteria.evaluate_all(case, rd, criteria=tuple(sets), plan=plan)
    except InvalidCaseError:  # a generated registry case written against the rules
        return {}


def _encoded(text: str | None) -> bytes | str | None:
    """The row's bytes, or the kind of failure writing them raises (a lone surrogate)."""
    if text is None:
        return None
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return "UnicodeEncodeError"


def _whole(*args: Any) -> bytes | str:
    try:
        return whole_row(*args)
    except UnicodeEncodeError:
        return "UnicodeEncodeError"


@settings(max_examples=examples(400), deadline=None)
@given(
    everything,
    readings,
    _CRITERIA,
    st.sampled_from(list(CohortFormat)),
    st.integers(1, 10**6),
    _IDS,
    _KEPT,
    st.sampled_from([False] * 9 + [True]),
)
def test_a_short_row_is_the_row_built_whole(
    case: dict[str, Any],
    rd: Readings,
    sets: list[str],
    fmt: CohortFormat,
    line: int,
    case_id: object,
    kept: list[tuple[str, Any]],
    plan: bool,
) -> None:
    results = _results(case, rd, sets, plan)
    if not results:
        return
    short = _encoded(short_row(fmt, line, case_id, results, kept))
    whole = _whole(fmt, line, case_id, results, False, kept)
    open_or_planned = plan or any(a.undecided is not None for a in results.values())
    assert (short is None) is open_or_planned
    if short is not None:
        assert short == whole
    try:
        row: bytes | str = result_row(fmt, line, case_id, results, False, kept)
    except UnicodeEncodeError:
        row = "UnicodeEncodeError"
    assert row == whole


def test_the_pieces_follow_the_readings_and_the_versions() -> None:
    """A run under other readings (or rows from another version) gets its own tail."""
    case = {"regions": {"cervical": {"lmn_signs": ["weakness"], "umn_signs": ["hyperreflexia"]}}}
    for fmt in CohortFormat:
        for rd in (Readings(), Readings(probable="aggregate"), Readings(gap="unclassified")):
            results = alscriteria.evaluate_all(case, rd)
            assert short_row(fmt, 1, "A", results) is not None
            assert result_row(fmt, 1, "A", results) == whole_row(fmt, 1, "A", results)
        results = alscriteria.evaluate_all(case)
        # the same readings object, other versions: the kept tail is not theirs
        older = {cid: _older(a) for cid, a in results.items()}
        assert next(iter(older.values())).readings is next(iter(results.values())).readings
        assert b"0.0.1" in result_row(fmt, 1, "A", older)
        assert result_row(fmt, 1, "A", older) == whole_row(fmt, 1, "A", older)
        assert result_row(fmt, 1, "A", results) == whole_row(fmt, 1, "A", results)
