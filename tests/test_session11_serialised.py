"""Session 11 (issue 23, the serialised path): each answer kept under a smaller key, or written
from smaller pieces, equals the definitional answer for every input it can meet.

- what a rule lacks (`missing`, `why_not_probable`) is kept in two parts, the closed gate's
  and the next category's, the latter keyed by the fields of that category's rules alone
  (notes.py: short_of_reader): it equals `missing_evidence` and `short_of`, and its JSON
  pydantic's, over the rule-fact space and for generated cases;
- the alternative readings of a shape of masks are kept once for both gates (a closed gate
  changes the category shown, not which readings are alternatives), each with its JSON:
  equal to `alternative_readings` of a verdict with that gate, for any masks and readings;
- a note naming catalogue muscles alone is worded once for every case that names the same
  (the engine memo, as a note naming none), its JSON with it; one naming a muscle the case
  named itself stays the case's own; each result's copy is its own;
- an ordinary case's notes are written from the masks, the findings' notes kept for every
  set and case alike in one entry: the same JSON as each note `_notes` finds, written one
  by one, for every generated case and reading;
- a set's trace is planned once for every case whose set fires the same rules on the same
  masks (each rule's head, regions and the regions whose EMG it shows), the case's findings
  joined in: pydantic's JSON of `build_trace`, for generated cases (registry input too);
- an ordinary case's regions read the set's answers for each region from its masks: the
  JSON of the regions a read hands out, for generated cases and the cases above;
- the alternatives of a case whose evidence changes with a reading: the rule readings'
  JSON as kept, the evidence readings' joined after it;
- the red flags of the pattern alone (no conduction finding, no other cause) are written
  once for every case with the pattern, beside the flags kept for it.

The generated cases are `test_findings_pattern.everything`: ordinary cases, cases with their
own anatomy, accessory-nerve muscles, conduction findings, reported signs and registry input.
"""

from __future__ import annotations

import itertools
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

import alscriteria
from alscriteria.assess.context import CaseContext
from alscriteria.assess.explain.alternatives import (
    alternative_readings,
    alternatives_for_masks,
    alternatives_json_for_masks,
)
from alscriteria.assess.explain.explainer import Explainer
from alscriteria.assess.explain.notes import missing_evidence, short_of, short_of_reader
from alscriteria.assess.models.pieces import models_json
from alscriteria.assess.verdict import Verdict, decision, verdict_of
from alscriteria.case.readings import Readings
from alscriteria.criteria import CRITERIA
from alscriteria.criteria.category import Category
from alscriteria.regions.masks import CaseEvidence, EvidenceMasks
from alscriteria.rules.engine import RuleEngine
from alscriteria.rules.facts import all_gate_facts, all_rule_facts
from strategies import any_cases, examples, readings
from test_findings_pattern import _parsed, everything


def _every_spec() -> dict[str, Any]:
    """Every ruleset the readings build, with its criteria set."""
    options = Readings.options()
    specs = {}
    for values in itertools.product(*options.values()):
        chosen = Readings(**dict(zip(options, values, strict=True)))
        for cset in CRITERIA.values():
            spec = cset.ruleset(chosen)
            specs[spec.name] = (cset, spec)
    return specs


def test_what_a_category_lacks_is_a_function_of_the_fields_its_rules_read() -> None:
    """Over the whole rule-fact space of every ruleset: facts alike in the fields of the
    rules granting a category (`short_of_reader`) lack the same for that category, so the
    answer kept under that key is the answer of every fact that meets it."""
    facts = all_rule_facts()
    for cset, spec in _every_spec().values():
        for category in cset.ladder:
            read = short_of_reader(spec, category)
            seen: dict[object, object] = {}
            for fact in facts:
                lacks = short_of(spec, fact, category)
                assert seen.setdefault(read(fact), lacks) == lacks, (spec.name, category, fact)


