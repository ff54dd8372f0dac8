"""Revised El Escorial (Brooks et al. 2000), as criteria.md A.3.1 specifies it.

L is clinical LMN only (weakness or wasting); EMG enters only through the
laboratory-supported clause, with the El Escorial muscle definition (fibrillation
potentials or positive sharp waves, with chronic neurogenic change).
"""

from __future__ import annotations

from alscriteria.case.readings import Readings
from alscriteria.criteria import clauses
from alscriteria.criteria.base import CriteriaSet
from alscriteria.criteria.category import Category
from alscriteria.regions.masks import MuscleDefinition
from alscriteria.rules.rule import Rule

ID = "revised-el-escorial"
CITATION = (
    "Brooks BR, Miller RG, Swash M, Munsat TL. El Escorial revisited: revised criteria for "
    "the diagnosis of amyotrophic lateral sclerosis. Amyotroph Lateral Scler Other Motor "
    "Neuron Disord 2000;1:293-299"
)


def build_rules(readings: Readings) -> tuple[Rule, ...]:
    return (
        clauses.definite(ID, "A.3.1.1", CITATION),
        clauses.probable(ID, "A.3.1.2", CITATION, readings),
        Rule(
            id=f"{ID}.probable_laboratory_supported",
            clause="A.3.1.3",
            citation=CITATION,
            statement=(
                "UMN signs in at least one region and EMG evidence of LMN involvement in at "
                + (
                    "least two limbs."
                    if readings.lab_supported_emg == "limbs"
                    else "least two regions."
                )
            ),
            category=Category.PROBABLE_LABORATORY_SUPPORTED,
            requirements=(
                clauses.at_least("umn_regions", "umn", 1),
                clauses.at_least(
                    "emg_limbs" if readings.lab_supported_emg == "limbs" else "emg_regions",
                    "emg",
                    2,
                ),
            ),
            # the UMN region(s) the clause relies on, beside the EMG regions (A.3.1.3)
            evidence="umn_and_emg",
        ),
        *clauses.possible(ID, "A.3.1.4", CITATION, readings),
    )


REVISED_EL_ESCORIAL = CriteriaSet(
    id=ID,
    title="Revised El Escorial (2000)",
    citation=CITATION,
    clause="A.3.1",
    ladder=(
        Category.NOT_MET,
        Category.POSSIBLE,
        Category.PROBABLE_LABORATORY_SUPPORTED,
        Category.PROBABLE,
        Category.DEFINITE,
    ),
    muscle_definition=MuscleDefinition.EL_ESCORIAL,
    emg_counts_as_lmn=False,
    clinical_lmn_needs="weakness_or_wasting",
    gate=clauses.prerequisites(ID, "A.3 prerequisites", CITATION),
    build_rules=build_rules,
    readings_used=(
        "probable",
        "rostral",
        "rostral_same_region",
        "gap",
        "lab_supported_emg",
        "root_independence",
        "accessory_muscles",
    ),
    uses_emg_count=True,
)
