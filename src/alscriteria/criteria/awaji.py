"""Awaji-shima (de Carvalho et al. 2008), as criteria.md A.3.2 specifies it.

L is clinical LMN (weakness or wasting) or EMG LMN by the Awaji muscle definition, in which
fasciculation potentials count as active denervation when the muscle also shows chronic
neurogenic change. Definite, Probable and Possible are A.3.1's clauses with this L; there
is no laboratory-supported category.
"""

from __future__ import annotations

from alscriteria.case.readings import Readings
from alscriteria.criteria import clauses
from alscriteria.criteria.base import CriteriaSet
from alscriteria.criteria.category import Category
from alscriteria.regions.masks import MuscleDefinition
from alscriteria.rules.rule import Rule

ID = "awaji"
CITATION = (
    "de Carvalho M, Dengler R, Eisen A, et al. Electrodiagnostic criteria for diagnosis of "
    "ALS. Clin Neurophysiol 2008;119:497-503"
)


def build_rules(readings: Readings) -> tuple[Rule, ...]:
    return (
        clauses.definite(ID, "A.3.2 (as A.3.1.1)", CITATION),
        clauses.probable(ID, "A.3.2 (as A.3.1.2)", CITATION, readings),
        *clauses.possible(ID, "A.3.2 (as A.3.1.4)", CITATION, readings),
    )


AWAJI = CriteriaSet(
    id=ID,
    title="Awaji-shima (2008)",
    citation=CITATION,
    clause="A.3.2",
    ladder=(Category.NOT_MET, Category.POSSIBLE, Category.PROBABLE, Category.DEFINITE),
    muscle_definition=MuscleDefinition.AWAJI,
    emg_counts_as_lmn=True,
    clinical_lmn_needs="weakness_or_wasting",
    gate=clauses.prerequisites(ID, "A.3 prerequisites", CITATION),
    build_rules=build_rules,
    readings_used=(
        "probable",
        "rostral",
        "rostral_same_region",
        "gap",
        "root_independence",
        "accessory_muscles",
    ),
)
