"""What another reading of a disputed point, or more evidence, would change: upgrades and
alternative readings.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from functools import cache

from alscriteria.assess.models.advice import Upgrade
from alscriteria.assess.models.base import unvalidated
from alscriteria.assess.models.explanations import AlternativeReading
from alscriteria.assess.models.pieces import models_json
from alscriteria.assess.plan.upgrades import Reader, upgrade_paths
from alscriteria.assess.verdict import Verdict, decision
from alscriteria.case.readings import Readings
from alscriteria.criteria import CriteriaSet
from alscriteria.criteria.base import RULE_READINGS, unpacked
from alscriteria.criteria.category import Category
from alscriteria.regions.masks import DEFINITION_INDEX, CaseEvidence, EvidenceMasks
from alscriteria.rules.engine import RuleEngine
from alscriteria.rules.facts import rule_fact

#: The answers below are kept keyed by the readings the rules read (RULE_READINGS: 32 choices),
#: not by the whole Readings: given the masks, the other readings (which muscles count as
#: independent, where the accessory muscles belong) have already done their work, so keyed
#: by all seven (128 choices) one answer was stored up to four times, and a cohort read
#: under several readings filled the caches with copies and missed.


#: The readings that change the evidence (which muscles count, and for which region), not
#: the rules: every option of Readings that is not a rule reading, in Readings' order, which
#: puts them after the rule readings.
EVIDENCE_READINGS = tuple(name for name in Readings.model_fields if name not in RULE_READINGS)


def _rule_key(readings: Readings) -> tuple[str, ...]:
    return tuple(getattr(readings, name) for name in RULE_READINGS)


@cache
def _rule_readings(key: tuple[str, ...]) -> Readings:
    """The readings with these rule readings and the others at their defaults."""
    return Readings.model_validate(dict(zip(RULE_READINGS, key, strict=True)))


def upgrades_of(
    cset: CriteriaSet,
    readings: Readings,
    masks: EvidenceMasks,
    pattern: Category,
    engine: RuleEngine,
) -> tuple[Upgrade, ...]:
    """Upgrade paths depend on what the search reads of the masks alone
    (`CriteriaSet.search_key`), so cases that agree there share them (kept in the engine's
    memo, beside the verdicts they are built from)."""
    # the ruleset stands for the criteria set and the rule readings (one spec each, found
    # by the readings' identity), which are made into a key only on a miss
    return engine.remember(
        "upgrades",
        (cset.ruleset(readings), cset.search_key(masks, readings), pattern),
        lambda: _upgrades_of(cset, _rule_key(readings), masks, pattern, engine),
    )


def _upgrades_of(
    cset: CriteriaSet,
    key: tuple[str, ...],
    masks: EvidenceMasks,
    pattern: Category,
    engine: RuleEngine,
) -> tuple[Upgrade, ...]:
    readings = _rule_readings(key)
    rank_after = _rank_reader(cset, readings, engine, masks)
    # a path that reaches its category only by the gap reading says so: asked only when
    # the gap reading is the one in use
    gap_read = (
        _rank_reader(cset, _rule_readings(_without_gap(key)), engine, masks)
        if readings.gap == "residual-possible"
        else None
    )
    # and one that reaches laboratory support only by counting EMG regions, the default
    # reading (B.7 A1): asked only where that reading is in use and the set counts EMG
    limbs_read = (
        _rank_reader(cset, _rule_readings(_by_limbs(key)), engine, masks)
        if cset.uses_emg_count and readings.lab_supported_emg == "regions"
        else None
    )

    def same(key: Hashable, build: Callable[[], Upgrade]) -> Upgrade:
        """A path found before by any search (its fields, a closed domain: the engine memo's
        `upgrade`), never handed out: a plan's paths are copies of its own."""
        return engine.remember("upgrade", key, build)

    return tuple(
        upgrade_paths(
            cset, masks, pattern, rank_after, without_gap=gap_read, by_limbs=limbs_read, same=same
        )
    )


def _by_limbs(key: tuple[str, ...]) -> tuple[str, ...]:
    """The rule readings with the laboratory-supported EMG counted by limbs."""
    return tuple(
        "limbs" if name == "lab_supported_emg" else value
        for name, value in zip(RULE_READINGS, key, strict=True)
    )


def _without_gap(key: tuple[str, ...]) -> tuple[str, ...]:
    """The rule readings with the gap reading set to unclassified (their readings are made
    once, as every search in use of the gap reading asks for them)."""
    return tuple(
        "unclassified" if name == "gap" else value
        for name, value in zip(RULE_READINGS, key, strict=True)
    )


def _rank_reader(
    cset: CriteriaSet, readings: Readings, engine: RuleEngine, masks: EvidenceMasks
) -> Reader:
    """The rank of the pattern category once findings are added to `masks` (UMN, clinical
    LMN and EMG LMN regions as bit masks), for one search: the ruleset looked up once, the
    counts made by bit arithmetic (`CriteriaSet.counts_after`), and each count's category
    decided once per ruleset (many additions, in this search and others, give the same
    counts): kept in the ruleset's table in the engine memo, which holds at most one entry
    a count of regions (the rule-fact space) and is only ever filled, each entry with the
    one answer the engine gives, so two threads filling it at once write the same."""
    spec = cset.ruleset(readings)
    known: dict[int, int] = engine.remember("pattern", spec, dict)
    # a count not yet known is decided by the rules the engine fires on the first fact its
    # rules compare alike (`RulesetSpec.outcomes`), kept for every such fact and every
    # ruleset that asks the engine alike (`asks`: the two gap readings): a search asks the
    # engine about a few dozen facts a question, not a thousand
    alike: dict[tuple[bool, ...], frozenset[str]] = engine.remember("fired_alike", spec.asks, dict)
    rank = cset.rank

    def decide(counts: int) -> int:
        fact = rule_fact(*unpacked(counts))
        outcomes = spec.outcomes(fact)
        fired = alike.get(outcomes)
        if fired is None:
            fired = alike[outcomes] = engine.fire(spec, fact)
        return rank(decision(cset, spec, fired)[1])

    base, by_emg = cset.counts_after(masks, readings)
    return Reader(base, by_emg, known, decide)


