"""What the explanations share between criteria sets and cases equals what each would
build alone: every fast path against the definitional one, for generated cases and readings.

Over 400 lines: each shared path is held here to its definition, written out beside it as
the code was before it was shared (the notes' alone is some 70 lines)."""

from __future__ import annotations

from itertools import product
from typing import Any, get_args

from hypothesis import assume, given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter

import alscriteria
from alscriteria import voice as core_voice
from alscriteria.anatomy.catalogue import ACCESSORY_MUSCLES
from alscriteria.anatomy.independence import spanning_paraspinal
from alscriteria.anatomy.regions import Region, regions_in
from alscriteria.anatomy.vocabulary import in_vocabulary_order
from alscriteria.assess.context import CaseContext
from alscriteria.assess.explain.alternatives import (
    EVIDENCE_READINGS,
    alternative_readings,
    fact_shape,
)
from alscriteria.assess.explain.explainer import Explainer
from alscriteria.assess.explain.notes import make_note, named_note, notes_on_muscles, short_of
from alscriteria.assess.explain.regions import evidence_of_region, muscle_evidence_of
from alscriteria.assess.explain.trace import build_trace, regions_for
from alscriteria.assess.models.advice import Phenotype
from alscriteria.assess.models.explanations import Note, RegionEvidence, RuleFiring
from alscriteria.assess.phenotype import motor_phenotype, unexamined_regions
from alscriteria.assess.plan.muscles import second_look_keys
from alscriteria.assess.red_flags import treatable_mimic_findings
from alscriteria.assess.verdict import verdict_of
from alscriteria.case.readings import Readings
from alscriteria.criteria import CRITERIA
from alscriteria.criteria.base import RULE_READINGS
from alscriteria.criteria.category import Category
from alscriteria.errors import InvalidCaseError
from alscriteria.regions.masks import EvidenceMasks
from alscriteria.rules.engine import RuleEngine, shared_engine
from alscriteria.rules.rule import Evidence
from alscriteria.wording.voice import english
from strategies import any_cases, emg_heavy_cases, examples, readings
from test_registry_input import summarised


@st.composite
def registry_cases(draw: st.DrawFn) -> dict[str, Any]:
    """Cases as registries and clinics write them too: unnamed UMN and LMN flags, signs
    given per limb (weakness of one arm, wasting of the other), EMG summaries in place of
    muscle records: the notes and the trace read these apart."""
    case = draw(st.one_of(any_cases, emg_heavy_cases()))
    if draw(st.booleans()):
        case = summarised(case, Readings().model_dump(), per_side=draw(st.booleans()))
    for name, findings in case.get("regions", {}).items():
        if draw(st.integers(0, 3)) == 0:
            findings["umn"] = draw(st.sampled_from([True, False, None]))
        if draw(st.integers(0, 3)) == 0:
            findings["lmn"] = draw(st.sampled_from([True, False, None]))
        if name in ("cervical", "lumbosacral") and draw(st.booleans()):
            for side in ("left", "right"):
                signs = draw(st.lists(st.sampled_from(["weakness", "wasting"]), unique=True))
                if signs:
                    findings.setdefault(side, {})["lmn_signs"] = signs
    return case


TRACE = TypeAdapter(list[RuleFiring])
NOTES = TypeAdapter(list[Note])
REGION = TypeAdapter(RegionEvidence)
PHENOTYPE = TypeAdapter(Phenotype)


def test_the_evidence_readings_follow_the_rule_readings() -> None:
    """The alternatives join the rule readings' answer and the evidence readings' in this
    order, which is Readings' own."""
    assert tuple(Readings.model_fields) == RULE_READINGS + EVIDENCE_READINGS


