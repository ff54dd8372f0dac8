"""Clause builders shared by revised El Escorial and Awaji-shima.

A.3.2 says Awaji's Definite, Probable and Possible are "exactly as A.3.1 items 1, 2 and 4",
with another L; one builder per clause keeps that sameness true by construction.
"""

from __future__ import annotations

from alscriteria.case.readings import Readings
from alscriteria.criteria.category import Category
from alscriteria.rules.rule import Op, Requirement, Rule


def at_least(code: str, field: str, n: int) -> Requirement:
    return Requirement(code, field, ">=", n)


def prerequisites(prefix: str, clause: str, citation: str) -> Rule:
    return Rule(
        id=f"{prefix}.prerequisites",
        clause=clause,
        citation=citation,
        statement="Progression is documented and other causes are excluded.",
        category=None,
        requirements=(
            Requirement("progression", "progression", "==", "true"),
            Requirement("other_causes_excluded", "other_causes_excluded", "==", "true"),
        ),
    )


def _rostral_op(readings: Readings) -> Op:
    return "<=" if readings.rostral_same_region == "counts" else "<"


def umn_rostral_to_lmn(readings: Readings) -> tuple[Requirement, ...]:
    """Some UMN region above some LMN region; top-down also wants the top finding to be UMN."""
    op = _rostral_op(readings)
    some_pair = Requirement("umn_rostral_to_lmn", "umn_top", op, other="lmn_bottom")
    if readings.rostral == "top-down":
        top = Requirement("highest_finding_is_umn", "umn_top", "<=", other="lmn_top")
        return (top, some_pair)
    return (some_pair,)


def definite(prefix: str, clause: str, citation: str) -> Rule:
    return Rule(
        id=f"{prefix}.definite",
        clause=clause,
        citation=citation,
        statement="UMN and LMN signs together in at least three regions.",
        category=Category.DEFINITE,
        requirements=(at_least("regions_with_umn_and_lmn", "both", 3),),
        evidence="both",
    )


def probable(prefix: str, clause: str, citation: str, readings: Readings) -> Rule:
    counts: tuple[Requirement, ...]
    if readings.probable == "aggregate":
        counts = (
            at_least("umn_regions", "umn", 1),
            at_least("lmn_regions", "lmn", 1),
            at_least("regions_with_umn_or_lmn", "union", 2),
        )
        statement = "UMN and LMN signs spanning at least two regions, with UMN signs rostral."
    else:
        counts = (at_least("umn_regions", "umn", 2), at_least("lmn_regions", "lmn", 2))
        statement = (
            "UMN signs in at least two regions and LMN signs in at least two regions, "
            "with some UMN signs rostral to LMN signs."
        )
    return Rule(
        id=f"{prefix}.probable",
        clause=clause,
        citation=citation,
        statement=statement,
        category=Category.PROBABLE,
        requirements=counts + umn_rostral_to_lmn(readings),
        evidence="umn_rostral",
    )


def possible(prefix: str, clause: str, citation: str, readings: Readings) -> tuple[Rule, ...]:
    op = _rostral_op(readings)
    residual_grants = Category.POSSIBLE if readings.gap == "residual-possible" else Category.NOT_MET
    return (
        Rule(
            id=f"{prefix}.possible_one_region",
            clause=clause,
            citation=citation,
            statement="UMN and LMN signs together in one region.",
            category=Category.POSSIBLE,
            requirements=(at_least("regions_with_umn_and_lmn", "both", 1),),
            evidence="both",
        ),
        Rule(
            id=f"{prefix}.possible_umn_two_regions",
            clause=clause,
            citation=citation,
            statement="UMN signs in two or more regions (with or without LMN signs).",
            category=Category.POSSIBLE,
            requirements=(at_least("umn_regions", "umn", 2),),
            evidence="umn",
        ),
        Rule(
            id=f"{prefix}.possible_lmn_rostral",
            clause=clause,
            citation=citation,
            statement="LMN signs rostral to UMN signs.",
            category=Category.POSSIBLE,
            requirements=(Requirement("lmn_rostral_to_umn", "lmn_top", op, other="umn_bottom"),),
            evidence="lmn_rostral",
        ),
        Rule(
            id=f"{prefix}.possible_residual",
            clause=f"{clause}; A.3.4 gap",
            citation=citation,
            statement=(
                "UMN and LMN signs both present; by the residual reading this grants possible "
                "when no other clause does."
                if residual_grants is Category.POSSIBLE
                else "UMN and LMN signs both present; by the unclassified reading this alone "
                "grants no category."
            ),
            category=residual_grants,
            requirements=(at_least("umn_regions", "umn", 1), at_least("lmn_regions", "lmn", 1)),
            evidence="union",
        ),
    )
