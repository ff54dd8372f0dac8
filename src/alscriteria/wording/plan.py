"""The repeat-testing plan and the red flags in words (criteria.md A.4, A.5): each code's
sentence and its source. PLAN_ITEM is one table on purpose, so every piece of advice and its
citation can be read, and checked, in one place.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import cache
from typing import Any

from alscriteria.anatomy.catalogue import Muscle, catalogue, root_span
from alscriteria.wording.categories import PREREQUISITE
from alscriteria.wording.common import listed, regions_phrase, the_regions
from alscriteria.wording.flags import FLAG_PHRASES, mimic_findings
from alscriteria.wording.sayings import Saying

MUSCLE_REASON = {
    "single_muscle_region": "{muscle}: one abnormal muscle makes the {region} region EMG-positive",
    "anticoagulation_alternative": (
        "{muscle}: superficial, compressible alternative for the {region} region "
        "(anticoagulation: deep muscles such as the paraspinals are avoided)"
    ),
    "airway_alternative": (
        "{muscle}: one abnormal muscle makes the {region} region EMG-positive; offered before "
        "the tongue under anticoagulation (a tongue or floor-of-mouth haematoma can threaten "
        "the airway)"
    ),
    "chest_wall_alternative": (
        "{muscle}: one abnormal muscle makes the {region} region EMG-positive; offered before "
        "the muscles over the lung (chest wall concerns: pneumothorax risk)"
    ),
    "completes_pair": "{muscle}: completes an independent pair with the abnormal {anchor}",
    "tongue_after_cranial_muscles": (
        "{muscle}: the other cranial muscles are studied, so the {region} region now needs "
        "the tongue; under anticoagulation only if the bulbar result is still needed (see the "
        "airway caution)"
    ),
    "confirms_bulbar": (
        "{muscle}: supplied by a cranial nerve; abnormal, it confirms the bulbar region that "
        "the {accessory} alone makes EMG-positive"
    ),
    "independent_pair": (
        "{muscle} with {anchor}: an independent pair (different nerves, no shared root)"
    ),
}

PLAN_ITEM = {
    "anticoagulation": (
        "Anticoagulation or antiplatelet therapy: sample superficial, compressible muscles; "
        "deep muscles (paraspinals, iliopsoas, tibialis posterior, deep forearm) are not "
        "suggested, rectus abdominis is offered for the thoracic region, and masseter or a "
        "facial muscle before the tongue.",
        "docs/criteria.md B.4.2 (S40, S43, S44; S30)",
    ),
    "airway_haematoma": (
        "Anticoagulation and {muscles}: a tongue or floor-of-mouth haematoma can threaten the "
        "airway; sample masseter or a facial muscle first, and needle the tongue only if the "
        "bulbar result is still needed.",
        "docs/criteria.md A.4, B.4.2 (S44)",
    ),
    "avoid_limb": (
        "No needle in the {side} {region} limb ({why}); muscles are suggested on the other side.",
        "docs/criteria.md B.4.2 (S39, S45)",
    ),
    "avoid_both_limbs": (
        "No needle in either {region} limb (lymphedema or skin infection): no muscle of that "
        "region is suggested; re-examine it, and study it when a limb can be needled.",
        "docs/criteria.md B.4.2 (S39, S45)",
    ),
    "cardiac_device": (
        "Implanted cardiac device on the {side}: no proximal stimulation (Erb's point, axilla) "
        "on that side; prefer the opposite side.",
        "docs/criteria.md B.4.2 (S41, S46, S47)",
    ),
    "chest_wall_avoided": (
        "Chest wall concerns: {barred} are not suggested, and muscles over the lung "
        "({demoted}) come after the others of their region: rectus abdominis for the "
        "thoracic region, deltoid before supraspinatus.",
        "docs/criteria.md A.4, B.4.2 (S40, S66, S67)",
    ),
    "pneumothorax": (
        "Pneumothorax risk with {muscles} (the needle passes near the lung): use ultrasound "
        "guidance or choose another muscle, and tell the patient to report chest pain or "
        "breathlessness in the next 24 hours.",
        "docs/criteria.md B.4.2 (S40, S66, S67)",
    ),
    "consider_mmn": (
        "Motor conduction block outside entrapment sites ({where}) and no UMN sign recorded: "
        "consider multifocal motor neuropathy (MMN), which is treatable. MMN needs block in "
        "at least two motor nerves with normal sensory conduction, and no UMN signs or "
        "marked bulbar involvement.",
        "docs/criteria.md B.4.1 (Olney 2003, S36; EFNS/PNS 2010, S37)",
    ),
    "consider_mmn_despite_umn": (
        "Motor conduction block outside entrapment sites ({where}): the UMN signs recorded "
        "exclude multifocal motor neuropathy by its consensus criteria, but a block outside "
        "entrapment sites is not expected in ALS: review it (another demyelinating "
        "neuropathy) before accepting ALS.",
        "docs/criteria.md B.4.1 (Olney 2003, S36; EFNS/PNS 2010, S37)",
    ),
    "consider_demyelinating_neuropathy": (
        "Conduction slowing in the demyelinating range: consider a demyelinating neuropathy "
        "such as CIDP.",
        "docs/criteria.md B.4.1 (Cornblath 1992, S32)",
    ),
    "sensory_abnormality_mild": (
        "Mildly abnormal sensory nerve conduction: review for a neuropathy of known cause; "
        "mild sensory changes occur in ALS and do not by themselves exclude it.",
        "docs/criteria.md B.4.1 (S33, S34, S35)",
    ),
    "sensory_abnormality_marked": (
        "Markedly abnormal sensory nerve conduction: the criteria require normal sensory "
        "studies or a neuropathy of known cause; review before accepting ALS.",
        "docs/criteria.md B.4.1 (S33, S34, S35)",
    ),
    "consider_cervical_myelopathy": (
        "UMN and LMN signs in the limbs with nothing above the neck: MRI of the cervical "
        "spine to exclude a compressive myelopathy.",
        "docs/criteria.md B.4.1 (S58)",
    ),
    "consider_thoracic_cord_or_conus_lesion": (
        "UMN and LMN signs confined to the legs, with nothing in the arms: image below the "
        "neck too. MRI of the thoracic and lumbar spine, including the conus: a thoracic cord "
        "or conus lesion gives UMN and LMN signs in the legs alone, and so do a cord lesion "
        "and a lumbar radiculopathy together (tandem stenosis).",
        "docs/criteria.md B.4.1 (S58; epiconus and conus lesions, S79, S80)",
    ),
    "consider_lumbosacral_imaging": (
        "{lmn} confined to {limbs}, without UMN signs: MRI of the lumbar spine "
        "(radiculopathy, cauda equina) before a motor neuron disease is considered.",
        "docs/criteria.md B.4.1 (S58)",
    ),
    "consider_kennedy_disease": (
        "Markedly abnormal sensory conduction with a lower motor neuron picture and no UMN "
        "sign: consider Kennedy disease (SBMA; genetic test).",
        "docs/criteria.md B.4.1 (S38)",
    ),
    "consider_flail_arm_mimics": (
        "{lmn} confined to {limbs}, without UMN signs ({picture}): exclude "
        "multifocal motor neuropathy (motor conduction studies with proximal stimulation, "
        "looking for conduction block; anti-GM1 antibodies) and a cervical cause (MRI of the "
        "cervical spine: spondylotic amyotrophy; in a young patient, Hirayama disease, with "
        "flexion views).",
        "docs/criteria.md B.4.1 (S58; Olney 2003, S36; EFNS/PNS 2010, S37; Wijesekera 2009, S71)",
    ),
    "consider_pure_lmn_mimics": (
        "{regions} and no UMN sign anywhere (a pure LMN picture, which Gold "
        "Coast accepts as ALS): exclude multifocal motor neuropathy (motor conduction with "
        "proximal stimulation, anti-GM1 antibodies), Kennedy disease in a man (spinal and "
        "bulbar muscular atrophy: androgen receptor CAG repeat), adult spinal muscular "
        "atrophy (SMN1 testing) and, where finger flexor and quadriceps weakness fits, "
        "inclusion body myositis (CK, muscle biopsy).",
        "docs/criteria.md B.4.1 (S58; S36, S37, S38; Wijesekera 2009, S71; Kim 2009, S73)",
    ),
    "consider_umn_only_mimics": (
        "UMN signs only, in {regions}, and no LMN sign: exclude a structural, inflammatory or "
        "metabolic cause (MRI of the brain and the whole spine; vitamin B12 and copper; "
        "HTLV-1 serology) and hereditary spastic paraplegia (genetic testing, family "
        "history). The PLS criteria then ask for UMN signs only for at least 2 years from "
        "onset (probable) or 4 years (definite), and a needle study without active LMN "
        "degeneration.",
        "docs/criteria.md B.4.1, A.6 (S58; Turner 2020, S70)",
    ),
    "consider_bulbar_mimics": (
        "{picture}: isolated bulbar involvement. MRI of the brain ({brain}), and{myasthenia} "
        "(AChR and MuSK antibodies, repetitive nerve stimulation){kennedy} before a motor "
        "neuron disease is accepted.",
        "docs/criteria.md B.4.1 (S58; Burrell 2011, S72; S38)",
    ),
    "conduction_findings_beside_another_cause": (
        "Nerve conduction findings recorded beside the other cause: {findings}. Confirm that "
        "the recorded diagnosis accounts for them, and revisit it if it does not.",
        "docs/criteria.md A.3, B.4.1 (S32, S35, S36, S37, S38)",
    ),
    "mimic_conflicts_with_exclusion": (
        "Other causes are recorded as excluded, but the nerve conduction studies show "
        "{findings}, a sign of a treatable mimic: the two conflict. Resolve the mimic "
        "work-up first; the category rests on that exclusion.",
        "docs/criteria.md A.1, B.4.1 (S32, S33, S35, S36, S37)",
    ),
    "mimic_workup_first": (
        "Guidance: before anything else, complete the work-up of the finding that points to "
        "a treatable mimic ({findings}) and record whether other causes are still excluded.",
        "docs/criteria.md A.4, B.4.1 (S32, S35, S36, S37)",
    ),
    "repeat_in_3_months": (
        "Guidance: repeat the clinical assessment and EMG in about 3 months (serial 3-monthly "
        "EMG), looking first at: {regions}.",
        "docs/criteria.md A.4, B.4.4 (S14)",
    ),
    "repeat_at_progression_review": (
        "Guidance: repeat the EMG with that re-examination in about 6 months, looking first "
        "at: {regions}. While the course is static no criteria set can be met, whatever an "
        "earlier EMG finds: progression is shown by examinations at least 6 months apart, or "
        "by the history.",
        "docs/criteria.md A.1, A.4, A.5, B.4.4 (El Escorial: examinations at least six months "
        "apart, S6)",
    ),
    "repeat_in_3_months_if_suspected": (
        "Guidance: if clinical suspicion remains, repeat the clinical assessment and EMG in "
        "about 3 months (serial 3-monthly EMG).",
        "docs/criteria.md A.4, B.4.4 (S14)",
    ),
    "confirm_bulbar_region": (
        "Guidance: confirm the bulbar region before relying on the category: it rests on the "
        "{accessory} alone as bulbar EMG evidence (counted as bulbar by the default reading; "
        "Zhao 2025 found the trapezius abnormal in about half of patients without bulbar LMN "
        "involvement). {second_look}",
        "docs/criteria.md A.3.4, A.4, B.0 (Zhao 2025, S75; B.4.2 for the tongue, S44)",
    ),
    "fasciculations_alone": (
        "Fasciculations alone, without weakness, wasting, UMN signs or chronic neurogenic "
        "change on EMG, are not evidence of ALS under any of the three criteria sets (A.2).",
        "docs/criteria.md A.2, B.1.3 (S1)",
    ),
    "study_fasciculating_regions": (
        "Fasciculations are the only finding and {regions} {are} not yet studied with the "
        "needle: EMG of {regions} (A.2: fasciculations alone prompt EMG of their region).",
        "docs/criteria.md A.2, B.1.3 (S1)",
    ),
    "examine_and_consider_emg": (
        "Guidance: no examination findings and no EMG are recorded; with motor symptoms, "
        "examine, and study the symptomatic regions with EMG if suspicion remains.",
        "docs/criteria.md A.4",
    ),
    "watch_for_red_flags": (
        "Watch for: objective weakness, wasting, difficulty speaking or swallowing, "
        "breathlessness, a change in gait. Twitching and cramps that persist are not among "
        "them: fasciculations persist in 95-98% and cramps in about 60% of people with benign "
        "fasciculations.",
        "docs/criteria.md A.4, B.4.4 (S68, S69)",
    ),
    "repeat_only_if_red_flags": (
        "Re-examine, and repeat EMG, only if one of these appears; no repeat study is "
        "planned otherwise.",
        "docs/criteria.md A.4, B.4.4 (S68, S69)",
    ),
    "progression_by_history": (
        "Guidance: progression is not yet recorded. A history of progressive weakness or "
        "spread, reported by the patient and recorded by the clinician, is enough: revised El "
        'Escorial (and Awaji with it) accepts progression "as determined by history or '
        'examination" and Gold Coast progression "by history or repeated clinical '
        'assessment".',
        "docs/criteria.md A.1, A.4 (Brooks 2000, S1, S3; Awaji, S8; Gold Coast, S20)",
    ),
    "document_progression": (
        "Guidance: where the history does not show progression, re-examine and document it "
        "over at least 6 months.",
        "docs/criteria.md A.4, B.4.4 (El Escorial, S6)",
    ),
    "progression_not_shown": (
        "Guidance: progression is recorded as absent. Every criteria set needs progressive "
        "motor impairment (by history or examination), so none is met while the course is "
        "static; ask again about spread and re-examine in about 6 months (progression is "
        "shown by examinations at least 6 months apart). A course that stays static argues "
        "against ALS: review the other causes.",
        "docs/criteria.md A.1, A.4, A.5, B.4.4 (Brooks 2000, S1, S3; Gold Coast, S20; El "
        "Escorial, S6)",
    ),
    "emg_cannot_raise": (
        "Guidance: EMG cannot raise this category on its own: every path above needs new "
        "clinical findings ({findings}), which only the examination shows. {when}: "
        "{regions}; no muscles are suggested for this.",
        "docs/criteria.md A.2, A.3.1.3, A.4 (UMN signs are clinical in every criteria set; "
        "revised El Escorial counts EMG only for laboratory support)",
    ),
    "emg_cannot_raise_needle_barred": (
        "Guidance: EMG cannot raise this category now: the paths EMG alone could take lie in "
        "{barred}, whose every limb is barred to the needle, and the others need new "
        "clinical findings ({findings}), which only the examination shows. {when}: "
        "{regions}; no muscles are suggested for this.",
        "docs/criteria.md A.2, A.4, B.4.2 (never needle against a contraindication; UMN "
        "signs are clinical in every criteria set)",
    ),
    "first_electrodiagnostic_study": (
        "Guidance: no needle EMG study is recorded. Next, a first electrodiagnostic study: "
        "{study}, above all to exclude a mimic (motor conduction block, demyelinating "
        "slowing, a sensory neuropathy, a myopathy: B.4.1), and to look for LMN involvement "
        "{where}. No repeat study is planned until its result is known.",
        "docs/criteria.md A.4, B.4.1, B.4.3 (Brooks 2000: no electrophysiological evidence of "
        "another disease, S1, S3; de Carvalho 2008, S7)",
    ),
    "umn_only_first_emg": (
        "Guidance: UMN signs only and no needle study yet: EMG now, to look for LMN "
        "involvement the examination does not show; then EMG about yearly, or sooner if "
        "weakness, wasting or fasciculations appear.",
        "docs/criteria.md A.4, B.4.4 (UMN-predominant course; Turner 2020 PLS criteria)",
    ),
    "umn_only_yearly_emg": (
        "Guidance: UMN signs only, and the needle study found no LMN involvement: repeat EMG "
        "about yearly, or sooner if weakness, wasting or fasciculations appear; not every 3 "
        "months.",
        "docs/criteria.md A.4, B.4.4 (UMN-predominant course; Turner 2020 PLS criteria)",
    ),
    "revisit_alternative_diagnosis": (
        "Another cause is recorded ({diagnosis}): the ALS criteria do not apply while it "
        "explains the findings, so no EMG is planned to look for ALS evidence. Revisit that "
        "diagnosis if the course departs from it, for example weakness, wasting or UMN signs "
        "spreading beyond its territory; then remove it from the case and evaluate again.",
        "docs/criteria.md A.3, A.4 (Brooks 2000: other disease processes excluded, S1, S3)",
    ),
    "complete_exclusion": (
        "Guidance: complete the investigations that exclude other causes (imaging, laboratory "
        "studies, nerve conduction) as the presentation requires.",
        "docs/criteria.md A.3, B.4.1 (S58)",
    ),
    "no_evidence_now": (
        "Guidance: normal examination and EMG: no evidence of ALS now.",
        "docs/criteria.md A.4",
    ),
    "reexamine_3_to_6_months": (
        "Guidance: normal examination and EMG, with motor symptoms: re-examine in 3 to 6 "
        "months; repeat the EMG then only if objective signs have appeared (weakness, wasting, "
        "UMN signs, bulbar or respiratory symptoms), in the regions they point to: the same "
        "normal muscles again would change nothing.",
        "docs/criteria.md A.4, B.4.4 (S14)",
    ),
}

PLAN_REASON = {
    "alternative_diagnosis_recorded": (
        "Another cause is recorded for these findings: the ALS criteria do not apply unless "
        "that diagnosis is revisited."
    ),
    "normal_no_symptoms": "Normal examination and EMG, no motor symptoms: no evidence of ALS now.",
    "normal_with_symptoms": (
        "Normal examination and EMG, with motor symptoms: re-examine in 3 to 6 months."
    ),
    "fasciculations_only": (
        "Fasciculations only, in regions already studied with EMG: no finding that counts "
        "toward any criteria set; watch for red flags rather than test again."
    ),
    "fasciculations_not_yet_studied": (
        "Fasciculations only, in a region not yet studied with EMG: study it before drawing "
        "any conclusion."
    ),
    "nothing_recorded": "No examination findings and no EMG are recorded yet.",
    "top_category_reached": (
        "The highest category is reached on these findings: more examination or EMG findings "
        "cannot raise it; the red flags, where there are any, still call for their tests."
    ),
    "top_category_rests_on_accessory_muscle": (
        "The highest category is reached only because the trapezius or sternocleidomastoid, "
        "counted as bulbar by the default reading, makes the bulbar region EMG-positive: "
        "confirm the bulbar region before relying on it."
    ),
    "workup_in_progress": (
        "The exclusion of other causes is not yet complete: the category waits on it."
    ),
    "prerequisites_missing": (
        "Not met until {missing}: the category waits on it (A.3, the prerequisites of every "
        "criteria set)."
    ),
    "seeking_evidence": "More evidence in the regions named below could raise the category.",
    "mimic_workup_first": (
        "Other causes are recorded as excluded, but the nerve conduction findings point to a "
        "treatable mimic: the two conflict, so the plan starts with the mimic work-up."
    ),
}

#: The clinical findings a path asks for, as "EMG cannot raise this category" names them.
CLINICAL_FINDING = {"umn": "UMN signs", "clinical_lmn": "clinical LMN signs"}

#: Each kind of regional evidence an upgrade path asks for, in words, keyed first by what
#: the criteria set's clinical LMN needs (A.2, A.3.5): revised El Escorial and Awaji count
#: weakness OR wasting (Brooks 2000, S2), Gold Coast only weakness AND wasting (Shefner 2020,
#: S21). No phrase is shared between the two, so none can be wrong for one of them.
EVIDENCE: dict[str, dict[str, str]] = {
    "weakness_or_wasting": {
        "umn": "UMN signs",
        "clinical_lmn": "clinical LMN signs (weakness or wasting)",
        "emg_lmn": "EMG evidence of LMN involvement",
    },
    "weakness_and_wasting": {
        "umn": "UMN signs",
        "clinical_lmn": "clinical LMN signs (weakness and wasting together)",
        "emg_lmn": "EMG evidence of LMN involvement",
    },
}


def second_look(names: str, airway: bool) -> str:
    """The second look that would confirm a bulbar region an accessory-nerve muscle alone
    makes EMG-positive: the cranial muscles left, in their safe order (`airway`: the
    patient is anticoagulated, so the tongue comes last, B.4.2)."""
    if not names:
        return (
            "Every catalogue muscle a cranial nerve supplies has been studied without "
            "confirming it: the bulbar region rests on this reading alone, and the clinical "
            "bulbar examination decides."
        )
    tongue = (
        " (under anticoagulation the tongue comes last: a tongue or floor-of-mouth "
        "haematoma can threaten the airway)"
        if airway and "genioglossus" in names
        else ""
    )
    return (
        "A second look at a muscle a cranial nerve supplies would confirm the bulbar region: "
        f"{names.replace(' and ', ' or ')}{tongue}."
    )


#: When to re-examine for a clinical sign EMG cannot give, by whether the course is recorded
#: as static (progression false: the six-month re-examination of A.5 and B.4.4, S6, is the
#: one interval; a 3-month one beside it would contradict it).
REEXAMINE = {
    False: "Re-examine in about 3 months, looking at",
    True: "At that re-examination in about 6 months, look at",
}

#: What a first study does, by whether nerve conduction findings are already recorded.
FIRST_STUDY = {
    False: "nerve conduction studies and needle EMG",
    True: "needle EMG beside the nerve conduction findings already recorded",
}


def first_study_where(involved: list[str], clean: str | None, examined: bool = True) -> str:
    """Where a first study looks for LMN involvement: "in the cervical region, where the
    signs are, and in the thoracic region, which shows none (EMG finds involvement the
    examination misses)"."""
    said = f"in {the_regions(involved)}, where the signs are" if involved else ""
    if clean is None:
        return said or "wherever a needle can go now"
    state = "with no clinical sign recorded" if examined else "not examined clinically"
    other = f"in the {clean} region, {state} (EMG finds involvement the examination misses)"
    return f"{said}, and {other}" if said else other


