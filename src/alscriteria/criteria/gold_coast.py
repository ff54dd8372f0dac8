"""Gold Coast (Shefner et al. 2020), as criteria.md A.3.3 specifies it.

L is clinical LMN (weakness AND wasting) or EMG LMN by the Awaji muscle definition. The
result is binary. No UMN sign is needed when LMN dysfunction is in two regions; UMN in one
region with LMN in one other region meets neither limb of the rule.
"""

from __future__ import annotations

from alscriteria.case.readings import Readings
from alscriteria.criteria import clauses
from alscriteria.criteria.base import CriteriaSet
from alscriteria.criteria.category import Category
from alscriteria.regions.masks import MuscleDefinition
from alscriteria.rules.rule import Rule

ID = "gold-coast"
CITATION = (
    "Shefner JM, Al-Chalabi A, Baker MR, et al. A proposal for new diagnostic criteria for "
    "ALS. Clin Neurophysiol 2020;131:1975-1978"
)


def build_rules(readings: Readings) -> tuple[Rule, ...]:
    return (
        Rule(
            id=f"{ID}.als_same_region",
            clause="A.3.3",
            citation=CITATION,
            statement="UMN and LMN dysfunction together in at least one region.",
            category=Category.ALS,
            requirements=(clauses.at_least("regions_with_umn_and_lmn", "both", 1),),
            evidence="both",
        ),
        Rule(
            id=f"{ID}.als_lmn_two_regions",
            clause="A.3.3",
            citation=CITATION,
            statement="LMN dysfunction in at least two regions (no UMN sign is needed).",
            category=Category.ALS,
            requirements=(clauses.at_least("lmn_regions", "lmn", 2),),
            evidence="lmn",
        ),
    )


GOLD_COAST = CriteriaSet(
    id=ID,
    title="Gold Coast (2020)",
    citation=CITATION,
    clause="A.3.3",
    ladder=(Category.NOT_MET, Category.ALS),
    muscle_definition=MuscleDefinition.AWAJI,
    emg_counts_as_lmn=True,
    clinical_lmn_needs="weakness_and_wasting",
    gate=clauses.prerequisites(ID, "A.3.3; A.3 prerequisites", CITATION),
    build_rules=build_rules,
    readings_used=("root_independence", "accessory_muscles"),
)
