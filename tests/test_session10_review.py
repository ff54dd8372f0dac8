"""Session 10 review: hostile checks of this session's speed work (issue 23). Each test names
the finding it guards (R1, R2, ...), each found failing on the merged work and fixed:

- R1: the JSON kept for every case alike was made from a region handed to a result, so one
  caller's change reached every later patient (context.py region_json);
- R2: the stitched document of one result differed from pydantic's once another criteria
  set's result was changed (the sets shared objects: R3);
- R3 (older than the stitched JSON): the criteria sets of one case shared the phenotype,
  red flags, regions and muscle-naming notes; each result now gets lists of its own, and
  what is kept is never handed out;
- R4: dir() of the wording package lacked the names it gives on first use;
- R5: a result dumped twice was worded twice when a voice was installed in between."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from pydantic import BaseModel

import alscriteria
from alscriteria.assess.assessment import EXPLAINED, Assessment
from alscriteria.rules.engine import RuleEngine
from strategies import any_cases, examples

EXAMPLES = Path(__file__).parent.parent / "src" / "alscriteria" / "examples"


def _case(name: str, **changes: Any) -> dict[str, Any]:
    case: dict[str, Any] = json.loads((EXAMPLES / f"{name}.json").read_text())
    case.update(changes)
    return case


def _pydantic_document(assessment: Assessment) -> str:
    """pydantic's own document of the result, every explanation read first."""
    for name in EXPLAINED:
        getattr(assessment, name)
    return type(assessment).__pydantic_serializer__.to_json(assessment).decode()


# --- R1: the engine memo's region JSON is made from a region a caller was handed -----------


def test_r1_changing_one_patients_regions_leaves_the_next_patients_json_alone() -> None:
    """R1 (unsafe embedding, wrong output for every later patient): CaseContext.region_json
    keeps the JSON of a region without muscles, summaries or sides in the engine memo
    (kind `region_json`) for every case alike, but writes it from `region_evidence`, the very
    RegionEvidence handed to the case's results. A caller who changed a list of one set's
    region before another set of the case was dumped puts its change into the memo, and every
    later patient with such a region is dumped with it."""
    engine = RuleEngine()
    expected = {
        k: a.model_dump_json()
        for k, a in alscriteria.evaluate_all(
            _case("possible", id="next"), engine=RuleEngine()
        ).items()
    }
    first = alscriteria.evaluate_all(_case("possible"), engine=engine)
    for region in first["revised-el-escorial"].regions:
        if region.examined:
            region.umn_signs.append("hoffmann")  # a caller's own result, changed
    first["awaji"].model_dump_json()  # another set of the same case, dumped unread
    later = alscriteria.evaluate_all(_case("possible", id="next"), engine=engine)
    assert {k: a.model_dump_json() for k, a in later.items()} == expected


# --- R2: the stitched document depends on whether the result's own field was read --------


def test_r2_a_results_document_is_the_same_before_and_after_reading_a_field() -> None:
    """R2 (wrong output: the stitched JSON is not pydantic's document): the criteria sets of
    one case are handed the same phenotype, red flags, regions and muscle-naming notes (R3).
    After a caller changes one set's, another set's `model_dump_json()` writes the kept,
    unchanged JSON while the field is unread, and the changed object once it is read (or with
    any option), so one result gives two documents."""
    results = alscriteria.evaluate_all(_case("definite"))
    results["revised-el-escorial"].phenotype.umn_regions.clear()
    awaji = results["awaji"]
    stitched = awaji.model_dump_json()
    assert stitched == _pydantic_document(awaji)


def test_r2_regions_alike() -> None:
    """R2 for the regions (CaseContext.region_json, kept once a case in `_shared`): Gold
    Coast dumped, then Awaji's regions changed (they share lists with Gold Coast's: R3), then
    Gold Coast dumped again: the kept region JSON is written, not what the result holds."""
    results = alscriteria.evaluate_all(_case("definite"))
    gold_coast = results["gold-coast"]
    gold_coast.model_dump_json()
    for region in results["awaji"].regions:
        region.lmn_signs.clear()
    stitched = gold_coast.model_dump_json()
    assert stitched == _pydantic_document(gold_coast)


# --- R3 (present on base): one set's result shares lists with another set's of the case ---


def test_r3_changing_one_sets_result_leaves_the_other_sets_alone() -> None:
    """R3 (unsafe embedding, present before this session: base10 fails it too): the phenotype
    (CaseContext.phenotype, one own_lists copy a case), the red flags (CaseContext.warnings),
    the regions (CaseContext.region_evidence, and region_like's dict(base.__dict__) sharing
    the lists of another set's region) and notes naming muscles (CaseContext.note) are one
    object for every criteria set of the case: a caller changing its El Escorial result
    changes its Awaji and Gold Coast results."""
    case = _case("definite")
    expected = {k: _pydantic_document(a) for k, a in alscriteria.evaluate_all(case).items()}
    results = alscriteria.evaluate_all(case)
    mine = results["revised-el-escorial"]
    mine.phenotype.umn_regions.clear()
    for region in mine.regions:
        region.umn_signs.clear()
    for flag in mine.warnings:
        flag.values.clear()
    for name in ("awaji", "gold-coast"):
        assert _pydantic_document(results[name]) == expected[name], name


# --- R4 (cosmetic): the wording package's lazily given names are missing from dir() ------