def _explainers(case: dict[str, Any], rd: Readings, engine: RuleEngine) -> list[Explainer]:
    try:
        parsed = alscriteria.parse_case(case)
    except InvalidCaseError:
        assume(False)  # a registry case the strategy wrote against the rules
        raise
    ctx = CaseContext(parsed, engine)
    return [Explainer(ctx, c, rd, verdict_of(ctx, c, rd), False) for c in CRITERIA.values()]


def _every_reading_asked(explainer: Explainer) -> Any:
    """The definition: each single change of reading asked of this case's own evidence."""
    ctx = explainer.ctx
    return alternative_readings(
        explainer.cset,
        explainer.readings,
        explainer.verdict,
        lambda r: ctx.evidence(r).masks,
        ctx.engine,
    )


@settings(max_examples=examples(300), deadline=None)
@given(case=any_cases, rd=readings)
def test_alternatives_equal_every_reading_asked_of_the_case(
    case: dict[str, Any], rd: Readings
) -> None:
    for engine in (shared_engine(), RuleEngine(memo_size=0)):
        for explainer in _explainers(case, rd, engine):
            assert explainer.alternatives() == _every_reading_asked(explainer)


@settings(max_examples=examples(300), deadline=None)
@given(case=emg_heavy_cases(), rd=readings)
def test_alternatives_equal_where_the_evidence_varies(case: dict[str, Any], rd: Readings) -> None:
    """Cases whose evidence changes with a reading (two qualifying muscles in a limb, or an
    accessory muscle): the rule readings' answer is shared, the evidence readings' asked."""
    for explainer in _explainers(case, rd, shared_engine()):
        assert explainer.alternatives() == _every_reading_asked(explainer)


def _trace_alone(explainer: Explainer) -> Any:
    """The definition: the trace with every region's findings built for this set alone."""
    cset, verdict = explainer.cset, explainer.verdict
    evidence = verdict.evidence
    fired = (cset.gate, *verdict.fired) if verdict.gate_open else verdict.fired
    return build_trace(
        fired,
        evidence,
        cset.umn_mask(evidence.masks),
        cset.lmn_mask(evidence.masks),
        {r.region: r.emg[cset.muscle_definition] for r in evidence.regions},
        cset.emg_counts_as_lmn,
    )


@settings(max_examples=examples(300), deadline=None)
@given(case=st.one_of(any_cases, registry_cases()), rd=readings)
def test_shared_trace_equals_each_sets_own(case: dict[str, Any], rd: Readings) -> None:
    """A region's findings under a fired rule are built once a case and shared by the
    criteria sets that count the same EMG; each trace equals the one built alone."""
    for explainer in _explainers(case, rd, shared_engine()):
        shared, alone = explainer.trace(), _trace_alone(explainer)
        assert shared == alone
        assert TRACE.dump_json(shared) == TRACE.dump_json(alone)