#: How a path can be sought, as its line ends in brackets.
PATH_HOW = {True: "EMG can look for this now", False: "needs new clinical findings"}

#: A path whose category rests on a reading (A.3.4), said after how it can be sought.
PATH_READING = {
    "gap": (
        "only by the 'gap' reading: UMN signs only above LMN signs, a pattern the criteria "
        "give no category, which this tool calls Possible"
    ),
}

#: A path whose EMG region has every limb barred to the needle (A.4), as its line ends.
PATH_BARRED = "EMG cannot reach this now: both limbs of the {regions} are barred to the needle"


def path_how(emg_obtainable: bool, reading: str | None, barred: Sequence[str] = ()) -> str:
    """ "EMG can look for this now", and the reading the category rests on, if any. A path
    whose EMG region is barred says so, not that it needs clinical findings."""
    how = (
        PATH_BARRED.format(regions=regions_phrase(list(barred)).removeprefix("the "))
        if barred
        else PATH_HOW[emg_obtainable]
    )
    return f"{how}; {PATH_READING[reading]}" if reading else how


def upgrade_path(add: list[tuple[str, str]], clinical_lmn_needs: str) -> str:
    """An upgrade path, given as (region, evidence kind) pairs, as a clinician says it: "UMN
    signs in the bulbar and thoracic regions and EMG evidence of LMN involvement in the
    cervical region". `clinical_lmn_needs` is the criteria set's (A.2)."""
    words = EVIDENCE[clinical_lmn_needs]
    by_kind: dict[str, list[str]] = {}
    for region, kind in add:
        by_kind.setdefault(kind, []).append(region)
    return listed([f"{words[kind]} in {the_regions(regions)}" for kind, regions in by_kind.items()])


