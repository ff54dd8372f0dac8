"""The one table of wording for codes that the models carry (DESIGN.md "Results people can trust").

The models say *what* (a code, a number); this table says it in the clinic's words. The CLI
and any embedding tool share it, so one fix here corrects every screen.
"""

from __future__ import annotations

CATEGORY = {
    "definite": "Definite ALS",
    "probable": "Probable ALS",
    "probable-laboratory-supported": "Probable ALS, laboratory-supported",
    "possible": "Possible ALS",
    "als": "ALS (criteria met)",
    "not-met": "Criteria not met",
}

SHORTFALL = {
    "progression": "progression must be documented (now: {have})",
    "other_causes_excluded": "other causes must be excluded (now: {have})",
    "regions_with_umn_and_lmn": (
        "UMN and LMN signs together in at least {need} regions (have {have})"
    ),
    "umn_regions": "UMN signs in at least {need} regions (have {have})",
    "lmn_regions": "LMN signs in at least {need} regions (have {have})",
    "regions_with_umn_or_lmn": "UMN or LMN signs spanning at least {need} regions (have {have})",
    "emg_regions": "EMG evidence of LMN involvement in at least {need} regions (have {have})",
    "emg_limbs": "EMG evidence of LMN involvement in at least {need} limbs (have {have})",
    "umn_rostral_to_lmn": "some UMN signs rostral to LMN signs",
    "highest_finding_is_umn": "the most rostral finding must be a UMN sign",
    "lmn_rostral_to_umn": "LMN signs rostral to UMN signs",
}

NOTE = {
    "residual_possible_used": (
        "Possible by the residual reading (A.3.1.4, A.3.4 gap): UMN and LMN signs are both "
        "present but no listed clause covers the pattern."
    ),
    "pattern_not_covered": (
        "UMN and LMN signs are both present, but the literal text gives this pattern no "
        "category (unclassified reading of the A.3.4 gap)."
    ),
    "emg_counts_only_for_laboratory_support": (
        "EMG-positive regions without clinical LMN signs count in revised El Escorial only "
        "through the laboratory-supported clause (A.3.1.3)."
    ),
    "accessory_muscles_counted_as_bulbar": (
        "Sternocleidomastoid and trapezius were counted as bulbar (A.3.4 default)."
    ),
    "accessory_muscles_counted_as_cervical": (
        "Sternocleidomastoid and trapezius were counted as cervical (A.3.4 alternative)."
    ),
    "fasciculations_alone_are_not_clinical_lmn": (
        "Clinical fasciculations alone are not an LMN sign (A.2); they prompt EMG of that region."
    ),
}

READING = {
    "probable": "Probable: UMN and LMN regions counted",
    "rostral": "Rostral: which pairs",
    "rostral_same_region": "Rostral within one region",
    "gap": "UMN-above-LMN gap",
    "lab_supported_emg": "Laboratory-supported EMG scope",
    "root_independence": "Root independence",
    "accessory_muscles": "Sternocleidomastoid and trapezius region",
}


def category(value: str) -> str:
    return CATEGORY.get(value, value)


def shortfall(code: str, have: object, need: object) -> str:
    shown = {True: "yes", False: "no", "true": "yes", "false": "no", "unknown": "unknown"}
    template = SHORTFALL.get(code, code.replace("_", " ") + " (have {have}, need {need})")
    return template.format(
        have=shown.get(have, have) if isinstance(have, bool | str) else have, need=need
    )


def note(code: str) -> str:
    return NOTE.get(code, code.replace("_", " "))