def _notes_as_they_were(explainer: Explainer) -> list[Note]:
    """The definition: the notes as one criteria set built them alone (every region read
    again, every note worded again), before the case's sets shared them."""
    cset, verdict, readings = explainer.cset, explainer.verdict, explainer.readings
    evidence = verdict.evidence
    notes: list[Note] = []
    granting = [r for r in verdict.fired if r.category not in (None, Category.NOT_MET)]
    residual = [r for r in verdict.fired if r.id.endswith(".possible_residual")]
    involved = regions_in(cset.umn_mask(evidence.masks) | cset.lmn_mask(evidence.masks))
    if residual:
        umn = [r.value for r in cset.umn_regions(evidence)]
        lmn = [r.value for r in cset.lmn_regions(evidence)]
        if readings.gap == "residual-possible" and all(r in residual for r in granting):
            notes.append(
                make_note("residual_possible_used", involved, umn_regions=umn, lmn_regions=lmn)
            )
        if readings.gap == "unclassified" and not granting:
            notes.append(
                make_note("pattern_not_covered", involved, umn_regions=umn, lmn_regions=lmn)
            )
    regions = evidence.regions
    definition = cset.muscle_definition
    if not cset.emg_counts_as_lmn:
        only_emg = [
            r.region for r in regions if r.emg[definition].positive and not cset.clinical_lmn(r)
        ]
        if only_emg:
            notes.append(make_note("emg_counts_only_for_laboratory_support", only_emg))
    if cset.clinical_lmn_needs == "weakness_and_wasting":
        one_of_two = [
            r.region
            for r in regions
            if r.weakness_or_wasting
            and not r.weakness_and_wasting
            and not r.split_weakness_and_wasting
            and not r.clinical_lmn_open
            and not r.emg[definition].positive
        ]
        if one_of_two:
            notes.append(make_note("gold_coast_needs_weakness_and_wasting", one_of_two))
    notes.extend(notes_on_muscles(cset, evidence, readings.root_independence))
    if any(m.key in ACCESSORY_MUSCLES for r in regions for m in r.studied):
        notes.append(make_note(f"accessory_muscles_counted_as_{readings.accessory_muscles}"))
    rule = readings.root_independence
    unpairable = [
        (r.region, m)
        for r in regions
        if r.region.is_limb
        for m in r.studied
        if spanning_paraspinal(m.key, rule)
    ]
    if unpairable:
        where = sorted({region for region, _ in unpairable}, key=lambda r: r.order)
        muscles = [m for _, m in unpairable]
        notes.append(named_note("paraspinals_never_independent", where, muscles))
    accessory = explainer._bulbar_by_accessory_only
    if accessory:
        notes.append(
            named_note(
                "bulbar_emg_by_accessory_muscle_only",
                [Region.BULBAR],
                accessory,
                second_look=second_look_keys(explainer.ctx.case),
                anticoagulated=explainer.ctx.case.contraindications.anticoagulated,
            )
        )
    reported = [r.region for r in regions if r.emg[definition].summaries]
    if reported:
        notes.append(make_note("emg_taken_as_reported", reported))
    flagged = [r.region for r in regions if r.reported_flags]
    if flagged:
        notes.append(make_note("signs_taken_from_flags", flagged))
    split = [r.region for r in regions if r.split_weakness_and_wasting]
    if split and cset.clinical_lmn_needs == "weakness_and_wasting":
        notes.append(make_note("gold_coast_weakness_and_wasting_on_different_limbs", split))
    if explainer._below_laboratory_support():
        notes.append(make_note("no_laboratory_supported_category", probable=readings.probable))
    twitching = [r for r in regions if r.lmn_signs == ("fasciculations",)]
    unstudied = [r.region for r in twitching if not (r.studied or r.summaries)]
    studied = [r.region for r in twitching if r.studied or r.summaries]
    if unstudied:
        notes.append(
            make_note("fasciculations_alone_are_not_clinical_lmn", unstudied, studied=False)
        )
    if studied:
        notes.append(make_note("fasciculations_alone_are_not_clinical_lmn", studied, studied=True))
    if cset.clinical_lmn_needs == "weakness_and_wasting":
        # signs Gold Coast's list does not name (B.3.2): pseudobulbar affect, and loss of
        # dexterity where weakness or wasting may explain it; a UMN flag names no sign
        unlisted = []
        for r in regions:
            allowed = {"pseudobulbar_affect"}
            if r.weakness_or_wasting:
                allowed.add("loss_of_dexterity")
            if r.umn_signs and "umn" not in r.reported_flags and set(r.umn_signs) <= allowed:
                unlisted.append(r)
        if unlisted:
            signs = in_vocabulary_order(
                "umn_signs", tuple({s for r in unlisted for s in r.umn_signs})
            )
            notes.append(
                make_note(
                    "gold_coast_unlisted_umn_signs",
                    [r.region for r in unlisted],
                    signs=list(signs),
                )
            )
    return notes