def waits_on(missing: list[str], alternative: str | None = None) -> str:
    """The missing prerequisites as "not met until ..." ends: "other causes are excluded";
    another cause recorded is named in the case's own words."""
    said = [PREREQUISITE[m] for m in missing]
    if alternative is not None and "alternative_diagnosis" in missing:
        said[missing.index("alternative_diagnosis")] = (
            f"the other cause recorded ({alternative}) is set aside"
        )
    return listed(said)


def visit_waits(missing: list[str], alternative: str | None = None) -> str:
    """Why a visit of a history meets no criteria set whatever its findings (A.3): the
    prerequisites are shared by the three sets, so one line says it for all of them."""
    return f"No criteria set can be met until {waits_on(missing, alternative)} (A.3)."


def another_cause(diagnosis: str) -> str:
    """The line a result leads with when another cause is recorded (A.3 prerequisites)."""
    return (
        f"Another cause recorded: {diagnosis}. Other causes are not excluded, so no criteria "
        "set is met while it stands; the categories on the findings are shown below."
    )


def plan_reason(code: str, missing: Sequence[str] = ()) -> str:
    """The plan's situation in words; a missing prerequisite is named, not both listed."""
    if code == "prerequisites_missing":
        both = "progression is documented and other causes are excluded"
        said = waits_on(list(missing)) if missing else both
        return PLAN_REASON[code].format(missing=said)
    return PLAN_REASON[code]


