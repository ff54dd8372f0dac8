"""Session 12 (serialised and plan paths): two embedding-safety bugs found before the speed
work, each with a test that failed before its fix.

- P1: two results of the same case compared equal after a caller changed a list of one of
  them (`Assessment.__eq__` took equal inputs for equal explanations, even where one had
  been read and changed since);
- P2: `undecided` was worded at evaluation while every explanation is worded when first read
  or dumped, so a result evaluated before a voice was installed and dumped after it said its
  `undecided` in the old voice and the rest in the new one. Now `undecided`, like each
  explanation, is worded by the voice installed when it is first read or dumped."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

import alscriteria
from alscriteria import voice as core_voice
from alscriteria.assess.assessment import EXPLAINED, Assessment
from strategies import any_cases

EXAMPLES = Path(__file__).parent.parent / "src" / "alscriteria" / "examples"


def _case(name: str) -> dict[str, Any]:
    found: dict[str, Any] = json.loads((EXAMPLES / f"{name}.json").read_text())
    return found


# --- P1: equal inputs, but a read explanation changed since ---------------------------------


def test_p1_a_result_whose_read_list_was_changed_is_no_longer_equal() -> None:
    """P1: the caller empties the trace it read; the result's JSON changes with it, so it
    no longer equals a result of the same case whose trace was never read."""
    changed = alscriteria.evaluate_all(_case("probable"))["awaji"]
    untouched = alscriteria.evaluate_all(_case("probable"))["awaji"]
    assert changed == untouched
    changed.trace.clear()
    assert changed.model_dump_json() != untouched.model_dump_json()
    assert changed != untouched
    assert untouched != changed


def test_p1_both_read_and_one_changed_deep_inside() -> None:
    """A list inside a model of a read list (a region's muscles), read on both sides."""
    one = alscriteria.evaluate_all(_case("definite"))["gold-coast"]
    two = alscriteria.evaluate_all(_case("definite"))["gold-coast"]
    assert one.regions == two.regions
    region = next(r for r in one.regions if r.emg_muscles)
    region.emg_muscles[0].findings.append("changed")
    assert one != two


def test_p1_nothing_read_is_decided_without_building_an_explanation() -> None:
    """Equal inputs and nothing read: equal, and no explanation built on either side."""
    one = alscriteria.evaluate_all(_case("probable"))["awaji"]
    two = alscriteria.evaluate_all(_case("probable"))["awaji"]
    assert one == two
    for a in (one, two):
        assert not set(EXPLAINED) & a.__dict__.keys()


def test_p1_read_and_unchanged_still_equal() -> None:
    one = alscriteria.evaluate_all(_case("als"), plan=True)["revised-el-escorial"]
    two = alscriteria.evaluate_all(_case("als"), plan=True)["revised-el-escorial"]
    one.explain()
    assert one == two
    assert two == one


def _lists(a: Assessment) -> list[list[Any]]:
    """Every non-empty list a caller reaches from the explanations it read."""
    out: list[list[Any]] = []

    def walk(value: Any) -> None:
        if isinstance(value, list):
            if value:
                out.append(value)
            for item in value:
                walk(item)
        elif hasattr(value, "__pydantic_fields__"):
            for item in value.__dict__.values():
                walk(item)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)

    for name in EXPLAINED:
        walk(getattr(a, name))
    return out


@settings(max_examples=40, deadline=None)
@given(
    case=any_cases,
    pick=st.integers(min_value=0),
    criteria=st.sampled_from(["revised-el-escorial", "awaji", "gold-coast"]),
)
def test_p1_equal_exactly_when_the_json_is(case: dict[str, Any], pick: int, criteria: str) -> None:
    """For every case: after any list a caller read is emptied, the result equals a fresh
    one of the same case exactly when their JSON documents are equal."""
    changed = alscriteria.evaluate_all(case, plan=True)[criteria]
    fresh = alscriteria.evaluate_all(case, plan=True)[criteria]
    lists = _lists(changed)
    if lists:
        lists[pick % len(lists)].clear()
    same = changed.model_dump_json() == fresh.model_dump_json()
    assert (changed == fresh) is same
    assert (fresh == changed) is same


# --- P2: undecided worded by the voice installed when first read or dumped -------------------


class _Loud:
    """The English voice, every sentence prefixed."""

    def __init__(self) -> None:
        from alscriteria.wording.voice import english

        self.english = english()

    def say(self, kind: str, fields: Any) -> dict[str, Any]:
        said = self.english.say(kind, fields)
        return {k: f"LOUD {v}" if isinstance(v, str) else v for k, v in said.items()}