@settings(max_examples=examples(400), deadline=None)
@given(case=st.one_of(any_cases, registry_cases()), rd=readings)
def test_shared_notes_equal_each_sets_own(case: dict[str, Any], rd: Readings) -> None:
    """Notes read in one pass, worded once a case and shared between the criteria sets
    equal, in models and JSON, the notes each set built alone."""
    for explainer in _explainers(case, rd, shared_engine()):
        shared, alone = explainer.notes(), _notes_as_they_were(explainer)
        assert shared == alone
        assert NOTES.dump_json(shared) == NOTES.dump_json(alone)


def test_a_note_shared_in_a_case_is_keyed_by_its_values() -> None:
    """Two notes with the same code, regions and muscles but other values (the reading
    that picks the words, whether the regions were studied) are two notes."""
    ctx = _explainers({"regions": {}}, Readings(), shared_engine())[0].ctx
    cervical = [Region.CERVICAL]
    muscles = ["biceps_brachii (left)", "deltoid (left)"]
    code = "limb_muscles_share_root_or_nerve"
    disjoint = ctx.note(code, cervical, muscles, root_independence="disjoint")
    other = ctx.note(code, cervical, muscles, root_independence="not-identical")
    assert disjoint.text != other.text
    # worded once a case, and each result handed its own copy
    again = ctx.note(code, cervical, muscles, root_independence="disjoint")
    assert again == disjoint and again is not disjoint
    kept = ctx.kept_note(code, cervical, muscles, root_independence="disjoint")
    assert ctx.kept_note(code, cervical, muscles, root_independence="disjoint") is kept
    twitching = "fasciculations_alone_are_not_clinical_lmn"
    assert ctx.note(twitching, cervical, studied=True) != ctx.note(
        twitching, cervical, studied=False
    )
    assert ctx.note(twitching, cervical, studied=True) == make_note(
        twitching, cervical, studied=True
    )
    # kept for every case (no muscle named): another case with other region lists says so
    other_case = _explainers({"regions": {}}, Readings(), shared_engine())[0].ctx
    both = [Region.CERVICAL, Region.LUMBOSACRAL]
    gap = "residual_possible_used"
    wide = {"umn_regions": ["cervical", "lumbosacral"], "lmn_regions": ["lumbosacral"]}
    one = ctx.note(gap, both, umn_regions=["cervical"], lmn_regions=["lumbosacral"])
    two = other_case.note(gap, both, **wide)
    assert one.text != two.text
    assert two == make_note(gap, both, **wide)


def _regions_as_they_were(
    kind: str, umn: list[Region], lmn: list[Region], emg_positive: list[Region]
) -> tuple[list[Region], list[Region] | None]:
    """The definition: a rule's regions from the region lists, sorted by their order."""
    u, lo = set(umn), set(lmn)
    if kind == "both":
        return [r for r in umn if r in lo], None
    if kind == "umn":
        return list(umn), None
    if kind == "lmn":
        return list(lmn), None
    if kind == "union":
        return sorted(u | lo, key=lambda r: r.order), None
    if kind == "umn_and_emg":
        return sorted(u | set(emg_positive), key=lambda r: r.order), None
    if kind == "umn_rostral" and umn and lmn:
        pair = [min(umn, key=lambda r: r.order), max(lmn, key=lambda r: r.order)]
        return sorted(u | lo, key=lambda r: r.order), pair
    if kind == "lmn_rostral" and umn and lmn:
        pair = [min(lmn, key=lambda r: r.order), max(umn, key=lambda r: r.order)]
        return sorted(set(pair), key=lambda r: r.order), pair
    return [], None


def test_a_rules_regions_by_mask_equal_the_sorted_lists_for_every_mask() -> None:
    """The table of a rule's regions, over its whole domain: every evidence kind and every
    UMN, LMN and EMG mask."""
    for kind in get_args(Evidence):
        for umn, lmn, emg in product(range(16), repeat=3):
            regions, pair = regions_for(kind, umn, lmn, emg)
            want = _regions_as_they_were(kind, regions_in(umn), regions_in(lmn), regions_in(emg))
            assert (list(regions), None if pair is None else list(pair)) == want


