"""What another reading of a disputed point, or more evidence, would change: upgrades and
alternative readings.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache, lru_cache

from alscriteria.assess.models.advice import Upgrade
from alscriteria.assess.models.explanations import AlternativeReading
from alscriteria.assess.plan.upgrades import upgrade_paths
from alscriteria.assess.verdict import Verdict, decision, pattern_for
from alscriteria.case.readings import Readings
from alscriteria.criteria import CriteriaSet
from alscriteria.criteria.base import RULE_READINGS
from alscriteria.criteria.category import Category
from alscriteria.regions.masks import CaseEvidence, EvidenceMasks
from alscriteria.rules.engine import RuleEngine

#: The caches below are keyed by the readings the rules read (RULE_READINGS: 32 choices),
#: not by the whole Readings: given the masks, the other readings (which muscles count as
#: independent, where the accessory muscles belong) have already done their work, so keyed
#: by all seven (128 choices) one answer was stored up to four times, and a cohort read
#: under several readings filled the caches with copies and missed.


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
    """Upgrade paths depend on the masks alone, so cases with the same masks share them."""
    return _upgrades_of(cset, _rule_key(readings), masks, pattern, engine)


@lru_cache(maxsize=16384)
def _upgrades_of(
    cset: CriteriaSet,
    key: tuple[str, ...],
    masks: EvidenceMasks,
    pattern: Category,
    engine: RuleEngine,
) -> tuple[Upgrade, ...]:
    readings = _rule_readings(key)

    def pattern_of(changed: EvidenceMasks) -> Category:
        return pattern_for(cset, readings, changed, engine)

    strict = readings.model_copy(update={"gap": "unclassified"})

    def without_gap(changed: EvidenceMasks) -> Category:
        return pattern_for(cset, strict, changed, engine)

    gap_read = without_gap if readings.gap == "residual-possible" else None
    return tuple(upgrade_paths(cset, masks, pattern, pattern_of, without_gap=gap_read))


def alternative_readings(
    cset: CriteriaSet,
    readings: Readings,
    verdict: Verdict,
    masks_for: Callable[[Readings], EvidenceMasks],
    engine: RuleEngine,
) -> list[AlternativeReading]:
    """Each single change of reading that gives another category; `masks_for` gives the
    region masks under a reading."""
    out = []
    for option, value, other in readings.alternatives():
        if option not in cset.readings_used:
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
                AlternativeReading(
                    option=option, value=value, category=category, pattern_category=pattern
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
    value of a reading that is not a rule reading changes no fact, so it is never one."""
    return _alternatives_for_masks(cset, _rule_key(readings), masks, gate_open, engine)


@lru_cache(maxsize=16384)
def _alternatives_for_masks(
    cset: CriteriaSet,
    key: tuple[str, ...],
    masks: EvidenceMasks,
    gate_open: bool,
    engine: RuleEngine,
) -> tuple[AlternativeReading, ...]:
    readings = _rule_readings(key)
    evidence = CaseEvidence((), masks)
    fact = cset.fact(masks, readings)
    spec = cset.ruleset(readings)
    fired, pattern = decision(cset, spec, engine.fire(spec, fact))
    category = pattern if gate_open else Category.NOT_MET
    verdict = Verdict(evidence, fact, spec, fired, gate_open, pattern, category)
    return tuple(alternative_readings(cset, readings, verdict, lambda _: masks, engine))