def muscle_reason(code: str, **values: str) -> str:
    return MUSCLE_REASON[code].format(**values)


def plan_item(code: str, **values: str) -> tuple[str, str]:
    text, source = PLAN_ITEM[code]
    return text.format(**values), source


# --- the plan's models in words, from their codes and values (`wording/voice.py`) --------

Phrases = Callable[[Mapping[str, Any]], dict[str, str]]


def named(keys: Iterable[str]) -> str:
    """Muscles (catalogue keys) as a sentence lists them, by catalogue name without its gloss
    ("trapezius", not "Trapezius (upper)"), each once, in the order given."""
    names: list[str] = []
    for key in keys:
        known = catalogue().get(key)
        name = (known.name if known else key.replace("_", " ")).split(" (")[0]
        name = name[:1].lower() + name[1:]  # inside a sentence, no nested brackets
        if name not in names:
            names.append(name)
    return listed(names)


def second_look_of(keys: Sequence[str], anticoagulated: bool) -> str:
    """The second look (see `second_look`) at the cranial muscles given by catalogue key, in
    their safe order; `anticoagulated`: the case records anticoagulation."""
    return second_look(named(keys), airway=anticoagulated)


def muscle_described(name: str, nerve: str, roots: Iterable[str]) -> str:
    """A muscle with its nerve and roots, as a pair is named: "Biceps brachii
    (musculocutaneous, C5-C6)"."""
    return f"{name} ({nerve}, {root_span(frozenset(roots))})"


