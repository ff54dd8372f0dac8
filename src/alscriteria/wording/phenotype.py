"""The motor phenotype in words (criteria.md A.6), with each phenotype's source."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from alscriteria.wording.common import listed, muscle_names, muscle_words, regions_phrase
from alscriteria.wording.sayings import Saying

_PHENOTYPE_SOURCE = {
    "pls": "docs/criteria.md A.6 (Turner 2020, S70)",
    "flail": "docs/criteria.md A.6 (Wijesekera 2009, S71)",
}

#: Each phenotype: its sentence and its source. {umn} and {lmn} name the regions, {years}
#: the completed years from onset.
PHENOTYPE: dict[str, tuple[str, str]] = {
    "no_motor_signs": (
        "No UMN or LMN sign is recorded: no motor phenotype yet (clinical fasciculations "
        "alone are not an LMN sign).",
        "docs/criteria.md A.2, A.6",
    ),
    "classic": (
        "Classic: UMN signs in {umn} and LMN involvement in {lmn}.",
        "docs/criteria.md A.6 (Chiò 2011, S74)",
    ),
    "progressive_bulbar_palsy": (
        "Progressive bulbar palsy: every finding lies in the bulbar region (isolated bulbar "
        "involvement).",
        "docs/criteria.md A.6 (Burrell 2011, S72; Chiò 2011, S74)",
    ),
    "flail_arm": (
        "Flail arm (brachial amyotrophic diplegia): LMN involvement confined to the arms, "
        "{umn_clause}. Median survival was 61 months, against 35 for limb-onset ALS "
        "(London cohort).",
        _PHENOTYPE_SOURCE["flail"],
    ),
    "flail_leg": (
        "Flail leg (pseudopolyneuritic form): LMN involvement confined to the legs, "
        "{umn_clause}. Median survival was 69 months, against 35 for limb-onset ALS "
        "(London cohort).",
        _PHENOTYPE_SOURCE["flail"],
    ),
    # a history's: the flail limb the first 12 months defined, kept after later spread
    "flail_arm_spread": (
        "Flail arm (brachial amyotrophic diplegia): LMN involvement was confined to the "
        "arms for the first 12 months from onset, which defines it, and the spread since, "
        "which the definition allows, does not change the name (now LMN involvement in "
        "{lmn}; {umn_now}). Median survival was 61 months, against 35 for limb-onset ALS "
        "(London cohort).",
        _PHENOTYPE_SOURCE["flail"],
    ),
    "flail_leg_spread": (
        "Flail leg (pseudopolyneuritic form): LMN involvement was confined to the legs for "
        "the first 12 months from onset, which defines it, and the spread since, which the "
        "definition allows, does not change the name (now LMN involvement in {lmn}; "
        "{umn_now}). Median survival was 69 months, against 35 for limb-onset ALS (London "
        "cohort).",
        _PHENOTYPE_SOURCE["flail"],
    ),
    # a history's: LMN signs only, after UMN signs recorded at an earlier visit
    "lmn_only_umn_earlier": (
        "LMN involvement only at this visit, in {lmn}, but UMN signs recorded at an earlier visit "
        "are not found now (see the red flags): not progressive muscular atrophy, which has "
        "no UMN sign over its course.",
        "docs/criteria.md A.6, B.4.1 (Wijesekera 2009, S71; Turner 2013, S136)",
    ),
    "lmn_one_arm": (
        "LMN involvement confined to one arm, {umn_clause}. Not flail arm: brachial "
        "amyotrophic diplegia involves both arms (Wijesekera 2009; Hu 1998), so neither its "
        "name nor its survival figure applies; it becomes flail arm if the other arm is "
        "involved too, with predominantly proximal weakness and wasting.",
        "docs/criteria.md A.6 (Wijesekera 2009, S71; Hu 1998, S88)",
    ),
    "lmn_one_leg": (
        "LMN involvement confined to one leg, {umn_clause}. Not flail leg: the "
        "pseudopolyneuritic form involves both legs (Wijesekera 2009), so neither its name "
        "nor its survival figure applies; it becomes flail leg if the other leg is involved "
        "too, with predominantly distal weakness and wasting.",
        _PHENOTYPE_SOURCE["flail"],
    ),
    # EMG evidence alone, no weakness: a root, plexus or nerve cause first (S58), not a flail
    # limb in waiting (session 13 clinical review)
    "lmn_arms_emg_only": (
        "LMN involvement confined to the arms, {umn_clause}, and on EMG alone: no weakness "
        "or wasting is recorded in the arms. Denervation without weakness confined to the "
        "arms asks first for a root, plexus or nerve cause (a C8 radiculopathy, ulnar "
        "neuropathies, multifocal motor neuropathy: see the red flags). Not flail arm, which "
        "is weakness and wasting of both arms (Wijesekera 2009; Hu 1998): neither its name "
        "nor its survival figure applies.",
        "docs/criteria.md A.6, B.4.1 (Wijesekera 2009, S71; Hu 1998, S88; S58)",
    ),
    "lmn_legs_emg_only": (
        "LMN involvement confined to the legs, {umn_clause}, and on EMG alone: no weakness "
        "or wasting is recorded in the legs. Denervation without weakness confined to the "
        "legs asks first for a lumbosacral cause (lumbar canal stenosis, a radiculopathy on "
        "both sides: see the red flags). Not flail leg, which is weakness and wasting of both "
        "legs (Wijesekera 2009): neither its name nor its survival figure applies.",
        "docs/criteria.md A.6, B.4.1 (Wijesekera 2009, S71; S58)",
    ),
    "progressive_muscular_atrophy": (
        "Progressive muscular atrophy: LMN involvement only, in {lmn}, and no UMN sign; UMN "
        "signs appear later in about a fifth of patients.",
        "docs/criteria.md A.6 (Wijesekera 2009, S71; Kim 2009, S73)",
    ),
    "pls_definite": (
        "Primary lateral sclerosis, definite: UMN signs only, in {umn}, {years} from "
        "onset (4 years or more).",
        _PHENOTYPE_SOURCE["pls"],
    ),
    "pls_probable": (
        "Primary lateral sclerosis, probable: UMN signs only, in {umn}, {years} from "
        "onset (2 to 4 years).",
        _PHENOTYPE_SOURCE["pls"],
    ),
    "umn_predominant_too_early": (
        "UMN-predominant, too early to call primary lateral sclerosis: UMN signs only, "
        "in {umn}, under 2 years from onset (probable from 2 years, definite from 4).",
        _PHENOTYPE_SOURCE["pls"],
    ),
    "umn_predominant_no_emg": (
        "UMN-predominant: UMN signs only, in {umn}{duration}. Primary lateral sclerosis "
        "(probable 2 to 4 years from onset, definite from 4) cannot be called until a needle "
        "EMG study excludes active LMN degeneration, which its criteria require; no muscle "
        "has been studied.",
        _PHENOTYPE_SOURCE["pls"],
    ),
    "umn_predominant_emg_too_early": (
        "UMN-predominant: UMN signs only, in {umn}, {years} from onset. The latest "
        "needle study ({needle_date}, {needle_years} from onset) came before the 2 "
        "years from onset from which the PLS criteria ask for no active LMN degeneration: "
        "probable primary lateral sclerosis needs a needle EMG from {needle_due} on (2 years "
        "from onset).",
        _PHENOTYPE_SOURCE["pls"],
    ),
    "pls_duration_unknown": (
        "UMN signs only, in {umn}: primary lateral sclerosis if this has lasted 2 years from "
        "onset (probable) or 4 years (definite); the duration is not known here.",
        _PHENOTYPE_SOURCE["pls"],
    ),
    "umn_one_region": (
        "UMN signs only, in {umn} alone: the PLS criteria ask for UMN signs in at "
        "least two of the bulbar, arm and leg regions.",
        _PHENOTYPE_SOURCE["pls"],
    ),
}

#: One limb weak or wasted, the other examined per side without either, and EMG showing LMN
#: involvement in that other limb too: not its flail limb's second limb, which is defined
#: clinically (S71); {weak} and {other} are the sides, {muscles} the other limb's muscles.
PHENOTYPE_OTHER_LIMB_EMG = {
    "lmn_one_arm": (
        "Weakness or wasting in the {weak} arm only, {umn_clause}; EMG also shows LMN "
        "involvement in the {other} arm ({muscles}), which examines without weakness or "
        "wasting. Not flail arm: brachial amyotrophic diplegia is weakness and wasting of "
        "both arms (Wijesekera 2009; Hu 1998), and EMG evidence alone does not make the "
        "{other} arm its second arm, so neither its name nor its survival figure applies; it "
        "becomes flail arm if the {other} arm is weak and wasted too, predominantly "
        "proximally."
    ),
    "lmn_one_leg": (
        "Weakness or wasting in the {weak} leg only, {umn_clause}; EMG also shows LMN "
        "involvement in the {other} leg ({muscles}), which examines without weakness or "
        "wasting. Not flail leg: the pseudopolyneuritic form is weakness and wasting of both "
        "legs (Wijesekera 2009), and EMG evidence alone does not make the {other} leg its "
        "second leg, so neither its name nor its survival figure applies; it becomes flail "
        "leg if the {other} leg is weak and wasted too, predominantly distally."
    ),
}
#: A flail limb read from signs given for the region as a whole, whose other limb's sampled
#: muscles are all normal: the name stands (the signs may lie in either limb), but the
#: survival figure, found for both limbs weak and wasted (S71), is withheld.
PHENOTYPE_OTHER_LIMB_NORMAL = {
    "flail_arm": (
        "Flail arm (brachial amyotrophic diplegia): LMN involvement confined to the arms, "
        "{umn_clause}. Its survival figure (London cohort) is withheld: it describes both "
        "arms weak and wasted, and the {other} arm's sampled muscles are normal, so "
        "the LMN signs may lie in the {weak} arm alone."
    ),
    "flail_leg": (
        "Flail leg (pseudopolyneuritic form): LMN involvement confined to the legs, "
        "{umn_clause}. Its survival figure (London cohort) is withheld: it describes both "
        "legs weak and wasted, and the {other} leg's sampled muscles are normal, so "
        "the LMN signs may lie in the {weak} leg alone."
    ),
}
#: The same flail limb kept after spread (a history's, A.6), its figure withheld alike.
PHENOTYPE_OTHER_LIMB_NORMAL["flail_arm_spread"] = (
    "Flail arm (brachial amyotrophic diplegia): LMN involvement was confined to the arms for "
    "the first 12 months from onset, which defines it, and the spread since, which the "
    "definition allows, does not change the name (now LMN involvement in {lmn}; {umn_now}). "
    "Its survival figure (London cohort) is withheld: it describes both arms weak and "
    "wasted, and the {other} arm's sampled muscles were normal when it was named, so the LMN "
    "signs may have lain in the {weak} arm alone."
)
PHENOTYPE_OTHER_LIMB_NORMAL["flail_leg_spread"] = (
    "Flail leg (pseudopolyneuritic form): LMN involvement was confined to the legs for the "
    "first 12 months from onset, which defines it, and the spread since, which the "
    "definition allows, does not change the name (now LMN involvement in {lmn}; {umn_now}). "
    "Its survival figure (London cohort) is withheld: it describes both legs weak and "
    "wasted, and the {other} leg's sampled muscles were normal when it was named, so the LMN "
    "signs may have lain in the {weak} leg alone."
)

#: A flail limb read from one limb given weak or wasted per side, the other not given per
#: side and involved on EMG alone: the name stands provisionally, but EMG evidence alone
#: does not make the second limb of a limb defined as weak and wasted (S71, S88), so the
#: survival figure is withheld (session 13 clinical review).
PHENOTYPE_OTHER_LIMB_EMG_ALONE = {
    "flail_arm": (
        "Flail arm (brachial amyotrophic diplegia), provisionally: LMN involvement confined "
        "to the arms, {umn_clause}, but weakness or wasting is recorded in the {weak} arm "
        "only; the {other} arm, not examined per side, shows LMN involvement on EMG alone "
        "({muscles}). Its survival figure (London cohort) is withheld: it describes both arms "
        "weak and wasted, and EMG evidence alone does not make the {other} arm the flail "
        "arm's second arm."
    ),
    "flail_leg": (
        "Flail leg (pseudopolyneuritic form), provisionally: LMN involvement confined to the "
        "legs, {umn_clause}, but weakness or wasting is recorded in the {weak} leg only; the "
        "{other} leg, not examined per side, shows LMN involvement on EMG alone ({muscles}). "
        "Its survival figure (London cohort) is withheld: it describes both legs weak and "
        "wasted, and EMG evidence alone does not make the {other} leg the flail leg's second "
        "leg."
    ),
    "flail_arm_spread": (
        "Flail arm (brachial amyotrophic diplegia): LMN involvement was confined to the arms "
        "for the first 12 months from onset, which defines it, and the spread since, which "
        "the definition allows, does not change the name (now LMN involvement in {lmn}; "
        "{umn_now}). Its survival figure (London cohort) is withheld: it describes both arms "
        "weak and wasted, and when it was named weakness or wasting was recorded in the "
        "{weak} arm only, the {other} arm's involvement being EMG evidence alone ({muscles})."
    ),
    "flail_leg_spread": (
        "Flail leg (pseudopolyneuritic form): LMN involvement was confined to the legs for "
        "the first 12 months from onset, which defines it, and the spread since, which the "
        "definition allows, does not change the name (now LMN involvement in {lmn}; "
        "{umn_now}). Its survival figure (London cohort) is withheld: it describes both legs "
        "weak and wasted, and when it was named weakness or wasting was recorded in the "
        "{weak} leg only, the {other} leg's involvement being EMG evidence alone ({muscles})."
    ),
}
#: The other limb's EMG evidence, a flail limb's, where no muscle of its own shows it.
OTHER_LIMB_UNSIDED = "EMG given without a side, which may lie in either limb"

#: The need for both limbs involved, where the other limb's involvement is EMG evidence alone.
PHENOTYPE_NEED_OTHER_LIMB_EMG_ALONE = {
    "both_arms_involved": (
        "that both arms are involved (weakness or wasting is recorded in the {weak} arm "
        "only, the {other} arm's involvement is EMG evidence alone ({muscles}), and flail arm "
        "is weakness and wasting of both: Wijesekera 2009; Hu 1998)"
    ),
    "both_legs_involved": (
        "that both legs are involved (weakness or wasting is recorded in the {weak} leg "
        "only, the {other} leg's involvement is EMG evidence alone ({muscles}), and flail leg "
        "is weakness and wasting of both: Wijesekera 2009)"
    ),
}

#: The same need for a flail limb kept after spread (a history's, A.6), as when it was named.
PHENOTYPE_NEED_OTHER_LIMB_EMG_ALONE_WHEN_NAMED = {
    "both_arms_involved": (
        "that both arms are involved (when it was named, weakness or wasting was recorded in "
        "the {weak} arm only, the {other} arm's involvement being EMG evidence alone "
        "({muscles}), and flail arm is weakness and wasting of both: Wijesekera 2009; Hu 1998)"
    ),
    "both_legs_involved": (
        "that both legs are involved (when it was named, weakness or wasting was recorded in "
        "the {weak} leg only, the {other} leg's involvement being EMG evidence alone "
        "({muscles}), and flail leg is weakness and wasting of both: Wijesekera 2009)"
    ),
}

#: The need for both limbs involved, where the other limb's sampled muscles are normal.
PHENOTYPE_NEED_OTHER_LIMB_NORMAL = {
    "both_arms_involved": (
        "that both arms are involved (the {muscles} sampled in the {other} arm are normal, "
        "and flail arm involves both: Wijesekera 2009; Hu 1998)"
    ),
    "both_legs_involved": (
        "that both legs are involved (the {muscles} sampled in the {other} leg are normal, "
        "and flail leg involves both: Wijesekera 2009)"
    ),
}
#: The same need for a flail limb kept after spread (a history's, A.6): the muscles were
#: normal when the name was given, as its sentence says (session 13 clinical review).
PHENOTYPE_NEED_OTHER_LIMB_WERE_NORMAL = {
    "both_arms_involved": (
        "that both arms are involved (the {muscles} sampled in the {other} arm were normal "
        "when it was named, and flail arm involves both: Wijesekera 2009; Hu 1998)"
    ),
    "both_legs_involved": (
        "that both legs are involved (the {muscles} sampled in the {other} leg were normal "
        "when it was named, and flail leg involves both: Wijesekera 2009)"
    ),
}
_OPPOSITE = {"left": "right", "right": "left"}
#: The other limb's EMG evidence where its own EMG summary, not a muscle, shows it.
OTHER_LIMB_SUMMARY = "by its EMG summary"

#: Probable PLS that its years from onset would make definite but its latest needle study,
#: done under 4 years from onset, does not (the criteria grade by when active LMN
#: degeneration was shown absent, S70).
PHENOTYPE_BY_NEEDLE_STUDY_LATE = {
    # 4 years or more from onset: a needle study now can show the absence definite PLS asks
    # for, so the sentence names definite, not probable (S70)
    "umn_predominant_emg_too_early": (
        "UMN-predominant: UMN signs only, in {umn}, {years} from onset. The latest "
        "needle study ({needle_date}, {needle_years} from onset) came before the 2 "
        "years from onset from which the PLS criteria ask for no active LMN degeneration: "
        "a needle EMG now (from {needle_due} on, 4 years from onset) that shows none would "
        "make this definite primary lateral sclerosis."
    ),
}
#: A flail limb's survival figure, and what replaces it beside nerve conduction findings that
#: point to a treatable mimic (A.6 `mimic_findings_explained`): the figure describes ALS,
#: and an MMN picture may be read as a flail arm until the block is explained (the session
#: 13 hostile test found "61 against 35 months" beside the MMN red flag).
_SURVIVAL = {
    "flail_arm": "Median survival was 61 months, against 35 for limb-onset ALS (London cohort).",
    "flail_leg": "Median survival was 69 months, against 35 for limb-onset ALS (London cohort).",
}
MIMIC_WITHHELD = (
    "Its survival figure (London cohort) is withheld until the nerve conduction findings "
    "that point to a treatable mimic are explained (see the red flags): it describes ALS."
)


def _beside_mimic(code: str) -> str:
    text = " ".join(PHENOTYPE[code][0].split())
    figure = _SURVIVAL[code.removesuffix("_spread")]
    assert figure in text, code  # the table and its figures are kept together
    return text.replace(figure, MIMIC_WITHHELD)


PHENOTYPE_BESIDE_MIMIC = {
    code: _beside_mimic(code)
    for code in ("flail_arm", "flail_leg", "flail_arm_spread", "flail_leg_spread")
}

PHENOTYPE_BY_NEEDLE_STUDY = {
    "pls_probable": (
        "Primary lateral sclerosis, probable: UMN signs only, in {umn}, {years} from "
        "onset, but the latest needle study without active LMN degeneration was done "
        "{needle_date}, {needle_years} from onset; definite needs a needle EMG from "
        "{needle_due} on (4 years from onset)."
    ),
}

#: A bulbar region whose LMN involvement rests on an accessory-nerve muscle alone, as the
#: phenotype and the pattern red flags say it (A.6, B.0, B.4.1).
ACCESSORY_ASIDE = (
    "The bulbar region is not counted as involved: it rests on the {muscles} alone, which "
    "the default reading counts as bulbar, but which is often abnormal without bulbar "
    "involvement (the sternocleidomastoid in 18%, the trapezius in 54%; Zhao 2025, S75)."
)


def accessory_aside(muscles: Sequence[str]) -> str:
    """The sentence for a bulbar region set aside, the muscles named once each, in words."""
    return ACCESSORY_ASIDE.format(muscles=muscle_names(muscles))


#: The flail arm and flail leg definitions allow pathological reflexes, not tone or clonus;
#: the signs so allowed (assess/pattern.py REFLEX_SIGNS) include brisk, spreading and
#: retained tendon reflexes, which are reflex signs but not pathological reflexes (Turner
#: 2022 lists the two apart), so the words name the kind, not the narrower term.
_FLAIL_UMN = {
    False: "no UMN sign",
    True: (
        "with no UMN sign other than reflex signs (brisk or pathological reflexes, in "
        "{umn}), which the definition allows (Wijesekera 2009)"
    ),
}

#: How long a UMN-only picture has lasted, when a sentence says it.
PHENOTYPE_DURATION = {
    True: ", {years} from onset",
    False: "; the duration is not known here",
}

#: With another cause recorded (`alternative_diagnosis`), each code in words as the pattern
#: of the findings: no ALS form named, no ALS prognosis (A.6).
PHENOTYPE_PATTERN: dict[str, str] = {
    "classic": "Pattern of findings: UMN signs in {umn} and LMN involvement in {lmn}.",
    "progressive_bulbar_palsy": (
        "Pattern of findings: every finding lies in the bulbar region, LMN involvement among them."
    ),
    "flail_arm": "Pattern of findings: LMN involvement confined to the arms, {umn_clause}.",
    "flail_leg": "Pattern of findings: LMN involvement confined to the legs, {umn_clause}.",
    "lmn_one_arm": "Pattern of findings: LMN involvement confined to one arm, {umn_clause}.",
    "lmn_one_leg": "Pattern of findings: LMN involvement confined to one leg, {umn_clause}.",
    "lmn_arms_emg_only": (
        "Pattern of findings: LMN involvement confined to the arms on EMG alone, {umn_clause}."
    ),
    "lmn_legs_emg_only": (
        "Pattern of findings: LMN involvement confined to the legs on EMG alone, {umn_clause}."
    ),
    "progressive_muscular_atrophy": (
        "Pattern of findings: LMN involvement only, in {lmn}, and no UMN sign."
    ),
    "umn_only": "Pattern of findings: UMN signs only, in {umn}.",
}

#: The UMN signs beside LMN involvement confined to one limb region, as a pattern.
#: The UMN signs a flail limb kept after spread shows now (any: the first 12 months are past).
_UMN_NOW = {False: "no UMN sign", True: "UMN signs in {umn}"}
_PATTERN_UMN = {
    False: "and no UMN sign",
    True: "with reflex signs (brisk or pathological reflexes, in {umn}) as the only UMN sign",
}

PHENOTYPE_PATTERN_ONLY = (
    "Another cause is recorded, so the pattern is not named as a form of ALS and no ALS "
    "prognosis applies.",
    "docs/criteria.md A.3, A.6",
)

#: What a definition asks that the case does not record.
PHENOTYPE_NEED = {
    "onset": "the date of onset (a history's onset gives it)",
    "age": "age (PLS needs 25 years or more)",
    "sensory_symptoms": "sensory symptoms (PLS excludes any not explained by another condition)",
    "proximal_predominance": "whether the arm weakness is predominantly proximal",
    "distal_predominance": "whether the leg weakness is predominantly distal",
    "function_first_12_months": (
        "whether the other regions were spared functionally for 12 months from onset"
    ),
    "under_12_months": (
        "whether the other regions stay spared to 12 months from onset (not yet reached: "
        "the phenotype is provisional)"
    ),
    "emg_open": "whether the EMG summaries that leave LMN involvement open show it",
    "no_needle_study": (
        "a needle EMG study: no muscle has been studied, so active LMN degeneration, which "
        "PLS excludes, is not yet ruled out"
    ),
    "other_regions_not_examined": (
        "whether the regions with no examination recorded are spared (the involvement is "
        "confined only among the regions examined)"
    ),
    "other_causes_excluded": (
        "that other causes are excluded (not yet recorded; the PLS criteria require it)"
    ),
    "both_arms_involved": (
        "that both arms are involved (the record does not show LMN involvement in each arm, "
        "and flail arm involves both: Wijesekera 2009; Hu 1998)"
    ),
    "both_legs_involved": (
        "that both legs are involved (the record does not show LMN involvement in each leg, "
        "and flail leg involves both: Wijesekera 2009)"
    ),
    "mimic_findings_explained": (
        "that the nerve conduction findings pointing to a treatable mimic are explained (see "
        "the red flags): until then the form named is provisional"
    ),
}

#: After the LMN regions of a phenotype or a pattern flag: where that involvement is EMG
#: evidence alone (no weakness or wasting recorded), keyed by whether it is all of them.
LMN_EMG_ONLY = {
    True: " (EMG evidence alone: no weakness or wasting is recorded)",
    False: " (EMG evidence alone in {regions})",
}


def lmn_regions_words(lmn: Sequence[str], emg_only: Sequence[str]) -> str:
    """ "the cervical and lumbosacral regions", and where the LMN involvement is EMG
    evidence alone, said after them: fasciculation potentials with chronic change are not
    weakness or wasting, and a reader must not take them for it (A.2, A.6)."""
    words = regions_phrase(list(lmn))
    if not emg_only:
        return words
    if set(emg_only) >= set(lmn):
        return words + LMN_EMG_ONLY[True]
    return words + LMN_EMG_ONLY[False].format(regions=regions_phrase(list(emg_only)))


#: PMA whose LMN involvement lies in one limb region alone: a flail limb the history's
#: early function excluded (A.6; a case alone names such a picture flail arm or leg).
PMA_NOT_FLAIL = {
    "cervical": "flail arm",
    "lumbosacral": "flail leg",
}
PMA_NOT_FLAIL_SENTENCE = (
    " Not {name}, though the LMN involvement is confined to {limbs}: another region was "
    "functionally involved within 12 months of onset (recorded, or an ALSFRS-R item below "
    "4), which its definition excludes (Wijesekera 2009)."
)
_LIMBS = {"cervical": "the arms", "lumbosacral": "the legs"}


def _not_flail(code: str, umn: Sequence[str], lmn: Sequence[str], pattern_only: bool) -> str:
    """The sentence saying why a PMA confined to one limb region is not a flail limb."""
    if code != "progressive_muscular_atrophy" or umn or pattern_only or len(lmn) != 1:
        return ""
    region = lmn[0]
    if region not in PMA_NOT_FLAIL:
        return ""
    return PMA_NOT_FLAIL_SENTENCE.format(name=PMA_NOT_FLAIL[region], limbs=_LIMBS[region])


def _years(years: int) -> str:
    """Completed years, as a person says them: "1 year", "0 years", "5 years"."""
    return "1 year" if years == 1 else f"{years} years"


def phenotype(
    code: str,
    umn: list[str],
    lmn: list[str],
    years: int | None,
    pattern_only: bool = False,
    needle: tuple[int, date | str, date | str] | None = None,
    emg_only: Sequence[str] = (),
    other_limb: tuple[str, Sequence[str]] | None = None,
    other_limb_emg: bool = False,
    mimic: bool = False,
) -> tuple[str, str]:
    """A phenotype's sentence and source, the regions and years filled in. `pattern_only`
    (another cause recorded): the pattern of the findings, no ALS form and no prognosis.
    `needle`: the years and date of the needle study that holds a UMN-only picture below
    the grade of its years, and the date from which a new study reaches it. `emg_only`: the
    LMN regions whose involvement is EMG evidence alone. `other_limb`: the side and muscles
    (catalogue keys) of the limb a flail reading lacks (Phenotype.other_limb), and whether
    its involvement is EMG evidence alone (`other_limb_emg`). `mimic`: beside nerve
    conduction findings that point to a treatable mimic (a flail limb's figure withheld)."""
    template, source = PHENOTYPE[code]
    if other_limb is not None and not pattern_only:
        template = _other_limb_template(code, other_limb_emg)
    elif mimic and code in PHENOTYPE_BESIDE_MIMIC:
        template = PHENOTYPE_BESIDE_MIMIC[code]
    if needle is not None and code in PHENOTYPE_BY_NEEDLE_STUDY:
        template = PHENOTYPE_BY_NEEDLE_STUDY[code]
    if needle is not None and code in PHENOTYPE_BY_NEEDLE_STUDY_LATE and (years or 0) >= 4:
        template = PHENOTYPE_BY_NEEDLE_STUDY_LATE[code]
    clauses = _FLAIL_UMN
    if pattern_only and code != "no_motor_signs":
        template = PHENOTYPE_PATTERN.get(code, PHENOTYPE_PATTERN["umn_only"])
        template += " " + PHENOTYPE_PATTERN_ONLY[0]
        source, clauses = PHENOTYPE_PATTERN_ONLY[1], _PATTERN_UMN
    umn_words = regions_phrase(umn)
    shown_years = "" if years is None else _years(years)
    return (
        template.format(
            umn=umn_words,
            lmn=lmn_regions_words(lmn, emg_only),
            years=shown_years,
            umn_clause=clauses[bool(umn)].format(umn=umn_words),
            umn_now=_UMN_NOW[bool(umn)].format(umn=umn_words),
            duration=PHENOTYPE_DURATION[years is not None].format(years=shown_years),
            needle_years="" if needle is None else _years(needle[0]),
            # a date from the core, its ISO text from JSON: the same words
            needle_date="" if needle is None else str(needle[1]),
            needle_due="" if needle is None else str(needle[2]),
            **_limb_words(other_limb, _FLAIL_LIKE.get(code, "") if other_limb_emg else ""),
        )
        + _not_flail(code, umn, lmn, pattern_only),
        source,
    )


#: The flail readings (a history's kept after spread among them), by the limb they name.
_FLAIL_LIKE = {
    "flail_arm": "flail",
    "flail_leg": "flail",
    "flail_arm_spread": "flail",
    "flail_leg_spread": "flail",
}


def _other_limb_template(code: str, emg: bool) -> str:
    """The sentence for a phenotype that names the limb a flail reading lacks: one limb
    beside EMG in the other (lmn_one_*), or a flail limb whose other limb is involved on
    EMG alone or sampled normal."""
    if code not in _FLAIL_LIKE:
        return PHENOTYPE_OTHER_LIMB_EMG[code]
    return (PHENOTYPE_OTHER_LIMB_EMG_ALONE if emg else PHENOTYPE_OTHER_LIMB_NORMAL)[code]


def _limb_words(other_limb: tuple[str, Sequence[str]] | None, flail: str = "") -> dict[str, str]:
    """The sides and muscles a sentence about the limb a flail reading lacks names; with no
    muscle of its own, the limb's EMG summary (one limb's) or EMG without a side (a flail
    limb's, `flail`)."""
    if other_limb is None:
        return {"other": "", "weak": "", "muscles": ""}
    side, keys = other_limb
    unsided = OTHER_LIMB_UNSIDED if flail else OTHER_LIMB_SUMMARY
    muscles = muscle_names([muscle_words(key) for key in keys]) if keys else unsided
    return {"other": side, "weak": _OPPOSITE[side], "muscles": muscles}


#: The need for both limbs' words, by whether the other limb is EMG alone (else sampled
#: normal) and whether the flail limb is kept after spread (then said as when named).
_NEED_OTHER_LIMB = {
    (True, False): PHENOTYPE_NEED_OTHER_LIMB_EMG_ALONE,
    (True, True): PHENOTYPE_NEED_OTHER_LIMB_EMG_ALONE_WHEN_NAMED,
    (False, False): PHENOTYPE_NEED_OTHER_LIMB_NORMAL,
    (False, True): PHENOTYPE_NEED_OTHER_LIMB_WERE_NORMAL,
}


def phenotype_needs(
    needs: Sequence[str],
    other_limb: tuple[str, Sequence[str]] | None = None,
    other_limb_emg: bool = False,
    code: str = "",
) -> str:
    """ "Not recorded in the case, so not checked: ..." or "" when nothing is missing.
    `other_limb`: a flail limb's other limb whose sampled muscles are normal, or, with
    `other_limb_emg`, whose involvement is EMG evidence alone, which the need for both
    limbs names; for a flail limb kept after spread (`code`), as it was when named."""
    if not needs:
        return ""
    words = _limb_words(other_limb, "flail" if other_limb_emg else "")
    table = _NEED_OTHER_LIMB[(other_limb_emg, code.endswith("_spread"))]
    said = [
        table[n].format(**words) if other_limb is not None and n in table else PHENOTYPE_NEED[n]
        for n in needs
    ]
    return "Not checked here: " + listed(said) + "."


def phenotype_words(fields: Mapping[str, Any]) -> dict[str, str]:
    """A `Phenotype`'s words (`text`, `source`, `needs_text`) from its codes and values: the
    regions as region codes, the accessory muscles as catalogue keys, the needle study's
    dates as dates or their ISO text."""
    study = fields["needle_study_date"]
    needle = (
        None if study is None else (fields["needle_study_years"], study, fields["needle_study_due"])
    )
    side = fields.get("other_limb")
    limb = None if side is None else (str(side), list(fields.get("other_limb_muscles", ())))
    text, source = phenotype(
        fields["code"],
        [str(r) for r in fields["umn_regions"]],
        [str(r) for r in fields["lmn_regions"]],
        fields["years_from_onset"],
        pattern_only=fields["pattern_only"],
        needle=needle,
        emg_only=[str(r) for r in fields["lmn_emg_only"]],
        other_limb=limb,
        other_limb_emg=bool(fields.get("other_limb_emg_only", False)),
        mimic="mimic_findings_explained" in fields["needs"],
    )
    aside = fields["bulbar_rests_on"]
    if aside:
        text += " " + accessory_aside([muscle_words(key) for key in aside])
    emg = bool(fields.get("other_limb_emg_only", False)) and str(fields["code"]) in _FLAIL_LIKE
    needs_text = phenotype_needs(fields["needs"], limb, emg, str(fields["code"]))
    return {"text": text, "source": source, "needs_text": needs_text}


#: A flail limb named at an early visit that a later visit's record excludes (S71).
PHENOTYPE_EXCLUDED = (
    "{Name} later excluded: visit {visit} ({day}), within 12 months of onset, {found}, and "
    "a {name} {rule}: neither the name nor its survival figure applies; read the phenotype "
    "from visit {visit} on.",
    _PHENOTYPE_SOURCE["flail"],
)
#: What the later visit found, by `PhenotypeExcluded.by`, and what of the definition it
#: contradicts (S71).
_EXCLUDED_BY = {
    "function": "recorded {regions} functionally involved",
    "alsfrs_r": (
        "scored ALSFRS-R items for {regions} below 4, which the King's estimate reads as "
        "functional involvement there"
    ),
    "umn": (
        "found UMN signs the definition does not allow (increased tone or clonus, or any "
        "UMN sign above the neck) in {regions}"
    ),
    "signs": "found weakness or wasting in {regions}",
}
_EXCLUDED_RULE = {
    "umn": "allows no UMN sign but pathological reflexes in the limbs",
}
_SPARES = "spares the other regions for 12 months from onset"
_FLAIL_NAMES = {"flail_arm": "flail arm", "flail_leg": "flail leg"}
_KINGS_REGION_WORDS = {
    "bulbar": "the bulbar region",
    "upper_limb": "the arms",
    "lower_limb": "the legs",
}


def say_phenotype_excluded(fields: Mapping[str, Any]) -> dict[str, str]:
    """A `PhenotypeExcluded`'s sentence and source from its phenotype, visit and findings."""
    day, by, regions = fields["by_date"], str(fields["by"]), [str(r) for r in fields["regions"]]
    named = (
        listed([_KINGS_REGION_WORDS[r] for r in regions])
        if by in ("function", "alsfrs_r")
        else regions_phrase(regions)
    )
    name = _FLAIL_NAMES[str(fields["phenotype"])]
    return {
        "text": PHENOTYPE_EXCLUDED[0].format(
            Name=name.capitalize(),
            name=name,
            visit=fields["by_visit"],
            day=day if isinstance(day, str) else day.isoformat(),
            found=_EXCLUDED_BY[by].format(regions=named),
            rule=_EXCLUDED_RULE.get(by, _SPARES),
        ),
        "source": PHENOTYPE_EXCLUDED[1],
    }


#: The models this room words, by kind (see `wording/voice.py`).
SAYINGS: dict[str, Saying] = {
    "phenotype": phenotype_words,
    "phenotype_excluded": say_phenotype_excluded,
}
