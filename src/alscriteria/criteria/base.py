"""What every criteria set is: its rules as data, its category ladder, and how to count.

A criteria set decides which regions are LMN regions (A.3: clinical only, or clinical and
EMG) and which rules apply; the engine decides which rules fire; the ladder turns the fired
rules into one category. The prerequisites gate (A.3) is a ruleset of its own, so a case's
category rules are asked about region counts only and the verdict space stays small.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any, Literal

from alscriteria.anatomy.regions import Region, regions_in
from alscriteria.case.readings import Readings
from alscriteria.criteria.category import Category
from alscriteria.regions.masks import (
    DEFINITION_INDEX,
    LIMB_BITS,
    CaseEvidence,
    EvidenceMasks,
    MuscleDefinition,
    RegionFacts,
)
from alscriteria.rules.facts import rule_fact
from alscriteria.rules.rule import Rule, RuleFact, RulesetSpec
from alscriteria.version import RULES_VERSION

#: The readings that change rule conditions or wording (the others change only the facts).
RULE_READINGS = ("probable", "rostral", "rostral_same_region", "gap", "lab_supported_emg")

ClinicalLmn = Literal["weakness_or_wasting", "weakness_and_wasting"]

#: What a rule fact is made from: the UMN and LMN region masks and the EMG count.
Counts = tuple[int, int, int]


@dataclass(frozen=True, eq=False)
class CriteriaSet:
    """One criteria set; compared and hashed by identity (the registry holds one of each)."""

    id: str
    title: str
    citation: str
    clause: str
    ladder: tuple[Category, ...]
    """Categories from lowest (not met) to highest."""
    muscle_definition: MuscleDefinition
    emg_counts_as_lmn: bool
    """Awaji and Gold Coast count EMG-positive regions as LMN regions; El Escorial does not."""
    clinical_lmn_needs: ClinicalLmn
    """Which clinical signs make a region clinically LMN (A.2)."""
    gate: Rule
    """The prerequisites (A.3): progression documented and other causes excluded."""
    build_rules: Callable[[Readings], tuple[Rule, ...]]
    readings_used: tuple[str, ...]
    """The A.3.4 options that can change this criteria set's answer."""
    uses_emg_count: bool = False
    _rank: dict[Category, int] = field(init=False, repr=False, compare=False)

    _specs: dict[int, tuple[Readings, RulesetSpec]] = field(init=False, repr=False, compare=False)
    # read on every fact of every case: the muscle definition's index into the masks (an
    # enum hashes in Python) and whether clinical LMN needs weakness and wasting both
    _definition: int = field(init=False, repr=False, compare=False)
    _needs_both: bool = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_rank", {c: i for i, c in enumerate(self.ladder)})
        object.__setattr__(self, "_specs", {})
        object.__setattr__(self, "_definition", DEFINITION_INDEX[self.muscle_definition])
        object.__setattr__(self, "_needs_both", self.clinical_lmn_needs == "weakness_and_wasting")

    @property
    def top(self) -> Category:
        return self.ladder[-1]

    def rank(self, category: Category) -> int:
        return self._rank[category]

    def above(self, category: Category) -> Category | None:
        i = self._rank[category]
        return self.ladder[i + 1] if i + 1 < len(self.ladder) else None

    # --- counting regions (A.2, A.3) ----------------------------------------------------

    def clinical_lmn(self, facts: RegionFacts) -> bool:
        return facts.weakness_and_wasting if self._needs_both else facts.weakness_or_wasting

    def counts_as_lmn(self, facts: RegionFacts) -> bool:
        if self.clinical_lmn(facts):
            return True
        return self.emg_counts_as_lmn and facts.emg[self.muscle_definition].positive

    def umn_mask(self, masks: EvidenceMasks) -> int:
        return masks.umn

    def clinical_mask(self, masks: EvidenceMasks) -> int:
        return masks.weakness_and_wasting if self._needs_both else masks.weakness_or_wasting

    def emg_mask(self, masks: EvidenceMasks) -> int:
        """EMG-positive regions by this criteria set's muscle definition."""
        return masks.emg[self._definition]

    def lmn_mask(self, masks: EvidenceMasks) -> int:
        clinical = masks.weakness_and_wasting if self._needs_both else masks.weakness_or_wasting
        return clinical | masks.emg[self._definition] if self.emg_counts_as_lmn else clinical

    def umn_regions(self, evidence: CaseEvidence) -> list[Region]:
        return regions_in(self.umn_mask(evidence.masks))

    def lmn_regions(self, evidence: CaseEvidence) -> list[Region]:
        return regions_in(self.lmn_mask(evidence.masks))

    def emg_count(self, masks: EvidenceMasks, readings: Readings) -> int:
        """EMG-positive regions (or limbs) for the laboratory-supported clause (A.3.1.3)."""
        if not self.uses_emg_count:
            return 0
        i = self._definition
        if readings.lab_supported_emg == "limbs":
            return masks.emg_limbs[i]
        return masks.emg[i].bit_count()

    def counts_after(self, masks: EvidenceMasks, readings: Readings) -> tuple[int, tuple[int, ...]]:
        """How the upgrade search reads the rule fact once findings are added to `masks`,
        without building new masks (it asks about eighty additions a search, and its time is
        mostly the arithmetic of each): `(base, by_emg)` such that, for findings added in the
        UMN, clinical LMN and EMG LMN regions packed as `added` (`packed`), the counts `fact`
        reads (UMN mask, LMN mask, EMG count) are, packed,
        `base | added & 0xFF | by_emg[added >> 8]`: the UMN and clinical LMN additions fall
        in place, and `by_emg` gives what the EMG regions added add to the LMN mask (where
        EMG counts as LMN) and the EMG count. New clinical LMN is weakness with wasting (it
        counts for every criteria set); new EMG LMN is a qualifying muscle, or an
        independent pair on one side of a limb (so each new limb region adds one positive
        limb). Tests hold the counts equal to the fact of the masks with the findings added
        (tests/plan_helpers.py `with_added`), for every masks and addition."""
        umn = self.umn_mask(masks)
        clinical = self.clinical_mask(masks)
        emg = self.emg_mask(masks)
        if not self.uses_emg_count:
            counting = 0
        elif readings.lab_supported_emg == "limbs":
            counting = masks.emg_limbs[self._definition] + 1
        else:
            counting = -1
        if self.emg_counts_as_lmn:
            return packed(umn, clinical | emg, 0), _by_emg(True, emg, counting)
        return packed(umn, clinical, 0), _by_emg(False, emg, counting)

    def search_key(self, masks: EvidenceMasks, readings: Readings) -> tuple[int, int, int, int]:
        """What the upgrade search reads of `masks` (`counts_after` and the findings it may
        add): the UMN, clinical LMN and EMG masks by this criteria set's definitions, and the
        positive limbs where it has a laboratory-supported clause (else 0: under the limbs
        reading it counts them, and under the regions reading a path says whether it rests
        on that reading, which the limbs decide). Masks with the same key give the same
        paths under the same rule readings, so the paths are kept by it: cases that differ
        only where this set does not look share them (tests hold the search equal on masks
        that agree here).

        Where EMG counts as LMN and no EMG count is read (Awaji, Gold Coast), the search
        reads the clinical and EMG masks only as their union, the LMN mask: a finding it may
        add is one a region lacks (UMN; clinical or EMG LMN where the region is not LMN),
        and an EMG region added adds only to the LMN mask (`counts_after`). The key is then
        the UMN and LMN masks, so cases whose LMN regions are the same, whether clinical or
        by EMG, share the paths."""
        i = self._definition
        if self.emg_counts_as_lmn and not self.uses_emg_count:
            return (masks.umn, self.lmn_mask(masks), -1, 0)
        limbs = masks.emg_limbs[i] if self.uses_emg_count else 0
        if self._needs_both:
            return (masks.umn, masks.weakness_and_wasting, masks.emg[i], limbs)
        return (masks.umn, masks.weakness_or_wasting, masks.emg[i], limbs)

    def fact(self, masks: EvidenceMasks, readings: Readings) -> RuleFact:
        """The rule fact of these masks: `umn_mask`, `lmn_mask` and `emg_count` in one call
        (asked for every criteria set of every case; tests hold the two ways equal)."""
        i = self._definition
        emg = masks.emg[i]
        lmn = masks.weakness_and_wasting if self._needs_both else masks.weakness_or_wasting
        if self.emg_counts_as_lmn:
            lmn |= emg
        if not self.uses_emg_count:
            count = 0
        elif readings.lab_supported_emg == "limbs":
            count = masks.emg_limbs[i]
        else:
            count = emg.bit_count()
        return rule_fact(masks.umn, lmn, count)

    # --- rules ----------------------------------------------------------------------------

    def ruleset(self, readings: Readings) -> RulesetSpec:
        """The category rules under these readings (the gate is `gate_ruleset`)."""
        # Looked up by the readings object itself (kept alive beside its spec, so its id
        # cannot be reused): hashing a pydantic model on every question costs more.
        hit = self._specs.get(id(readings))
        if hit is not None and hit[0] is readings:
            return hit[1]
        spec = _ruleset(self, tuple(getattr(readings, name) for name in RULE_READINGS))
        if len(self._specs) >= 1024:
            self._specs.clear()
        self._specs[id(readings)] = (readings, spec)
        return spec

    def gate_ruleset(self) -> RulesetSpec:
        return _gate_ruleset(self)

    def rules(self, readings: Readings) -> tuple[Rule, ...]:
        """Every rule, gate first, as `alscriteria rules` lists them."""
        return (self.gate, *self.ruleset(readings).rules)

    def decide(self, fired: Iterable[Rule], gate_open: bool) -> tuple[Category, Category]:
        """(pattern category, category): the highest category granted, gated on prerequisites."""
        pattern = Category.NOT_MET
        for rule in fired:
            if (
                rule.category is not None
                and self._rank[Category(rule.category)] > self._rank[pattern]
            ):
                pattern = Category(rule.category)
        return pattern, (pattern if gate_open else Category.NOT_MET)