def test_the_gate_part_is_what_the_gate_lacks_for_every_gate_fact() -> None:
    """The closed gate's part, kept by the gate fact alone, for every gate fact and set."""
    from alscriteria.assess.explain.notes import unmet

    case = alscriteria.parse_case({"regions": {"bulbar": {"umn_signs": ["jaw_jerk"]}}})
    engine = RuleEngine()
    for gate in all_gate_facts():
        ctx = CaseContext(case, engine)
        ctx.gate = gate
        for cset in CRITERIA.values():
            verdict = verdict_of(ctx, cset, Readings())
            explainer = Explainer(ctx, cset, Readings(), verdict, False)
            models, inner = explainer._gate_lacks()
            assert list(models) == unmet(cset.gate, gate)
            assert b"[" + inner + b"]" == models_json(models)


@settings(max_examples=examples(200), deadline=None)
@given(case=any_cases, rd=readings)
def test_missing_and_why_not_probable_equal_their_definitions(case: Any, rd: Readings) -> None:
    """For generated cases and readings, one engine's memo across all of them: `missing`
    is `missing_evidence` of the verdict (another cause recorded names it), `why_not_probable`
    what clinical Probable lacks below laboratory support, and each JSON pydantic's."""
    engine = _ENGINE
    ctx = CaseContext(alscriteria.parse_case(case), engine)
    for cset in CRITERIA.values():
        verdict = verdict_of(ctx, cset, rd)
        closed = None if verdict.gate_open else ctx.gate
        want = list(missing_evidence(cset, verdict.spec, verdict.fact, verdict.pattern, closed))
        if ctx.case.alternative_diagnosis is not None:
            want = [
                s.model_copy(update={"have": "alternative_diagnosis"})
                if s.code == "other_causes_excluded"
                else s
                for s in want
            ]
        lab = cset.above(verdict.pattern) is Category.PROBABLE_LABORATORY_SUPPORTED
        why = short_of(verdict.spec, verdict.fact, Category.PROBABLE) if lab else []
        explainer = Explainer(ctx, cset, rd, verdict, False)
        assert explainer.missing() == want
        assert explainer.encoded("missing") == models_json(want)
        assert explainer.why_not_probable() == why
        assert explainer.encoded("why_not_probable") == models_json(why)


_MASK = st.integers(0, 15)


@settings(max_examples=examples(300), deadline=None)
@given(
    umn=_MASK,
    either=_MASK,
    both=_MASK,
    emg=st.tuples(_MASK, _MASK),
    limbs=st.tuples(st.integers(0, 4), st.integers(0, 4)),
    rd=readings,
    closed_first=st.booleans(),
)
def test_alternatives_kept_for_both_gates_equal_their_definition(
    umn: int,
    either: int,
    both: int,
    emg: tuple[int, int],
    limbs: tuple[int, int],
    rd: Readings,
    closed_first: bool,
) -> None:
    """Either gate asked first of one engine's memo (kept across examples), each gate's
    alternatives and JSON are those `alternative_readings` gives a verdict with that gate."""
    masks = EvidenceMasks(umn, either | both, both, emg, limbs)
    engine = _ENGINE
    for cset in CRITERIA.values():
        fact, spec = cset.fact(masks, rd), cset.ruleset(rd)
        fired, pattern = decision(cset, spec, engine.fire(spec, fact))
        for gate_open in (False, True) if closed_first else (True, False):
            category = pattern if gate_open else Category.NOT_MET
            verdict = Verdict(
                CaseEvidence((), masks), fact, spec, fired, gate_open, pattern, category
            )
            want = alternative_readings(cset, rd, verdict, lambda _: masks, engine)
            assert list(alternatives_for_masks(cset, rd, masks, gate_open, engine)) == want
            got = alternatives_json_for_masks(cset, rd, masks, gate_open, engine)
            assert got == models_json(want)


@settings(max_examples=examples(200), deadline=None)
@given(case=any_cases, rd=readings)
def test_notes_kept_for_every_case_are_the_notes_worded_afresh(case: Any, rd: Readings) -> None:
    """One engine's memo across every generated case (so a note kept for one case is read
    by another that names the same): each set's notes and JSON are those of an engine that
    keeps nothing, which words every note for the case."""
    kept = alscriteria.evaluate_all(case, rd, engine=_ENGINE)
    fresh = alscriteria.evaluate_all(case, rd, engine=RuleEngine(memo_size=0))
    for name, result in kept.items():
        assert result.model_dump_json() == fresh[name].model_dump_json()
        assert result.notes == fresh[name].notes