@settings(max_examples=examples(300), deadline=None)
@given(case=st.one_of(any_cases, registry_cases()), rd=readings)
def test_shared_regions_equal_each_sets_own(case: dict[str, Any], rd: Readings) -> None:
    """A region built once for the sets with the same muscle definition, its LMN reading
    redone for each, equals the region each set builds alone."""
    forwards = _explainers(case, rd, shared_engine())
    backwards = _explainers(case, rd, shared_engine())[::-1]  # lazily read in any order
    for explainer in forwards + backwards:
        for facts, shared in zip(
            explainer.verdict.evidence.regions, explainer.regions(), strict=True
        ):
            alone = evidence_of_region(explainer.cset, facts, muscle_evidence_of)
            assert shared == alone
            assert list(shared.__dict__) == list(alone.__dict__)  # the JSON's key order
            assert REGION.dump_json(shared) == REGION.dump_json(alone)


@settings(max_examples=examples(300), deadline=None)
@given(case=st.one_of(any_cases, emg_heavy_cases()), rd=readings)
def test_why_not_probable_kept_equals_asked(case: dict[str, Any], rd: Readings) -> None:
    """What clinical Probable lacks, kept in the engine's memo, equals what the rules say."""
    for engine in (shared_engine(), RuleEngine(memo_size=0)):
        for explainer in _explainers(case, rd, engine):
            verdict = explainer.verdict
            lab = explainer.cset.above(verdict.pattern) is Category.PROBABLE_LABORATORY_SUPPORTED
            want = short_of(verdict.spec, verdict.fact, Category.PROBABLE) if lab else []
            assert explainer.why_not_probable() == want


@settings(max_examples=examples(300), deadline=None)
@given(case=st.one_of(any_cases, registry_cases()), rd=readings)
def test_kept_phenotype_and_notes_equal_those_worded_afresh(
    case: dict[str, Any], rd: Readings
) -> None:
    """A phenotype and a note naming no muscle are kept in the engine memo for every case
    with the same fields: each equals the one worded afresh, with a memo or without."""
    for engine in (shared_engine(), RuleEngine(memo_size=0)):
        for explainer in _explainers(case, rd, engine):
            ctx, evidence = explainer.ctx, explainer.verdict.evidence
            alternative = ctx.case.alternative_diagnosis is not None
            kept = ctx.phenotype(evidence)
            afresh = motor_phenotype(
                evidence,
                alternative=alternative,
                excluded=ctx.case.other_causes_excluded is True,
                unexamined=unexamined_regions(ctx.case),
                mimic=bool(treatable_mimic_findings(ctx.case)),
            )
            assert kept == afresh
            assert PHENOTYPE.dump_json(kept) == PHENOTYPE.dump_json(afresh)
            assert NOTES.dump_json(explainer.notes()) == NOTES.dump_json(
                _notes_as_they_were(explainer)
            )


class _Shouting:
    """A voice that says what English says, in capitals: a second voice to install."""

    def __init__(self) -> None:
        self.english = english()

    def say(self, kind: str, fields: Any) -> dict[str, Any]:
        said = self.english.say(kind, fields)
        return {k: v.upper() if isinstance(v, str) else v for k, v in said.items()}