def describe_muscle(m: Muscle) -> str:
    return muscle_described(m.name, m.nerve, m.roots)


@cache
def described_in_catalogue(key: str) -> str:
    """A catalogue muscle with its nerve and roots (see `muscle_described`), made once a
    muscle: an independent pair's reason names both of its muscles under each of them."""
    return describe_muscle(catalogue()[key])


def _described(key: str, nerve: str | None = None, roots: Sequence[str] | None = None) -> str:
    """A muscle named by catalogue key, or one outside the catalogue by its key, nerve and
    roots (the case's own anatomy)."""
    if key in catalogue():
        return described_in_catalogue(key)
    assert nerve is not None and roots is not None, key
    return muscle_described(key.replace("_", " "), nerve, roots)


def _catalogue_name(key: str) -> str:
    return catalogue()[key].name


#: The limb contraindications an "avoid this limb" caution names (A.4, B.4.2).
LIMB_BARRIER = {"lymphedema": "lymphedema", "skin_infection": "skin infection"}


def _the_muscle(fields: Mapping[str, Any]) -> dict[str, str]:
    return {"muscle": _catalogue_name(fields["muscle"]), "region": str(fields["region"])}


def _pair_completed(fields: Mapping[str, Any]) -> dict[str, str]:
    values = fields["values"]
    anchor = _described(values["anchor"], values.get("anchor_nerve"), values.get("anchor_roots"))
    return {"muscle": _described(fields["muscle"]), "anchor": anchor}