def alternative_readings(
    cset: CriteriaSet,
    readings: Readings,
    verdict: Verdict,
    masks_for: Callable[[Readings], EvidenceMasks],
    engine: RuleEngine,
    options: tuple[str, ...] | None = None,
) -> list[AlternativeReading]:
    """Each single change of reading that gives another category; `masks_for` gives the
    region masks under a reading; `options`, when given, the only options changed."""
    out = []
    for option, value, other in readings.alternatives():
        if option not in cset.readings_used or (options is not None and option not in options):
            continue
        fact = cset.fact(masks_for(other), other)
        spec = cset.ruleset(other)
        if fact == verdict.fact and spec is verdict.spec:
            continue
        # the gate does not depend on the readings, so only the pattern is asked again
        pattern = decision(cset, spec, engine.fire(spec, fact))[1]
        category = pattern if verdict.gate_open else Category.NOT_MET
        if (category, pattern) != (verdict.category, verdict.pattern):
            out.append(
                unvalidated(
                    AlternativeReading,
                    {
                        "option": option,
                        "value": value,
                        "category": category,
                        "pattern_category": pattern,
                    },
                )
            )
    return out


def alternatives_for_masks(
    cset: CriteriaSet,
    readings: Readings,
    masks: EvidenceMasks,
    gate_open: bool,
    engine: RuleEngine,
) -> tuple[AlternativeReading, ...]:
    """Alternatives for a case whose evidence does not change with the readings: another
    value of a reading that is not a rule reading changes no fact, so it is never one. Kept
    in the engine's memo: cases whose masks give the same rule facts share the answer."""
    return _kept_for_masks(cset, readings, masks, engine)[not gate_open][0]


def alternatives_json_for_masks(
    cset: CriteriaSet,
    readings: Readings,
    masks: EvidenceMasks,
    gate_open: bool,
    engine: RuleEngine,
) -> bytes:
    """The JSON of `alternatives_for_masks`, kept beside it in the same entry (one lookup
    for a result's JSON: Assessment.model_dump_json)."""
    return _kept_for_masks(cset, readings, masks, engine)[not gate_open][1]


#: The alternatives of one shape of masks with the gate open, then closed: each the models
#: and their JSON.
_Written = tuple[tuple[AlternativeReading, ...], bytes]
_Kept = tuple[_Written, _Written]


def _kept_for_masks(
    cset: CriteriaSet, readings: Readings, masks: EvidenceMasks, engine: RuleEngine
) -> _Kept:
    """Both gates' alternatives under one key: whether the prerequisites gate is open
    changes only the category an alternative shows (not met when closed), never which
    readings are alternatives (each is one where the pattern category differs), so the
    engine's questions and the search are made once for both (tests hold each equal to
    `alternative_readings` of a verdict with that gate)."""
    key = _rule_key(readings)
    return engine.remember(
        "alternatives",
        (cset, key, fact_shape(cset, masks)),
        lambda: _alternatives_for_masks(cset, key, masks, engine),
    )


def fact_shape(cset: CriteriaSet, masks: EvidenceMasks) -> tuple[int, ...]:
    """What `cset.fact` reads of the masks under any rule reading: the UMN and LMN masks
    and, where the set counts EMG regions (A.3.1.3), the EMG-positive regions' and limbs'
    counts. Masks with the same shape give the same fact under every rule reading, so the
    same alternatives: the answer is kept by shape, not by every mask (a closed domain of
    16 x 16 x 5 x 5 shapes where a case's masks are many more)."""
    umn, lmn = cset.umn_mask(masks), cset.lmn_mask(masks)
    if not cset.uses_emg_count:
        return (umn, lmn)
    i = DEFINITION_INDEX[cset.muscle_definition]
    return (umn, lmn, masks.emg[i].bit_count(), masks.emg_limbs[i])


def _alternatives_for_masks(
    cset: CriteriaSet,
    key: tuple[str, ...],
    masks: EvidenceMasks,
    engine: RuleEngine,
) -> _Kept:
    readings = _rule_readings(key)
    evidence = CaseEvidence((), masks)
    fact = cset.fact(masks, readings)
    spec = cset.ruleset(readings)
    fired, pattern = decision(cset, spec, engine.fire(spec, fact))
    verdict = Verdict(evidence, fact, spec, fired, True, pattern, pattern)
    opened = tuple(alternative_readings(cset, readings, verdict, lambda _: masks, engine))
    closed = tuple(
        unvalidated(
            AlternativeReading,
            {
                "option": a.option,
                "value": a.value,
                "category": Category.NOT_MET,
                "pattern_category": a.pattern_category,
            },
        )
        for a in opened
    )
    return (opened, models_json(opened)), (closed, models_json(closed))