def test_r4_every_published_wording_name_is_listed_by_dir() -> None:
    """R4 (cosmetic): wording/__init__.py gives the history rooms' names on first use (PEP
    562 `__getattr__`) but defines no `__dir__`, so `dir(alscriteria.wording)` (tab
    completion, help(), introspecting tools) lacks 20 of the names `__all__` publishes
    until one of them is used."""
    import os
    import subprocess
    import sys

    script = "import alscriteria.wording as w\nprint(sorted(set(w.__all__) - set(dir(w))))\n"
    found = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        env=os.environ,  # a fresh interpreter: no other test has used a history name yet
    )
    assert found.stdout.strip() == "[]"


# --- R5: a result dumped twice is worded twice, by whichever voice is installed then -------


def test_r5_a_results_document_keeps_its_words_when_a_voice_is_installed_later() -> None:
    """R5 (wrong output, rare: a voice installed while results live): before this session a
    dump read (and kept) every explanation, so a result's words were fixed at its first
    dump or read. The stitched dump keeps nothing on the result and words the notes afresh
    each time (Explainer._notes_json -> CaseContext.kept_note, keyed by the voice installed
    now), so the same result gives a second document, and reading its notes later gives
    the new voice's words, unlike its first document."""
    from alscriteria import voice as core_voice
    from alscriteria.wording.voice import english

    class Loud:
        def __init__(self) -> None:
            self.english = english()

        def say(self, kind: str, fields: Any) -> dict[str, Any]:
            said = self.english.say(kind, fields)
            return {k: f"LOUD {v}" if k == "text" else v for k, v in said.items()}

    results = alscriteria.evaluate_all(_case("possible"), plan=True)
    first = {k: a.model_dump_json() for k, a in results.items()}
    saved = (core_voice._loader, core_voice._voice)
    try:
        core_voice.install(Loud)
        second = {k: a.model_dump_json() for k, a in results.items()}
    finally:
        core_voice._loader, core_voice._voice = saved
    assert second == first


# --- R1-R3 for every generated case ---------------------------------------------------------


def _containers(obj: Any, seen: set[int], out: list[list[Any] | dict[str, Any]]) -> None:
    """Every list and dict reachable from a result's field (what a caller can change: the
    models themselves are frozen)."""
    if id(obj) in seen:
        return
    seen.add(id(obj))
    if isinstance(obj, BaseModel):
        for name in [*type(obj).model_fields, *type(obj).model_computed_fields]:
            _containers(getattr(obj, name), seen, out)
    elif isinstance(obj, list):
        out.append(obj)
        for item in obj:
            _containers(item, seen, out)
    elif isinstance(obj, dict):
        out.append(obj)
        for item in obj.values():
            _containers(item, seen, out)


def _change_everything(assessment: Assessment) -> None:
    """What a front end might do to its own result: reverse every list, mark every dict."""
    found: list[list[Any] | dict[str, Any]] = []
    for name in EXPLAINED:
        _containers(getattr(assessment, name), set(), found)
    for container in found:
        if isinstance(container, dict):
            container["changed"] = True
        elif len(container) > 1:
            container.reverse()
        elif container and type(container[0]) is str:
            container.append("changed")


@settings(max_examples=examples(40), deadline=None)
@given(any_cases)
def test_r1_r2_r3_for_every_case(case: dict[str, Any]) -> None:
    """R1, R2 and R3 for generated cases: one set's result changed throughout, another set
    dumped before and after; its documents are pydantic's own and the untouched ones, and
    the same case evaluated again on the same engine is the same as on a fresh engine."""
    fresh = {
        k: a.model_dump_json()
        for k, a in alscriteria.evaluate_all(dict(case, id="again"), engine=RuleEngine()).items()
    }
    engine = RuleEngine()
    results = alscriteria.evaluate_all(case, engine=engine)
    untouched = {k: a.model_dump_json() for k, a in results.items()}
    earlier = results["gold-coast"]
    earlier.model_dump_json()
    _change_everything(results["awaji"])
    others = ("revised-el-escorial", "gold-coast")
    stitched = {name: results[name].model_dump_json() for name in others}
    again = alscriteria.evaluate_all(dict(case, id="again"), engine=engine)
    assert {k: a.model_dump_json() for k, a in again.items()} == fresh, "R1"
    for name in others:
        assert stitched[name] == _pydantic_document(results[name]), f"R2 {name}"
    for name in others:
        assert stitched[name] == untouched[name], f"R3 {name}"


def test_r3_a_paraspinal_note_is_each_sets_own() -> None:
    """R3 for the note a limb paraspinal gives (Explainer._anatomy_notes: kept once a case
    for every criteria set, handed to each result with lists of its own)."""
    study = {"side": "left", "fibrillation_potentials": True, "chronic_neurogenic_change": True}
    case = _case(
        "possible",
        emg=[
            {"muscle": "lumbosacral_paraspinals", **study},
            {"muscle": "tibialis_anterior", **study},
        ],
    )
    expected = {k: _pydantic_document(a) for k, a in alscriteria.evaluate_all(case).items()}
    results = alscriteria.evaluate_all(case)
    changed = 0
    for note in results["revised-el-escorial"].notes:
        if note.code == "paraspinals_never_independent":
            note.muscles.clear()
            changed += 1
    assert changed == 1
    for name in ("awaji", "gold-coast"):
        assert results[name].model_dump_json() == expected[name], name
        assert _pydantic_document(results[name]) == expected[name], name