def _independent_pair(fields: Mapping[str, Any]) -> dict[str, str]:
    first, second = fields["values"]["pair"]
    return {"muscle": _described(first), "anchor": _described(second)}


def _confirms_bulbar(fields: Mapping[str, Any]) -> dict[str, str]:
    accessory = named(fields["values"]["accessory"])
    return {"muscle": _catalogue_name(fields["muscle"]), "accessory": accessory}


#: A muscle suggestion's phrases, by reason code, from the suggestion's fields; a code not
#: here names the muscle and its region.
MUSCLE_PHRASES: dict[str, Phrases] = {
    "completes_pair": _pair_completed,
    "independent_pair": _independent_pair,
    "confirms_bulbar": _confirms_bulbar,
}


def say_muscle_reason(fields: Mapping[str, Any]) -> dict[str, str]:
    code = fields["reason_code"]
    phrases = MUSCLE_PHRASES.get(code, _the_muscle)
    return {"reason": MUSCLE_REASON[code].format(**phrases(fields))}


def _regions_listed(values: Mapping[str, Any]) -> dict[str, str]:
    return {"regions": listed(list(values["regions"]))}


def _muscles(values: Mapping[str, Any]) -> dict[str, str]:
    return {"muscles": named(values["muscles"])}


def _chest_wall(values: Mapping[str, Any]) -> dict[str, str]:
    return {"barred": named(values["barred"]), "demoted": named(values["demoted"])}