@contextmanager
def _loud() -> Iterator[None]:
    saved = (core_voice._loader, core_voice._voice)
    try:
        core_voice.install(_Loud)
        yield
    finally:
        core_voice._loader, core_voice._voice = saved


def _undecided_result() -> Assessment:
    a = alscriteria.evaluate_all(_case("registry-summary"))["revised-el-escorial"]
    return a


def test_p2_a_voice_installed_after_evaluation_words_undecided_as_the_rest() -> None:
    """P2: evaluated in English, dumped after another voice was installed: the notes and the
    undecided alike speak the voice installed at the dump."""
    a = _undecided_result()
    with _loud():
        document = json.loads(a.model_dump_json())
        assert document["undecided"]["text"].startswith("LOUD ")
        assert all(r["text"].startswith("LOUD ") for r in document["undecided"]["regions"])
        assert document["notes"] and all(n["text"].startswith("LOUD ") for n in document["notes"])
        assert a.undecided is not None and a.undecided.text.startswith("LOUD ")
    # fixed by that first dump: the English voice back, the result keeps its words
    assert json.loads(a.model_dump_json())["undecided"]["text"].startswith("LOUD ")


def test_p2_read_before_the_voice_keeps_its_first_words() -> None:
    """Read first in English: `undecided` keeps its words, as a read explanation does."""
    a = _undecided_result()
    assert a.undecided is not None
    first = a.undecided.text
    notes = [n.text for n in a.notes]
    with _loud():
        assert a.undecided is not None and a.undecided.text == first
        document = json.loads(a.model_dump_json())
        assert document["undecided"]["text"] == first
        assert [n["text"] for n in document["notes"]] == notes


def test_p2_read_after_the_voice_speaks_it_in_every_way_of_reading() -> None:
    """model_dump and explain() word it by the voice installed then, like the rest."""
    for read in ("model_dump", "explain", "attribute"):
        a = _undecided_result()
        with _loud():
            if read == "model_dump":
                text = a.model_dump()["undecided"]["text"]
            elif read == "explain":
                text = a.explain().model_dump()["undecided"]["text"]
            else:
                assert a.undecided is not None
                text = a.undecided.text
        assert text.startswith("LOUD "), read
        assert a.undecided is not None and a.undecided.text == text


def test_p2_the_reworded_undecided_is_the_same_codes() -> None:
    """Rewording changes the words alone: the categories and each region's codes stay."""
    english = _undecided_result()
    loud = _undecided_result()
    with _loud():
        assert loud.undecided is not None
    assert english.undecided is not None and loud.undecided is not None
    assert english.undecided.categories == loud.undecided.categories
    assert english.undecided.pattern_categories == loud.undecided.pattern_categories
    assert [(r.region, r.missing, r.own_summary) for r in english.undecided.regions] == [
        (r.region, r.missing, r.own_summary) for r in loud.undecided.regions
    ]
    assert english.undecided.text != loud.undecided.text


# --- the trace plan keeps a rule's regions as their mask ----------------------------------


def test_a_rules_regions_are_those_of_their_mask_rostral_first() -> None:
    """The trace plan (explain/trace.py TracePlan) keeps each fired rule's regions as their
    bit mask and the trace's JSON writes the regions of that mask, rostral first
    (note_pieces.regions_of): exact only if `shown_for` gives every rule's regions in
    rostral order, each once. Held over the whole closed domain: every evidence kind and
    every UMN, LMN and EMG-positive mask."""
    from typing import get_args

    from alscriteria.assess.explain.note_pieces import regions_of
    from alscriteria.assess.explain.trace import shown_for
    from alscriteria.rules.rule import Evidence

    for kind in get_args(Evidence):
        for umn in range(16):
            for lmn in range(16):
                for emg in range(16):
                    regions, _, (mask, _) = shown_for(kind, umn, lmn, emg)
                    assert regions_of(mask)[0] == regions, (kind, umn, lmn, emg)


# --- empty defaults from Python functions --------------------------------------------------


def test_a_default_left_out_is_a_list_and_dict_of_each_models_own() -> None:
    """The output models' empty defaults (models/base.py empty_list, empty_dict: Python
    functions where the builtins were, so a schema build reads their signature instead of
    parsing a builtin's text) give each model loaded without the field containers of its own,
    and the published schemas do not name them (no default is written for a factory)."""
    from alscriteria.assess.models.explanations import Note
    from alscriteria.schemas import assessment_schema

    one = Note.model_validate({"code": "c", "text": "t"})
    two = Note.model_validate({"code": "c", "text": "t"})
    assert one.regions == [] and one.values == {}
    assert one.regions is not two.regions and one.values is not two.values
    assert one.muscles is not two.muscles
    assert "empty_list" not in json.dumps(assessment_schema())