def packed(umn: int, lmn: int, emg: int) -> int:
    """Three region masks, or two and a count, in one int: the first in bits 0-3, the
    second in bits 4-7, the third from bit 8 (a count may pass 15). The upgrade search packs
    its additions (UMN, clinical LMN, EMG LMN regions) and the counts of a rule fact (UMN
    mask, LMN mask, EMG count) so: the additions of a combination are the OR of each's."""
    return umn | lmn << 4 | emg << 8


def unpacked(key: int) -> Counts:
    """The three `packed` put in `key`."""
    return key & 15, key >> 4 & 15, key >> 8


@lru_cache(maxsize=1024)
def _by_emg(emg_is_lmn: bool, emg: int, counting: int) -> tuple[int, ...]:
    """`counts_after`'s `by_emg`: for each EMG mask added (16), what it adds to the packed
    counts: its regions to the LMN mask where EMG counts as LMN, and the EMG count, which
    `counting` says how to make: 0, none is made; -1, EMG-positive regions; else one more
    than the positive limbs, to which each new limb region adds one. A table over a closed
    domain (2 x 16 masks x the counts a case gives), kept because every search asks it."""
    if counting == 0:
        counts = [0] * 16
    elif counting < 0:
        counts = [(emg | add).bit_count() for add in range(16)]
    else:
        counts = [counting - 1 + (add & LIMB_BITS & ~emg).bit_count() for add in range(16)]
    if emg_is_lmn:
        return tuple(packed(0, add, counts[add]) for add in range(16))
    return tuple(packed(0, 0, count) for count in counts)


@cache
def _ruleset(criteria: CriteriaSet, key: tuple[str, ...]) -> RulesetSpec:
    # the key is read from a valid Readings: built as validation would build it, without
    # building the model's validator on a process's first evaluation (a millisecond)
    given: dict[str, Any] = dict(zip(RULE_READINGS, key, strict=True))
    readings = Readings.model_construct(**given)
    name = ".".join(("alscriteria", RULES_VERSION, criteria.id, *key))
    return RulesetSpec(name, criteria.build_rules(readings))


@cache
def _gate_ruleset(criteria: CriteriaSet) -> RulesetSpec:
    return RulesetSpec(
        ".".join(("alscriteria", RULES_VERSION, criteria.id, "gate")), (criteria.gate,)
    )