def _limb(values: Mapping[str, Any]) -> dict[str, str]:
    return {"side": values["side"], "region": values["region"], "why": LIMB_BARRIER[values["why"]]}


def _as_given(values: Mapping[str, Any]) -> dict[str, str]:
    """Values the text names as they are: a side, a region's name, the case's own words."""
    return {name: str(value) for name, value in values.items()}


def _emg_cannot_raise(values: Mapping[str, Any]) -> dict[str, str]:
    out = {
        "findings": " or ".join(CLINICAL_FINDING[k] for k in values["findings"]),
        "regions": listed(list(values["regions"])),
        "when": REEXAMINE[bool(values["static"])],
    }
    if "barred" in values:
        out["barred"] = regions_phrase(list(values["barred"]))
    return out


def _first_study(values: Mapping[str, Any]) -> dict[str, str]:
    where = first_study_where(
        list(values["involved"]), values["clean"], examined=bool(values["examined"])
    )
    return {"study": FIRST_STUDY[bool(values["ncs_recorded"])], "where": where}


def _fasciculating(values: Mapping[str, Any]) -> dict[str, str]:
    regions = list(values["regions"])
    return {"regions": the_regions(regions), "are": "is" if len(regions) == 1 else "are"}


def _confirm_bulbar_region(values: Mapping[str, Any]) -> dict[str, str]:
    look = second_look_of(values["second_look"], bool(values["anticoagulated"]))
    return {"accessory": named(values["accessory"]), "second_look": look}