def _fps_only(muscle: str, **anatomy: Any) -> dict[str, Any]:
    """A case whose one muscle has fasciculation potentials without chronic change (Awaji
    notes that they need it, naming the muscle)."""
    study = {"muscle": muscle, "side": "left", "fasciculation_potentials": True, **anatomy}
    return {"progression": True, "other_causes_excluded": True, "emg": [study]}


def test_a_note_naming_a_muscle_the_case_named_stays_the_cases_own() -> None:
    engine = RuleEngine()
    own = _fps_only("my odd muscle", region="cervical", roots=["C5"], nerve="my nerve")
    notes = alscriteria.evaluate_all(own, engine=engine)["awaji"]
    code = "fasciculation_potentials_need_chronic_change"
    assert code in notes.model_dump_json()
    kept = [key for kind, key in engine._answers if kind == "note"]
    assert not any("my odd muscle" in repr(key) for key in kept)
    catalogue = alscriteria.evaluate_all(_fps_only("deltoid"), engine=engine)["awaji"]
    assert [n.muscles for n in catalogue.notes if n.code == code] == [["deltoid (left)"]]
    assert any("deltoid (left)" in repr(key) for kind, key in engine._answers if kind == "note")


def test_changing_a_catalogue_muscle_note_leaves_the_next_patient_alone() -> None:
    """The note is kept for every case: a caller's change to its result's copy reaches
    neither the kept note nor its JSON."""
    engine = RuleEngine()
    code = "fasciculation_potentials_need_chronic_change"
    expected = alscriteria.evaluate_all(_fps_only("deltoid"), engine=RuleEngine())
    first = alscriteria.evaluate_all(_fps_only("deltoid"), engine=engine)["awaji"]
    for note in first.notes:
        if note.code == code:
            note.muscles.append("changed")
            note.values["changed"] = True
    later = alscriteria.evaluate_all(dict(_fps_only("deltoid"), id="next"), engine=engine)
    assert later["awaji"].model_dump_json() == expected["awaji"].model_dump_json().replace(
        '"case_id":null', '"case_id":"next"'
    )
    assert later["awaji"].notes == expected["awaji"].notes


@settings(max_examples=examples(300), deadline=None)
@given(case=everything, rd=readings)
def test_notes_written_from_the_masks_are_the_notes_found_one_by_one(
    case: Any, rd: Readings
) -> None:
    """One engine's memo across every generated case: each set's notes JSON (the fast path
    for a case without registry input) is the JSON of the notes `_notes` finds (the path a
    read takes), in order, for the same explainer, read first or written first."""
    for read_first in (False, True):
        ctx = CaseContext(_parsed(case), _ENGINE)
        for cset in CRITERIA.values():
            verdict = verdict_of(ctx, cset, rd)
            explainer = Explainer(ctx, cset, rd, verdict, False)
            if read_first:
                explainer.notes()
            written = explainer.encoded("notes")
            assert written == models_json(explainer._notes(kept=False)), cset.id


def test_the_findings_notes_of_every_mask_are_found_one_by_one() -> None:
    """Beyond what generated cases meet: every pattern of signs over the four regions that
    the notes read (weakness, wasting, fasciculations alone, UMN signs), with and without a
    studied muscle, under the readings that word a note another way."""
    import random

    signs = ([], ["weakness"], ["wasting"], ["weakness", "wasting"], ["fasciculations"])
    rng = random.Random(11)
    regions = ("bulbar", "cervical", "thoracic", "lumbosacral")
    muscles = ("deltoid", "tibialis_anterior", "trapezius", "genioglossus", "biceps_brachii")
    for _ in range(400):
        findings: dict[str, Any] = {}
        for region in regions:
            lmn = rng.choice(signs)
            umn = ["hyperreflexia"] if rng.random() < 0.4 and region != "thoracic" else []
            if lmn or umn:
                findings[region] = {"lmn_signs": lmn, "umn_signs": umn}
        emg = [
            {
                "muscle": rng.choice(muscles),
                "side": rng.choice(["left", "right"]),
                "fibrillation_potentials": rng.random() < 0.5,
                "fasciculation_potentials": rng.random() < 0.5,
                "chronic_neurogenic_change": rng.random() < 0.6,
            }
            for _ in range(rng.randint(0, 3))
        ]
        one = {"progression": True, "other_causes_excluded": True, "regions": findings, "emg": emg}
        rd = Readings(
            gap=rng.choice(["residual-possible", "unclassified"]),
            probable=rng.choice(["aggregate", "separate"]),
            accessory_muscles=rng.choice(["bulbar", "cervical"]),
        )
        ctx = CaseContext(alscriteria.parse_case(one), _ENGINE)
        for cset in CRITERIA.values():
            explainer = Explainer(ctx, cset, rd, verdict_of(ctx, cset, rd), False)
            assert explainer.encoded("notes") == models_json(explainer._notes(kept=False)), one


