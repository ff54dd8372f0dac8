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
    "umn_rostral_to_lmn": (
        "some UMN signs rostral to LMN signs (highest UMN region: {have}; lowest LMN region: "
        "{need})"
    ),
    "highest_finding_is_umn": (
        "the most rostral finding must be a UMN sign (highest UMN region: {have}; highest LMN "
        "region: {need})"
    ),
    "lmn_rostral_to_umn": (
        "LMN signs rostral to UMN signs (highest LMN region: {have}; lowest UMN region: {need})"
    ),
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
    shown = {True: "yes", False: "no", "true": "yes", "false": "no", None: "none"}
    template = SHORTFALL.get(code, code.replace("_", " ") + " (have {have}, need {need})")

    def say(value: object) -> object:
        return shown.get(value, value) if isinstance(value, bool | str | None) else value

    return template.format(have=say(have), need=say(need))


def note(code: str) -> str:
    return NOTE.get(code, code.replace("_", " "))

MUSCLE_REASON = {
    "single_muscle_region": (
        "{muscle}: one muscle with active denervation and chronic neurogenic change makes the "
        "{region} region EMG-positive"
    ),
    "anticoagulation_alternative": (
        "{muscle}: superficial, compressible alternative for the {region} region "
        "(anticoagulation: deep muscles such as the paraspinals are avoided)"
    ),
    "completes_pair": (
        "{muscle} would complete an independent pair with the abnormal {anchor}: "
        "different nerve, no shared root"
    ),
    "independent_pair": "{muscle} with {anchor}: different nerve and roots, so a valid limb pair",
}

PLAN_ITEM = {
    "anticoagulation": (
        "Anticoagulation or antiplatelet therapy: sample superficial, compressible muscles; "
        "deep muscles (paraspinals, iliopsoas, tibialis posterior, deep forearm) are not "
        "suggested, and rectus abdominis is offered for the thoracic region.",
        "criteria.md B.4.2 (S40, S43, S44; S30)",
    ),
    "avoid_limb": (
        "No needle in the {side} {region} limb ({why}); muscles are suggested on the other side.",
        "criteria.md B.4.2 (S39, S45)",
    ),
    "cardiac_device": (
        "Implanted cardiac device on the {side}: no proximal stimulation (Erb's point, axilla) "
        "on that side; prefer the opposite side.",
        "criteria.md B.4.2 (S41, S46, S47)",
    ),
    "chest_wall_avoided": (
        "Chest wall concerns: intercostal and other chest wall muscles are not suggested.",
        "criteria.md B.4.2 (S40)",
    ),
    "pneumothorax": (
        "Chest wall muscles carry a small pneumothorax risk: use ultrasound guidance or avoid.",
        "criteria.md B.4.2 (S40)",
    ),
    "consider_mmn": (
        "Motor conduction block outside entrapment sites ({where}): consider multifocal motor "
        "neuropathy (UMN signs argue against it).",
        "criteria.md B.4.1 (Olney 2003, S36; EFNS/PNS 2010, S37)",
    ),
    "consider_demyelinating_neuropathy": (
        "Conduction slowing in the demyelinating range: consider a demyelinating neuropathy "
        "such as CIDP.",
        "criteria.md B.4.1 (Cornblath 1992, S32)",
    ),
    "sensory_abnormality_review": (
        "Abnormal sensory nerve conduction: review for a neuropathy of known cause; mild "
        "sensory changes occur in ALS and do not by themselves exclude it.",
        "criteria.md B.4.1 (S33, S34, S35)",
    ),
    "consider_kennedy_disease": (
        "Marked sensory abnormality with a lower motor neuron picture and no UMN signs: "
        "consider Kennedy disease (SBMA).",
        "criteria.md B.4.1 (S38)",
    ),
    "repeat_in_3_months": (
        "Guidance: repeat the clinical assessment and EMG in about 3 months (serial 3-monthly "
        "EMG), targeting the regions named in the upgrade paths.",
        "criteria.md A.4, B.4.4 (S14)",
    ),
    "document_progression": (
        "Guidance: progression is not yet documented; re-examine and document progression over "
        "at least 6 months.",
        "criteria.md A.4, B.4.4 (El Escorial, S6)",
    ),
    "complete_exclusion": (
        "Guidance: complete the investigations that exclude other causes (imaging, laboratory "
        "studies, nerve conduction) as the presentation requires.",
        "criteria.md A.3, B.4.1 (S58)",
    ),
    "no_evidence_now": (
        "Guidance: normal examination and EMG: no evidence of ALS now.",
        "criteria.md A.4",
    ),
    "repeat_spared_3_to_6_months": (
        "Guidance: normal examination and EMG with symptoms: repeat in 3 to 6 months, focusing "
        "on previously spared muscles.",
        "criteria.md A.4, B.4.4",
    ),
}


def muscle_reason(code: str, **values: str) -> str:
    return MUSCLE_REASON[code].format(**values)


def plan_item(code: str, **values: str) -> tuple[str, str]:
    text, source = PLAN_ITEM[code]
    return text.format(**values), source
