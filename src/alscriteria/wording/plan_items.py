"""Every plan item and red flag in words (criteria.md A.4, B.4.1): each code's sentence and
its source. PLAN_ITEM is one table on purpose, so every piece of advice and its citation can be
read, and checked, in one place; `plan.py` words the items from it.
"""

from __future__ import annotations

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
    "sheath_haematoma": (
        "Anticoagulation and {muscles}: a rectus sheath haematoma is a known complication of "
        "anticoagulation; sample it above the umbilicus (at T9, where it is studied in ALS), "
        "compress firmly afterwards, and tell the patient to report abdominal pain or a "
        "swelling.",
        "docs/criteria.md A.4, B.4.2 (S152; S30)",
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
        "consider multifocal motor neuropathy (MMN), which is treatable. One block is "
        "enough to pursue it: the EFNS/PNS criteria (2010) reach definite MMN with definite "
        "block in one nerve when the weakness lies in the territory of at least two nerves "
        "(possible MMN when it lies in one), where the AAEM criteria (2003) ask for block in "
        "two; both ask for normal sensory conduction and no UMN signs or marked bulbar "
        "involvement.",
        "docs/criteria.md B.4.1 (Olney 2003, S36; EFNS/PNS 2010, S37)",
    ),
    "consider_mmn_reflexes": (
        "Motor conduction block outside entrapment sites ({where}), and no UMN sign recorded "
        "beyond brisk, spreading or retained reflexes: consider multifocal motor neuropathy "
        "(MMN), which is treatable. Slightly increased tendon reflexes, in particular in the "
        "affected arm, do not exclude it (EFNS/PNS 2010). One block is enough to pursue it: "
        "the EFNS/PNS criteria reach definite MMN with definite block in one nerve when the "
        "weakness lies in the territory of at least two nerves (possible MMN when it lies in "
        "one), where the AAEM criteria (2003) ask for block in two; both ask for normal "
        "sensory conduction.",
        "docs/criteria.md B.4.1 (Olney 2003, S36; EFNS/PNS 2010, S37, S139)",
    ),
    "consider_mmn_despite_umn": (
        "Motor conduction block outside entrapment sites ({where}): the UMN signs recorded "
        "argue against multifocal motor neuropathy (its consensus criteria exclude UMN signs, "
        "though not slightly brisk reflexes), but a block outside entrapment sites is not "
        "expected in ALS: review it (another demyelinating neuropathy) before accepting ALS.",
        "docs/criteria.md B.4.1 (Olney 2003, S36; EFNS/PNS 2010, S37, S139)",
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
        "UMN and LMN signs in the limbs with {above}: MRI of the cervical spine to exclude "
        "a compressive myelopathy.",
        "docs/criteria.md B.4.1 (S58; the foramen magnum, where the bulbar region was not "
        "examined, S151)",
    ),
    "bulbar_symptoms_beside_cord_flag": (
        "{examination}, but this visit records bulbar symptoms ({record}): {look} the "
        "bulbar region. A bulbar UMN or LMN sign would argue "
        "against a lesion of the cervical cord, though not against one at the foramen "
        "magnum, which gives lower cranial nerve signs too (the imaging should then include "
        "the craniocervical junction); the cervical MRI stands, since symptoms alone do not "
        "exclude a cord lesion.",
        "docs/criteria.md A.5, B.4.1 (S58; the foramen magnum, S151; the ALSFRS-R bulbar "
        "items as the King's estimate reads them, Balendra 2014, S145)",
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
        "(radiculopathy, lumbar canal stenosis, cauda equina) before a motor neuron disease is "
        "considered.",
        "docs/criteria.md B.4.1 (S58)",
    ),
    "consider_kennedy_disease": (
        "Markedly abnormal sensory conduction with a lower motor neuron picture and no UMN "
        "sign: in a man, consider Kennedy disease (SBMA; genetic test).",
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
    "mimic_workup_before_exclusion": (
        "Guidance: before anything else, work up the finding that points to a treatable "
        "mimic ({findings}) as the first part of excluding other causes; needle EMG to raise "
        "the category waits on it.",
        "docs/criteria.md A.4, B.4.1 (S32, S35, S36, S37, S139)",
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
    "signs_resolved": (
        "Signs recorded at an earlier visit are not found at this one: {lost}. ALS does not "
        "remit: check the examination, and if the signs have truly gone, reconsider the "
        "diagnosis (among reported ALS reversals, myasthenia and pure LMN pictures were "
        "over-represented).",
        "docs/criteria.md A.5, B.4.1 (Turner 2013, S136; Harrison 2018, S137)",
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
        "clinical findings ({findings}), which only the examination shows{then}. {when}: "
        "{regions}; no muscles are suggested for this.",
        "docs/criteria.md A.2, A.3.1.3, A.3.2, A.4 (UMN signs are clinical in every criteria "
        "set; revised El Escorial counts EMG only for laboratory support, Awaji as LMN "
        "evidence)",
    ),
    "emg_cannot_raise_needle_barred": (
        "Guidance: EMG cannot raise this category now: the paths EMG alone could take lie in "
        "{barred}, whose every limb is barred to the needle, and the others need new "
        "clinical findings ({findings}), which only the examination shows{then}. {when}: "
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