def _pair(muscle: str, other: str) -> list[dict[str, Any]]:
    study = {"side": "right", "fibrillation_potentials": True, "chronic_neurogenic_change": True}
    return [{"muscle": muscle, **study}, {"muscle": other, **study}]


#: Laboratory support in revised El Escorial where Awaji stays below Probable (the note
#: `no_laboratory_supported_category`), and its neighbours: UMN signs in one region, EMG in
#: two limb regions by independent pairs (tests/situations/awaji_lower__*).
_BELOW_LAB = [
    {
        "progression": True,
        "other_causes_excluded": True,
        "regions": {"bulbar": {"umn_signs": ["jaw_jerk"]}, **regions},
        "emg": _pair("first_dorsal_interosseous", "biceps_brachii")
        + _pair("tibialis_anterior", "medial_gastrocnemius"),
    }
    for regions in (
        {},
        {"cervical": {"lmn_signs": ["fasciculations"]}},
        {"lumbosacral": {"lmn_signs": ["weakness"]}},
    )
] + [
    {  # a cervical pair by Awaji's definition (fasciculation potentials) that El Escorial's
        # does not make: the sets show other muscles for the same regions
        "progression": True,
        "other_causes_excluded": True,
        "regions": {"bulbar": {"umn_signs": ["jaw_jerk"]}},
        "emg": [
            {
                "muscle": "deltoid",
                "side": "right",
                "fasciculation_potentials": True,
                "chronic_neurogenic_change": True,
            },
            *_pair("first_dorsal_interosseous", "biceps_brachii"),
            *_pair("tibialis_anterior", "medial_gastrocnemius"),
        ],
    },
    {  # UMN signs below the EMG: Awaji stays Possible under either reading of Probable
        "progression": True,
        "other_causes_excluded": True,
        "regions": {"lumbosacral": {"umn_signs": ["hyperreflexia"]}},
        "emg": [
            *_pair("first_dorsal_interosseous", "biceps_brachii"),
            {
                "muscle": "rectus_abdominis",
                "side": "right",
                "fibrillation_potentials": True,
                "chronic_neurogenic_change": True,
            },
        ],
    },
]


def test_the_note_of_no_laboratory_supported_category_is_written_as_found() -> None:
    found = 0
    for case in _BELOW_LAB:
        for probable in ("separate", "aggregate"):
            rd = Readings(probable=probable)
            ctx = CaseContext(alscriteria.parse_case(case), _ENGINE)
            for cset in CRITERIA.values():
                explainer = Explainer(ctx, cset, rd, verdict_of(ctx, cset, rd), False)
                notes = explainer._notes(kept=False)
                found += any(n.code == "no_laboratory_supported_category" for n in notes)
                assert explainer.encoded("notes") == models_json(notes), (case, probable)
    assert found >= 4


@settings(max_examples=examples(300), deadline=None)
@given(case=everything, rd=readings)
def test_the_planned_trace_is_the_trace_built(case: Any, rd: Readings) -> None:
    """One engine's memo across every generated case (plans made by one case serve the next):
    the trace's JSON is pydantic's of the trace built rule by rule (`build_trace`)."""
    ctx = CaseContext(_parsed(case), _ENGINE)
    for cset in CRITERIA.values():
        explainer = Explainer(ctx, cset, rd, verdict_of(ctx, cset, rd), False)
        assert explainer.encoded("trace") == models_json(explainer.trace()), cset.id


