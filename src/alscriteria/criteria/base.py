"""What every criteria set is: its rules as data, its category ladder, and how to count.

A criteria set decides which regions are LMN regions (A.3: clinical only, or clinical and
EMG) and which rules apply; the engine decides which rules fire; the ladder turns the fired
rules into one category.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache

from alscriteria.assessment import Category
from alscriteria.readings import Readings
from alscriteria.regions.anatomy import Region
from alscriteria.regions.evidence import CaseEvidence, MuscleDefinition, RegionFacts
from alscriteria.rules.facts import region_fact
from alscriteria.rules.rule import FactValue, Rule, RulesetSpec

#: Bumped whenever any rule's condition changes, so a host never runs a stale ruleset.
RULES_VERSION = "r1"

#: The readings that change rule conditions or wording (the others change only the facts).
RULE_READINGS = ("probable", "rostral", "rostral_same_region", "gap", "lab_supported_emg")


@dataclass(frozen=True)
class CriteriaSet:
    id: str
    title: str
    citation: str
    clause: str
    ladder: tuple[Category, ...]
    """Categories from lowest (not met) to highest."""
    muscle_definition: MuscleDefinition
    emg_counts_as_lmn: bool
    """Awaji and Gold Coast count EMG-positive regions as LMN regions; El Escorial does not."""
    clinical_lmn: Callable[[RegionFacts], bool]
    build_rules: Callable[[Readings], tuple[Rule, ...]]
    readings_used: tuple[str, ...]
    """The A.3.4 options that can change this criteria set's answer."""
    uses_emg_count: bool = False
    _rank: dict[Category, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_rank", {c: i for i, c in enumerate(self.ladder)})

    @property
    def top(self) -> Category:
        return self.ladder[-1]

    def rank(self, category: Category) -> int:
        return self._rank[category]

    def above(self, category: Category) -> Category | None:
        i = self._rank[category]
        return self.ladder[i + 1] if i + 1 < len(self.ladder) else None

    def umn_regions(self, evidence: CaseEvidence) -> list[Region]:
        return [r.region for r in evidence.regions if r.umn]

    def counts_as_lmn(self, facts: RegionFacts) -> bool:
        if self.clinical_lmn(facts):
            return True
        return self.emg_counts_as_lmn and facts.emg[self.muscle_definition].positive

    def lmn_regions(self, evidence: CaseEvidence) -> list[Region]:
        return [r.region for r in evidence.regions if self.counts_as_lmn(r)]

    def emg_count(self, evidence: CaseEvidence, readings: Readings) -> int:
        """EMG-positive regions (or limbs) for the laboratory-supported clause (A.3.1.3)."""
        if not self.uses_emg_count:
            return 0
        emg = [r.emg[self.muscle_definition] for r in evidence.regions]
        if readings.lab_supported_emg == "limbs":
            return sum(len(e.positive_sides) for e in emg)
        return sum(1 for e in emg if e.positive)

    def fact(
        self,
        evidence: CaseEvidence,
        readings: Readings,
        progression: bool | None,
        other_causes_excluded: bool | None,
    ) -> dict[str, FactValue]:
        return region_fact(
            umn=self.umn_regions(evidence),
            lmn=self.lmn_regions(evidence),
            emg_count=self.emg_count(evidence, readings),
            progression=progression,
            other_causes_excluded=other_causes_excluded,
        )

    def ruleset(self, readings: Readings) -> RulesetSpec:
        key = tuple(getattr(readings, name) for name in RULE_READINGS)
        return _ruleset(self, key)

    def rules(self, readings: Readings) -> tuple[Rule, ...]:
        return self.ruleset(readings).rules

    def decide(self, fired: Iterable[Rule]) -> tuple[Category, Category]:
        """(pattern category, category): the highest category granted, gated on prerequisites."""
        pattern = Category.NOT_MET
        gate = False
        for rule in fired:
            if rule.category is None:
                gate = True
            elif self._rank[Category(rule.category)] > self._rank[pattern]:
                pattern = Category(rule.category)
        return pattern, (pattern if gate else Category.NOT_MET)


@cache
def _ruleset(criteria: CriteriaSet, key: tuple[str, ...]) -> RulesetSpec:
    readings = Readings.model_validate(dict(zip(RULE_READINGS, key, strict=True)))
    name = ".".join(("alscriteria", RULES_VERSION, criteria.id, *key))
    return RulesetSpec(name, criteria.build_rules(readings))