def test_kept_words_are_the_installed_voices() -> None:
    """Words kept for every case are kept by the voice that said them: a voice installed
    later words the same fields afresh, and the first voice's words come back with it."""
    case = {
        "progression": True,
        "regions": {
            "cervical": {"lmn_signs": ["fasciculations"], "umn_signs": ["hoffmann"]},
            "lumbosacral": {"lmn_signs": ["weakness", "wasting"], "umn_signs": ["babinski"]},
        },
    }
    english_first = alscriteria.evaluate(case).explain()  # worded now, in English
    saved = (core_voice._loader, core_voice._voice)
    try:
        core_voice.install(_Shouting)
        shouted = alscriteria.evaluate(case)
        assert shouted.phenotype.text == english_first.phenotype.text.upper()
        assert [n.text for n in shouted.notes] == [n.text.upper() for n in english_first.notes]
        assert shouted.notes  # the case has a note naming no muscle
    finally:
        core_voice._loader, core_voice._voice = saved
    again = alscriteria.evaluate(case)
    assert again.phenotype.text == english_first.phenotype.text
    assert again.model_dump_json() == english_first.model_dump_json()


@settings(max_examples=examples(200), deadline=None)
@given(case=st.one_of(any_cases, registry_cases()), rd=readings)
def test_models_built_unvalidated_equal_validated_ones(case: dict[str, Any], rd: Readings) -> None:
    """Every explanation built from the evaluator's own values without validation (shortfalls,
    alternative readings, the trace, regions, notes) is what validation would have built:
    equal, with the same fields in the same order, and the same JSON."""
    try:
        results = alscriteria.evaluate_all(case, rd, engine=RuleEngine(memo_size=0))
    except InvalidCaseError:
        assume(False)
        raise
    for assessment in results.values():
        for name in ("missing", "why_not_probable", "alternatives", "trace", "regions", "notes"):
            for model in getattr(assessment, name):
                again = type(model).model_validate(model.model_dump())
                assert again == model
                assert list(again.__dict__) == list(model.__dict__)
                assert again.model_dump_json() == model.model_dump_json()


class _EqualVoices(_Shouting):
    """A voice compared by value, so unhashable: every one equal to every other."""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _EqualVoices)

    __hash__ = None  # type: ignore[assignment]


def test_a_voice_need_not_be_hashable_and_is_kept_as_itself() -> None:
    """The words kept for every case are keyed by the voice object itself: one that cannot be
    hashed still speaks, and two voices that compare equal keep their own words."""
    case = {"regions": {"cervical": {"lmn_signs": ["fasciculations"]}}}
    saved = (core_voice._loader, core_voice._voice)
    try:
        core_voice.install(_EqualVoices)
        first = alscriteria.evaluate(case).explain()
        assert first.phenotype.text == first.phenotype.text.upper()

        class Quiet(_EqualVoices):
            def say(self, kind: str, fields: Any) -> dict[str, Any]:
                said = self.english.say(kind, fields)
                return {k: v.lower() if isinstance(v, str) else v for k, v in said.items()}

        core_voice.install(Quiet)
        second = alscriteria.evaluate(case).explain()
        assert second.phenotype.text == second.phenotype.text.lower() != first.phenotype.text
        assert [n.text for n in second.notes] == [n.text.lower() for n in first.notes]
    finally:
        core_voice._loader, core_voice._voice = saved


_nibble = st.integers(0, 15)
_masks = st.builds(
    EvidenceMasks,
    _nibble,
    _nibble,
    _nibble,
    st.tuples(_nibble, _nibble),
    st.tuples(st.integers(0, 4), st.integers(0, 4)),
)


@settings(max_examples=examples(200), deadline=None)
@given(many=st.lists(_masks, min_size=2, max_size=40))
def test_masks_of_one_shape_give_one_fact_under_every_rule_reading(
    many: list[EvidenceMasks],
) -> None:
    """The alternatives are kept by the shape of the masks (fact_shape): masks of one shape
    give the same rule fact under every rule reading, so the same alternatives."""
    for cset in CRITERIA.values():
        for key in product(*(Readings.options()[name] for name in RULE_READINGS)):
            rd = Readings(**dict(zip(RULE_READINGS, key, strict=True)))
            seen: dict[tuple[int, ...], Any] = {}
            for masks in many:
                fact = cset.fact(masks, rd)
                assert seen.setdefault(fact_shape(cset, masks), fact) == fact