def test_the_planned_trace_for_laboratory_support_and_open_gates() -> None:
    """The rules that show EMG only as laboratory support (umn_and_emg), and the gate's
    own firing, with the gate open and closed."""
    for case in _BELOW_LAB:
        for progression in (True, False):
            one = {**case, "progression": progression}
            ctx = CaseContext(alscriteria.parse_case(one), _ENGINE)
            for cset in CRITERIA.values():
                explainer = Explainer(
                    ctx, cset, Readings(), verdict_of(ctx, cset, Readings()), False
                )
                assert explainer.encoded("trace") == models_json(explainer.trace()), cset.id


@settings(max_examples=examples(300), deadline=None)
@given(case=everything, rd=readings)
def test_regions_read_from_the_masks_are_the_regions_handed_out(case: Any, rd: Readings) -> None:
    ctx = CaseContext(_parsed(case), _ENGINE)
    for cset in CRITERIA.values():
        explainer = Explainer(ctx, cset, rd, verdict_of(ctx, cset, rd), False)
        assert explainer.encoded("regions") == models_json(explainer.regions()), cset.id


def test_regions_of_weakness_or_wasting_alone_and_emg_alone() -> None:
    """Where the sets' answers differ region by region: weakness without wasting (clinical
    LMN for two sets, not Gold Coast), EMG without clinical signs (LMN for Awaji and Gold
    Coast, not revised El Escorial)."""
    for case in _BELOW_LAB:
        for regions in ({"cervical": {"lmn_signs": ["weakness"]}}, {}):
            one = {**case, "regions": {**case["regions"], **regions}}
            ctx = CaseContext(alscriteria.parse_case(one), _ENGINE)
            for cset in CRITERIA.values():
                explainer = Explainer(
                    ctx, cset, Readings(), verdict_of(ctx, cset, Readings()), False
                )
                assert explainer.encoded("regions") == models_json(explainer.regions()), cset.id


@settings(max_examples=examples(300), deadline=None)
@given(case=everything, rd=readings)
def test_alternatives_written_are_the_alternatives_read(case: Any, rd: Readings) -> None:
    ctx = CaseContext(_parsed(case), _ENGINE)
    for cset in CRITERIA.values():
        explainer = Explainer(ctx, cset, rd, verdict_of(ctx, cset, rd), False)
        assert explainer.encoded("alternatives") == models_json(explainer.alternatives())


def test_alternatives_of_the_rules_and_of_the_evidence_together() -> None:
    """Trapezius alone making the bulbar region EMG-positive (the accessory reading changes
    the evidence) beside findings whose category another rule reading changes too."""
    study = {"side": "right", "fibrillation_potentials": True, "chronic_neurogenic_change": True}
    case = {
        "progression": True,
        "other_causes_excluded": True,
        "regions": {
            "bulbar": {"umn_signs": ["jaw_jerk"]},
            "cervical": {"umn_signs": ["hyperreflexia"], "lmn_signs": ["weakness", "wasting"]},
        },
        "emg": [{"muscle": "trapezius", **study}, *_pair("tibialis_anterior", "vastus_lateralis")],
    }
    both = 0
    for gap in ("residual-possible", "unclassified"):
        for probable in ("separate", "aggregate"):
            rd = Readings(gap=gap, probable=probable)
            ctx = CaseContext(alscriteria.parse_case(case), _ENGINE)
            for cset in CRITERIA.values():
                explainer = Explainer(ctx, cset, rd, verdict_of(ctx, cset, rd), False)
                found = explainer.alternatives()
                options = {a.option for a in found}
                both += bool(options & {"accessory_muscles", "root_independence"}) and bool(
                    options - {"accessory_muscles", "root_independence"}
                )
                assert explainer.encoded("alternatives") == models_json(found)
    assert both


@settings(max_examples=examples(300), deadline=None)
@given(case=everything)
def test_red_flags_written_are_the_red_flags_read(case: Any) -> None:
    """Either order of reading and writing, one engine's memo across every generated case."""
    for read_first in (False, True):
        ctx = CaseContext(_parsed(case), _ENGINE)
        verdict = verdict_of(ctx, CRITERIA["awaji"], Readings())
        explainer = Explainer(ctx, CRITERIA["awaji"], Readings(), verdict, False)
        if read_first:
            explainer.warnings()
        assert explainer.encoded("warnings") == models_json(explainer.warnings())