def _mimic_workup(values: Mapping[str, Any]) -> dict[str, str]:
    return {"findings": mimic_findings(values["findings"])}


#: A plan item's phrases, by code, from the values it carries (`PlanItem.values`): the
#: plan's own here, the red flags' in `wording/flags.py`. A code in neither names nothing.
PLAN_PHRASES: dict[str, Phrases] = {
    "airway_haematoma": _muscles,
    "pneumothorax": _muscles,
    "chest_wall_avoided": _chest_wall,
    "avoid_limb": _limb,
    "avoid_both_limbs": _as_given,
    "cardiac_device": _as_given,
    "revisit_alternative_diagnosis": _as_given,
    "repeat_in_3_months": _regions_listed,
    "repeat_at_progression_review": _regions_listed,
    "emg_cannot_raise": _emg_cannot_raise,
    "emg_cannot_raise_needle_barred": _emg_cannot_raise,
    "first_electrodiagnostic_study": _first_study,
    "study_fasciculating_regions": _fasciculating,
    "confirm_bulbar_region": _confirm_bulbar_region,
    "mimic_workup_first": _mimic_workup,
    **FLAG_PHRASES,
}


def say_plan_item(fields: Mapping[str, Any]) -> dict[str, str]:
    code = fields["code"]
    text, source = PLAN_ITEM[code]
    phrases = PLAN_PHRASES.get(code)
    return {"text": text.format(**(phrases(fields["values"]) if phrases else {})), "source": source}


def say_plan_reason(fields: Mapping[str, Any]) -> dict[str, str]:
    missing = fields["values"].get("missing", ())
    return {"reason_text": plan_reason(fields["reason"], missing)}


#: The models this room words, by kind (see `wording/voice.py`): the plan's items and the
#: red flags (`PlanItem`), the muscles it suggests, and its situation.
SAYINGS: dict[str, Saying] = {
    "plan_item": say_plan_item,
    "muscle_reason": say_muscle_reason,
    "plan_reason": say_plan_reason,
}