def test_changing_a_red_flag_leaves_the_next_patients_alone() -> None:
    case = {"regions": {"bulbar": {"lmn_signs": ["weakness", "wasting"]}}}
    engine = RuleEngine()
    expected = alscriteria.evaluate_all(case, engine=RuleEngine())["awaji"].model_dump_json()
    first = alscriteria.evaluate_all(case, engine=engine)["awaji"]
    assert first.warnings
    for flag in first.warnings:
        for value in flag.__dict__.values():
            if isinstance(value, list):
                value.append("changed")
    assert alscriteria.evaluate_all(case, engine=engine)["awaji"].model_dump_json() == expected


def _fresh_json(case: dict[str, Any], rd: Readings) -> dict[str, str]:
    return {
        k: a.model_dump_json()
        for k, a in alscriteria.evaluate_all(case, rd, engine=RuleEngine(memo_size=0)).items()
    }


def test_a_muscle_kept_for_every_case_is_kept_by_its_region_under_the_reading() -> None:
    """Trapezius is bulbar or cervical by the accessory reading (A.3.4): its JSON, kept for
    every case that studied it alike, names the region the reading gives it."""
    study = {"side": "left", "fibrillation_potentials": True, "chronic_neurogenic_change": True}
    case = {"emg": [{"muscle": "trapezius", **study}, {"muscle": "deltoid", **study}]}
    engine = RuleEngine()
    for accessory in ("bulbar", "cervical", "bulbar"):
        rd = Readings(accessory_muscles=accessory)
        got = {
            k: a.model_dump_json()
            for k, a in alscriteria.evaluate_all(case, rd, engine=engine).items()
        }
        assert got == _fresh_json(case, rd), accessory


def test_a_region_given_per_side_is_never_written_from_an_ordinary_regions_frame() -> None:
    """The frame of a region with muscle records is kept for cases without registry input
    alone: a registry case's region with the same signs and muscles shows its sides."""
    study = {
        "muscle": "deltoid",
        "side": "right",
        "fibrillation_potentials": True,
        "chronic_neurogenic_change": True,
    }
    ordinary = {"regions": {"cervical": {"lmn_signs": ["weakness"]}}, "emg": [study]}
    registry = {"regions": {"cervical": {"right": {"lmn_signs": ["weakness"]}}}, "emg": [study]}
    engine = RuleEngine()
    for case in (ordinary, registry):
        got = alscriteria.evaluate_all(case, engine=engine)
        assert {k: a.model_dump_json() for k, a in got.items()} == _fresh_json(case, Readings())


def test_no_muscle_the_case_named_is_kept_for_other_cases() -> None:
    """Muscles with the case's own anatomy, qualifying (so the regions, the trace and the
    notes all show them): no answer the engine keeps for every case holds their names, and
    the documents are those of an engine that keeps nothing."""
    study = {"side": "left", "fibrillation_potentials": True, "chronic_neurogenic_change": True}
    case = {
        "progression": True,
        "other_causes_excluded": True,
        "regions": {"bulbar": {"umn_signs": ["jaw_jerk"]}},
        "emg": [
            {
                "muscle": "my odd muscle",
                "region": "cervical",
                "roots": ["C5"],
                "nerve": "n one",
                **study,
            },
            {
                "muscle": "my other muscle",
                "region": "cervical",
                "roots": ["C8"],
                "nerve": "n two",
                **study,
            },
            {
                "muscle": "my third muscle",
                "region": "cervical",
                "roots": ["C8"],
                "nerve": "n three",
                "side": "left",
                "fasciculation_potentials": True,
            },
        ],
    }
    engine = RuleEngine()
    got = alscriteria.evaluate_all(case, engine=engine)
    assert {k: a.model_dump_json() for k, a in got.items()} == _fresh_json(case, Readings())
    assert "my odd muscle" in got["awaji"].model_dump_json()
    assert not any("my " in repr(entry) for entry in engine._answers)


_ENGINE = RuleEngine()
