"""The one table of wording for the codes the models carry: codes in the core, words here.

The models say *what* (a code, a number); this table says it in the clinic's words. The CLI
and any embedding tool share it, so one fix here corrects every screen.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from alscriteria.anatomy.vocabulary import label

if TYPE_CHECKING:
    from datetime import date

    from alscriteria.assess.assessment import FiringEvidence, Shortfall, SideEvidence

CATEGORY = {
    "definite": "Definite ALS",
    "probable": "Probable ALS",
    "probable-laboratory-supported": "Probable ALS, laboratory-supported",
    "possible": "Possible ALS",
    "als": "ALS (criteria met)",
    "not-met": "Criteria not met",
}

#: The cohort summary's "criteria met" row (a batch run's `met` counts): an Assessment is
#: met when its category is anything but not met (criteria.md A.3, "Choosing the
#: category"), so Possible ALS counts as met. Said where the count is shown, since "criteria
#: met" alone reads as Probable or Definite to many clinicians.
MET_COUNT = "Criteria met (Possible ALS counts)"
MET_COUNT_MEANING = (
    "Criteria met counts every patient whose category is above Criteria not met: under "
    "revised El Escorial and Awaji that includes Possible ALS, under Gold Coast it is ALS "
    "(docs/criteria.md A.3). Criteria met in the comparisons below counts the same way."
)

#: A missing prerequisite, as "not met until ..." finishes it.
PREREQUISITE = {
    "progression": "progression is documented",
    "other_causes_excluded": "other causes are excluded",
    "alternative_diagnosis": "the other cause recorded is set aside",
}

#: A missing prerequisite in a few words (a table cell).
PREREQUISITE_SHORT = {
    "progression": "progression",
    "other_causes_excluded": "other causes excluded",
    "alternative_diagnosis": "another cause recorded",
}

#: Each shortfall: its sentence, and the noun its counts are of (for "1 region").
SHORTFALL: dict[str, tuple[str, str]] = {
    "progression": ("progression must be documented (now: {have})", ""),
    "other_causes_excluded": ("other causes must be excluded (now: {have})", ""),
    "regions_with_umn_and_lmn": (
        "UMN and LMN signs together in at least {need} (have {have})",
        "region",
    ),
    "umn_regions": ("UMN signs in at least {need} (have {have})", "region"),
    "lmn_regions": ("LMN signs in at least {need} (have {have})", "region"),
    "regions_with_umn_or_lmn": (
        "UMN or LMN signs spanning at least {need} (have {have})",
        "region",
    ),
    "emg_regions": ("EMG evidence of LMN involvement in at least {need} (have {have})", "region"),
    "emg_limbs": ("EMG evidence of LMN involvement in at least {need} (have {have})", "limb"),
    "umn_rostral_to_lmn": (
        "some UMN signs rostral to LMN signs (highest UMN region: {have}; lowest LMN region: "
        "{need})",
        "",
    ),
    "highest_finding_is_umn": (
        "the most rostral finding must be a UMN sign (highest UMN region: {have}; highest LMN "
        "region: {need})",
        "",
    ),
    "lmn_rostral_to_umn": (
        "LMN signs rostral to UMN signs (highest LMN region: {have}; lowest UMN region: {need})",
        "",
    ),
}

NOTE = {
    "residual_possible_used": (
        "UMN signs only in {umn_regions} and LMN signs only below it ({lmn_regions}): the "
        "criteria give this pattern no category; this tool calls it Possible (reading 'gap', "
        "A.3.1.4, A.3.4)."
    ),
    "pattern_not_covered": (
        "UMN signs only in {umn_regions} and LMN signs only below it ({lmn_regions}): the "
        "criteria give this pattern no category, and with the reading 'gap' set to "
        "unclassified this tool gives none either (A.3.4)."
    ),
    "emg_counts_only_for_laboratory_support": (
        "Revised El Escorial counts EMG only through the laboratory-supported clause "
        "(A.3.1.3): the EMG evidence in {regions} does not count there as LMN signs."
    ),
    "gold_coast_needs_weakness_and_wasting": (
        "Gold Coast counts clinical LMN only with weakness AND wasting in the same region "
        "(A.2); only one of the two is recorded in {regions} (revised El Escorial and Awaji "
        "count either)."
    ),
    "fasciculation_potentials_need_chronic_change": (
        "Fasciculation potentials count as active denervation only with chronic neurogenic "
        "change in the same muscle (A.2); without it they do not count here: {muscles}."
    ),
    "fasciculation_potentials_not_in_el_escorial": (
        "Revised El Escorial counts fibrillation potentials and positive sharp waves, not "
        "fasciculation potentials (A.2); these muscles qualify under Awaji and Gold Coast "
        "only: {muscles}."
    ),
    "limb_muscles_share_nerve_or_roots": (
        "A limb region needs two abnormal muscles with different nerves and root sets that "
        "differ (A.2, A.3.4 not-identical reading); in {regions} the abnormal muscles share "
        "a nerve or the same roots: {muscles}."
    ),
    "limb_muscles_share_root_or_nerve": (
        "A limb region needs two abnormal muscles with different nerves and no shared root "
        "(A.2); in {regions} the abnormal muscles share a root or a nerve: {muscles}."
    ),
    "left_and_right_are_one_muscle": (
        "Left and right copies of one muscle are not two independent muscles (A.2): "
        "{muscles} in {regions}."
    ),
    "accessory_muscles_counted_as_bulbar": (
        "Sternocleidomastoid and trapezius were counted as bulbar (A.3.4 default)."
    ),
    "accessory_muscles_counted_as_cervical": (
        "Sternocleidomastoid and trapezius were counted as cervical (A.3.4 alternative)."
    ),
    "emg_taken_as_reported": (
        "The EMG of {regions} was taken as reported, a summary without muscle detail; this "
        "criteria set's muscle definition (A.2) was applied to the findings it names."
    ),
    "signs_taken_from_flags": (
        "In {regions} UMN or clinical LMN signs were taken from yes/no flags, as a registry "
        "records them, without the signs named; a clinical LMN flag is read as weakness or "
        "wasting (A.2), never fasciculations alone."
    ),
    "gold_coast_weakness_and_wasting_on_different_limbs": (
        "Gold Coast counts clinical LMN only with weakness AND wasting (A.2); in {regions} "
        "they were recorded on different limbs, so no limb is both weak and wasted "
        "(revised El Escorial and Awaji count either)."
    ),
    "paraspinals_never_independent": (
        "{muscles}: the catalogue gives a paraspinal muscle every level of its region "
        "(cervical C3-C8, lumbosacral L1-S1), so it shares a root with every other muscle of "
        "{regions} and can never complete an independent pair there (A.2; A.3.4 default "
        "reading, no shared root). To count one level, enter it as a muscle outside the "
        "catalogue with its region, its root and its nerve, for example muscle \"C7 "
        "paraspinal\", region cervical, roots [\"C7\"], nerve \"C7 dorsal ramus\"."
    ),
    "bulbar_emg_by_accessory_muscle_only": (
        "The bulbar region is EMG-positive only through {muscles} (spinal accessory nerve), "
        "counted as bulbar by the default reading (A.3.4), and that decides the category: "
        "without it the category would be lower. Read it with care: "
        "Zhao et al. 2025 found the trapezius abnormal in about half (53.7%), and the "
        "sternocleidomastoid in 18.2%, of patients without bulbar LMN involvement (S75). "
        "{second_look}"
    ),
    "fasciculations_alone_are_not_clinical_lmn": (
        "Clinical fasciculations alone are not an LMN sign (A.2); they prompt EMG of {regions}."
    ),
    "no_laboratory_supported_category": (
        "Revised El Escorial gives Probable ALS, laboratory-supported, on these findings and "
        "Awaji a lower category: Awaji has no laboratory-supported category (its EMG counts "
        "as LMN signs instead), and its Probable needs UMN signs in at least two regions, "
        "some of them rostral to LMN signs (A.3.1.3, A.3.2; Boekestein 2010, S12; Johnsen "
        "2019, S19)."
    ),
    "no_laboratory_supported_category_aggregate": (
        "Revised El Escorial gives Probable ALS, laboratory-supported, on these findings and "
        "Awaji a lower category: Awaji has no laboratory-supported category (its EMG counts "
        "as LMN signs instead), and its Probable needs some UMN signs rostral to LMN signs "
        "(A.3.1.3, A.3.2, reading 'probable' set to aggregate; Boekestein 2010, S12; Johnsen "
        "2019, S19)."
    ),
    "fasciculations_alone_are_not_clinical_lmn_studied": (
        "Clinical fasciculations alone are not an LMN sign (A.2); in {regions}, already "
        "studied with EMG, only what the needle found counts toward LMN involvement."
    ),
}

#: Rule statements written for the audit (they name a reading), in the reader's words; keyed
#: by the rule's last id part and the category it grants. The rule ids stay in the JSON.
RULE_IN_WORDS: dict[tuple[str, str | None], str] = {
    ("possible_residual", "possible"): (
        "UMN and LMN signs are both present, in a pattern no listed clause covers; this tool "
        "calls it Possible (reading 'gap')."
    ),
    ("possible_residual", "not-met"): (
        "UMN and LMN signs are both present, in a pattern no listed clause covers; with the "
        "reading 'gap' set to unclassified, no category."
    ),
}


def rule_words(rule: str, grants: str | None, statement: str) -> str:
    """A fired rule's statement as the reader is told it (see RULE_IN_WORDS)."""
    return RULE_IN_WORDS.get((rule.rsplit(".", 1)[-1], grants), statement)


def also_met(fired: Sequence[tuple[str, str | None, str]]) -> str:
    """The other clauses that fired, in words ("" when none): the residual rule (A.3.4 gap)
    applies only where no listed clause does, so beside one it is not a clause met."""
    said = [
        f"{statement.rstrip('.')} ({category_in_sentence(grants)})"
        for rule, grants, statement in fired
        if grants not in (None, "not-met") and not rule.endswith(".possible_residual")
    ]
    return ("Other clauses also met: " + "; ".join(said) + ".") if said else ""


READING = {
    "probable": "Probable: UMN and LMN regions counted",
    "rostral": "Rostral: which pairs",
    "rostral_same_region": "Rostral within one region",
    "gap": "UMN-above-LMN gap",
    "lab_supported_emg": "Laboratory-supported EMG scope",
    "root_independence": "Root independence",
    "accessory_muscles": "Sternocleidomastoid and trapezius region",
}


#: A category inside a sentence ("would give ..."), where "(criteria met)" would not read.
CATEGORY_IN_SENTENCE = {"als": "ALS by the Gold Coast criteria"}


def category(value: str) -> str:
    return CATEGORY[value]


def category_in_sentence(value: str) -> str:
    return CATEGORY_IN_SENTENCE.get(value, category(value))


def shortfall(code: str, have: object, need: object) -> str:
    """A shortfall in words; an unknown code raises KeyError (never its code words shown)."""
    # a prerequisite left unset is unknown; a region comparison's None is "no such region"
    unset = "unknown" if code in PREREQUISITE else "none"
    shown = {True: "yes", False: "no", "true": "yes", "false": "no", None: unset}
    template, noun = SHORTFALL[code]

    def say(value: object) -> object:
        return shown.get(value, value) if isinstance(value, bool | str | None) else value

    wanted = plural(need, noun) if noun and isinstance(need, int) else say(need)
    return template.format(have=say(have), need=wanted)


@dataclass(frozen=True)
class MissingWords:
    """What a category lacks, as a reader is told it: a title that says how the lines
    combine, and the lines as (text, codes). The prerequisites are all required; the rules of
    one category are alternatives (A.3: any one clause grants it)."""

    title: str
    lines: tuple[tuple[str, tuple[str, ...]], ...]


def missing_words(shortfalls: Sequence[Shortfall], target: str | None) -> MissingWords:
    """ "Missing for Possible ALS: the prerequisites, and any one of:", then one line per
    prerequisite and one per alternative rule (its unmet requirements joined by "and")."""
    lines: list[tuple[str, tuple[str, ...]]] = []
    rules: dict[str, list[Shortfall]] = {}
    for s in shortfalls:
        if s.category is None:
            lines.append(("Prerequisite: " + shortfall(s.code, s.have, s.need), (s.code,)))
        else:
            rules.setdefault(s.rule, []).append(s)
    gate = bool(lines)
    alternatives: list[tuple[str, tuple[str, ...]]] = []
    for rule, unmet in rules.items():
        said = [shortfall(s.code, s.have, s.need) for s in unmet]
        codes = tuple(s.code for s in unmet)
        residual = rule.endswith(".possible_residual")
        label = GAP_SHORTFALL if residual else ""
        if residual and len(rules) > 1:
            # beside the clauses, the residual rule adds only the pattern they leave out
            alternatives.append((GAP_PATTERN, codes))
        elif len(rules) == 1:
            alternatives.extend(
                (text + label, (code,)) for text, code in zip(said, codes, strict=True)
            )
        else:
            alternatives.append((" and ".join(said) + label, codes))
    for line in alternatives:
        if line[0] not in [text for text, _ in lines]:
            lines.append(line)
    how = ("any one of:" if len(rules) > 1 else "all of:") if rules else ""
    joined = ", and ".join(part for part in ("the prerequisites" if gate else "", how) if part)
    head = f"Missing for {category_in_sentence(target)}" if target else "Missing"
    return MissingWords(f"{head}: {joined}" if joined else head, tuple(lines))


def why_not_probable(shortfalls: Sequence[Shortfall]) -> MissingWords | None:
    """Why the findings are not Probable when the next rung is laboratory-supported
    (A.3.1.2, A.3.1.3): every line is required."""
    if not shortfalls:
        return None
    return MissingWords(
        f"Why not {category('probable')}: each of these is missing:",
        tuple((shortfall(s.code, s.have, s.need), (s.code,)) for s in shortfalls),
    )


def listed(items: list[str]) -> str:
    """ "a", "a and b", "a, b and c": how a sentence lists things."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def plural(n: int, one: str, many: str | None = None) -> str:
    """ "1 region", "2 regions", "1,204 records": the tests look for "1 regions"."""
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


def the_regions(regions: list[str]) -> str:
    """ "the bulbar region", "the cervical and lumbosacral regions"."""
    noun = "region" if len(regions) == 1 else "regions"
    return f"the {listed(regions)} {noun}"


def note(
    code: str,
    regions: list[str] | None = None,
    muscles: list[str] | None = None,
    **values: str,
) -> str:
    """A note in words. An unknown code raises KeyError: a note without its template would
    print its code words ("fasciculations alone are not clinical lmn studied")."""
    return NOTE[code].format(
        regions=the_regions(regions or []), muscles=listed(muscles or []), **values
    )


#: What an EMG summary can leave out that a muscle definition (A.2) needs.
OPEN_EMG = {
    "chronic_neurogenic_change": "whether there was chronic neurogenic change",
    "active_denervation_el-escorial": (
        "whether the active denervation included fibrillation potentials or positive sharp "
        "waves (revised El Escorial does not count fasciculation potentials)"
    ),
    "active_denervation_awaji": "whether there was active denervation",
    "independent_muscles": (
        "whether the changes were in two muscles of different roots and different nerves"
    ),
    "independent_across_sources": (
        "whether the changes reported separately (per side, or beside the muscle records) "
        "lie in two muscles of different roots and different nerves"
    ),
    "side_of_changes": "on which side the changes lie (the two-limb reading counts limbs)",
    "accessory_muscles_only": (
        "whether the changes lie only in sternocleidomastoid or trapezius, which this "
        "reading counts as cervical muscles"
    ),
    "accessory_muscle_from_bulbar": (
        "whether the bulbar summary rests on sternocleidomastoid or trapezius, which this "
        "reading counts as cervical: one of them may pair with the cervical findings"
    ),
    "weakness_and_wasting": (
        "whether the clinical LMN signs were both weakness and wasting (Gold Coast needs both; "
        "revised El Escorial and Awaji count either)"
    ),
    "pair_with_fibrillation_potentials": (
        "whether both independent muscles had fibrillation potentials or positive sharp "
        "waves, not only fasciculation potentials (revised El Escorial counts only those)"
    ),
}


#: The one open question a yes/no clinical LMN flag leaves (A.1 registry input, A.2).
OPEN_FLAG = "weakness_and_wasting"


def open_emg(region: str, missing: list[str], own_summary: bool = True) -> str:
    """What a region's EMG summary, and its clinical LMN flag, leave open. The flag's question
    is said of the region's flag, never of "the summaries" (a flag is not a summary)."""
    emg = [code for code in missing if code != OPEN_FLAG]
    out = []
    if emg:
        said = listed([OPEN_EMG[code] for code in emg])
        whose = f"The {region} summary does not say" if own_summary else "The summaries do not say"
        out.append(f"{whose} {said}.")
    if OPEN_FLAG in missing:
        out.append(open_flags([region]))
    return " ".join(out)


def open_flags(regions: list[str]) -> str:
    """The Gold Coast question left by yes/no clinical LMN flags, said once for the regions."""
    flags = "flag" if len(regions) == 1 else "flags"
    verb = "does" if len(regions) == 1 else "do"
    return (
        f"The yes/no clinical LMN {flags} of {the_regions(regions)} {verb} not say "
        f"{OPEN_EMG[OPEN_FLAG]}."
    )


def open_region_lines(
    regions: list[tuple[str, list[str], str]],
) -> list[tuple[str, str, list[str]]]:
    """The open regions as a reader is told them: (region, missing codes, text) in; (where,
    text, codes) out. Regions open only for their clinical LMN flag are said once together,
    naming them; the others keep their own sentence."""
    flag_only = [region for region, missing, _ in regions if missing == [OPEN_FLAG]]
    out = [
        (region, text, missing)
        for region, missing, text in regions
        if missing != [OPEN_FLAG]
    ]
    if flag_only:
        out.append((", ".join(flag_only), open_flags(flag_only), [OPEN_FLAG]))
    return out


def _open_kinds(missing: Sequence[Sequence[str]]) -> tuple[bool, bool]:
    """(yes/no clinical flags, EMG summaries): which of them leave a category open."""
    flags = any(OPEN_FLAG in codes for codes in missing)
    emg = any(code != OPEN_FLAG for codes in missing for code in codes)
    return flags, emg


def open_sources(missing: Sequence[Sequence[str]]) -> str:
    """What leaves a category open, from the open regions' codes: EMG summaries, yes/no
    clinical LMN flags (a flag is not a summary), or both."""
    flags, emg = _open_kinds(missing)
    if flags and not emg:
        return "the yes/no flags"
    return "the summaries and yes/no flags" if flags else "the summaries"


def what_decides(missing: Sequence[Sequence[str]]) -> str:
    """What would decide a category left open: a muscle-by-muscle report for EMG summaries,
    the signs named for yes/no clinical flags (Gold Coast needs weakness and wasting)."""
    flags, emg = _open_kinds(missing)
    deciders = []
    if emg or not flags:  # as `open_sources`: the summaries unless only flags are open
        deciders.append("a muscle-by-muscle EMG report")
    if flags:
        deciders.append("the clinical LMN signs named (weakness, wasting)")
    return (
        f"The category shown is what {open_sources(missing)} establish; "
        f"{' and '.join(deciders)} would decide it."
    )


def undecided(categories: list[str], gate_open: bool, source: str = "the summaries") -> str:
    """`source` is what leaves it open (see `open_sources`)."""
    allowed = " or ".join(category(c) for c in categories)
    text = f"Cannot be decided from {source} given: the findings allow {allowed}."
    if not gate_open:
        text += " (The category is not met until the prerequisites are, whichever it is.)"
    return text


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
        "docs/criteria.md B.4.1 (S58; Olney 2003, S36; EFNS/PNS 2010, S37; Wijesekera 2009, "
        "S71)",
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
        "Escorial (and Awaji with it) accepts progression \"as determined by history or "
        "examination\" and Gold Coast progression \"by history or repeated clinical "
        "assessment\".",
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


#: Isolated bulbar involvement in words, by what it holds: LMN signs, or UMN signs only
#: (pseudobulbar signs, whose mimics are lesions of the corticobulbar pathways; myasthenia
#: gives no UMN sign, so it is sought where speech or swallowing is weak).
BULBAR_PICTURE: dict[str, dict[str, str]] = {
    "lmn": {
        "picture": "Findings confined to the bulbar region, LMN signs among them",
        "brain": "a brainstem or skull base lesion",
        "myasthenia": " myasthenia gravis",
        "kennedy": (
            ", and in a man Kennedy disease (spinal and bulbar muscular atrophy: androgen "
            "receptor CAG repeat)"
        ),
    },
    "umn_only": {
        "picture": "UMN signs only (pseudobulbar signs), confined to the bulbar region",
        "brain": "bilateral vascular, demyelinating or structural lesions of the "
        "corticobulbar pathways, or a brainstem lesion",
        "myasthenia": ", where speech or swallowing is weak, myasthenia gravis",
        "kennedy": "",
    },
}


#: The nerve conduction findings that point to a treatable mimic, as a sentence names them.
MIMIC_FINDING = {
    "conduction_block": "motor conduction block outside entrapment sites",
    "demyelinating_slowing": "conduction slowing in the demyelinating range",
    "marked_sensory_abnormality": "markedly abnormal sensory conduction",
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


#: A shortfall of the residual rule (A.3.4 gap), as a "missing" line ends: the category it
#: leads to rests on the reading, not on a clause of the criteria.
GAP_SHORTFALL = (
    ", Possible only by the 'gap' reading: with UMN signs only above LMN signs the criteria "
    "give no category, and this tool calls it Possible"
)


#: The residual rule as one alternative among the clauses (A.3.4 gap): what it adds is the
#: one pattern no clause names.
GAP_PATTERN = (
    "UMN signs only in a region above the regions with LMN signs (for example bulbar UMN "
    "signs and LMN signs in the legs): the criteria give this pattern no category; Possible "
    "only by the 'gap' reading"
)


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


# --- the evidence behind a rule, as the terminal and the page say it ------------------------

#: A limb region's side, as a clinician names the limb (criteria.md A.1: per limb). Keyed by
#: the region's name (a Region is its name).
LIMB = {
    ("cervical", "left"): "left arm",
    ("cervical", "right"): "right arm",
    ("lumbosacral", "left"): "left leg",
    ("lumbosacral", "right"): "right leg",
}

#: A flag given yes, in words: the sign is reported, not named.
FLAG_WORDS = {
    "umn": "UMN signs: yes (flag; signs not named)",
    "lmn": "LMN signs: yes (flag; weakness or wasting, not named)",
}

#: Short forms, where a limb's tag or a trace line has a few words of room.
FLAG_SHORT = {"umn": "UMN (flag)", "lmn": "LMN (flag)"}


def where(region: str, summary: str) -> str:
    """An `emg_summaries` entry ("region", "left", "right") in words."""
    if summary == "region":
        return "whole region"
    return LIMB.get((region, summary), f"{summary} side")


def emg_as_reported(region: str, summaries: list[str]) -> str:
    """ "EMG as reported (summary): whole region, right leg", or "" without one."""
    if not summaries:
        return ""
    return "EMG as reported (summary): " + ", ".join(where(region, s) for s in summaries)


def flags_short(reported: list[str]) -> str:
    """ "flags: UMN yes, LMN yes (signs not named)", for a rule's evidence."""
    return "flags: " + ", ".join(f"{f.upper()} yes" for f in reported) + " (signs not named)"


def _short(kind: str, sign: str) -> str:
    return label(kind, sign).split(" (")[0]


def side_words(region: str, side: SideEvidence, short: bool = False) -> tuple[str, list[str]]:
    """(the limb, what it showed), in full or, `short`, in the few words a tag has room for."""
    shown = [_short("umn_signs", s) if short else label("umn_signs", s) for s in side.umn_signs]
    shown += [_short("lmn_signs", s) if short else label("lmn_signs", s) for s in side.lmn_signs]
    shown += [
        FLAG_SHORT[f] if short and f in FLAG_SHORT else FLAG_WORDS.get(f, f)
        for f in side.reported_flags
    ]
    return LIMB.get((region, side.side), f"{side.side} side"), shown


def muscle_words(traced: str) -> str:
    """A traced muscle ("tibialis_anterior (right)") by its catalogue name, side kept."""
    from alscriteria.anatomy.catalogue import catalogue

    key, sep, rest = traced.partition(" (")
    known = catalogue().get(key)
    return (known.name if known else key.replace("_", " ")) + (sep + rest if sep else "")


def withheld_words(entry: str) -> str:
    """ "biceps_brachii (right): lymphedema of that limb" with the muscle in words."""
    muscle, _, why = entry.rpartition(": ")  # a custom muscle's name may hold ": " too
    return f"{muscle_words(muscle)}: {why}"


def evidence_line(ev: FiringEvidence, muscle: Callable[[str], str] = muscle_words) -> str:
    """One region's evidence for a rule that fired: "cervical: UMN: Hoffmann sign; LMN:
    Weakness; EMG: ...; left arm: ...". `muscle` words a traced muscle."""
    region = ev.region.value
    parts = []
    if ev.umn_signs:
        parts.append("UMN: " + ", ".join(label("umn_signs", s) for s in ev.umn_signs))
    if ev.lmn_signs:
        parts.append("LMN: " + ", ".join(label("lmn_signs", s) for s in ev.lmn_signs))
    if ev.emg_muscles:
        parts.append("EMG: " + ", ".join(muscle(m) for m in ev.emg_muscles))
    if ev.emg_summaries:
        parts.append(emg_as_reported(region, ev.emg_summaries))
    if ev.reported_flags:
        parts.append(flags_short(ev.reported_flags))
    for side in ev.sides:
        limb, shown = side_words(region, side, short=True)
        if shown:
            parts.append(f"{limb}: " + ", ".join(shown))
    return f"{region}: " + ("; ".join(parts) or "no findings")


# --- the motor phenotype (criteria.md A.6) ----------------------------------------------

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
    "progressive_muscular_atrophy": (
        "Progressive muscular atrophy: LMN involvement only, in {lmn}, and no UMN sign; UMN "
        "signs appear later in about a fifth of patients.",
        "docs/criteria.md A.6 (Wijesekera 2009, S71; Kim 2009, S73)",
    ),
    "pls_definite": (
        "Primary lateral sclerosis, definite: UMN signs only, in {umn}, {years} years from "
        "onset (4 years or more).",
        _PHENOTYPE_SOURCE["pls"],
    ),
    "pls_probable": (
        "Primary lateral sclerosis, probable: UMN signs only, in {umn}, {years} years from "
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
        "UMN-predominant: UMN signs only, in {umn}, {years} years from onset. The latest "
        "needle study ({needle_date}, {needle_years} years from onset) came before the 2 "
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

#: Probable PLS that its years from onset would make definite but its latest needle study,
#: done under 4 years from onset, does not (the criteria grade by when active LMN
#: degeneration was shown absent, S70).
PHENOTYPE_BY_NEEDLE_STUDY = {
    "pls_probable": (
        "Primary lateral sclerosis, probable: UMN signs only, in {umn}, {years} years from "
        "onset, but the latest needle study without active LMN degeneration was done "
        "{needle_date}, {needle_years} years from onset; definite needs a needle EMG from "
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


def _muscle_names(muscles: Sequence[str]) -> str:
    names: list[str] = []
    for muscle in muscles:
        name = muscle.split(" (")[0]
        name = name[:1].lower() + name[1:]
        if name not in names:
            names.append(name)
    return listed(names)


def accessory_aside(muscles: Sequence[str]) -> str:
    """The sentence for a bulbar region set aside, the muscles named once each, in words."""
    return ACCESSORY_ASIDE.format(muscles=_muscle_names(muscles))


#: After the regions of a pattern flag: the bulbar region set aside, and what it rests on.
RESTING_ON_ACCESSORY = (
    " with the bulbar region resting on the {muscles} alone (counted as bulbar by the "
    "default reading; Zhao 2025, S75),"
)


def resting_on_accessory(where: str, muscles: Sequence[str]) -> str:
    """A pattern flag's regions (`where`) with the clause for a bulbar region set aside."""
    lead = where if where.endswith(",") else where + ","
    return lead + RESTING_ON_ACCESSORY.format(muscles=_muscle_names(muscles))


#: The flail arm and flail leg definitions allow pathological reflexes, not tone or clonus.
_FLAIL_UMN = {
    False: "no UMN sign",
    True: (
        "with no UMN sign other than pathological reflexes (in {umn}), which the definition "
        "allows (Wijesekera 2009)"
    ),
}

#: How long a UMN-only picture has lasted, when a sentence says it.
PHENOTYPE_DURATION = {
    True: ", {years} years from onset",
    False: "; the duration is not known here",
}

#: With another cause recorded (`alternative_diagnosis`), each code in words as the pattern
#: of the findings: no ALS form named, no ALS prognosis (A.6).
PHENOTYPE_PATTERN: dict[str, str] = {
    "classic": "Pattern of findings: UMN signs in {umn} and LMN involvement in {lmn}.",
    "progressive_bulbar_palsy": (
        "Pattern of findings: every finding lies in the bulbar region, LMN involvement among "
        "them."
    ),
    "flail_arm": "Pattern of findings: LMN involvement confined to the arms, {umn_clause}.",
    "flail_leg": "Pattern of findings: LMN involvement confined to the legs, {umn_clause}.",
    "lmn_one_arm": "Pattern of findings: LMN involvement confined to one arm, {umn_clause}.",
    "lmn_one_leg": "Pattern of findings: LMN involvement confined to one leg, {umn_clause}.",
    "progressive_muscular_atrophy": (
        "Pattern of findings: LMN involvement only, in {lmn}, and no UMN sign."
    ),
    "umn_only": "Pattern of findings: UMN signs only, in {umn}.",
}

#: The UMN signs beside LMN involvement confined to one limb region, as a pattern.
_PATTERN_UMN = {
    False: "and no UMN sign",
    True: "with pathological reflexes (in {umn}) as the only UMN sign",
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
}


def regions_phrase(regions: list[str]) -> str:
    """ "the bulbar region", "the cervical and lumbosacral regions"."""
    noun = "region" if len(regions) == 1 else "regions"
    return f"the {listed(regions)} {noun}" if regions else "no region"


#: After the LMN regions of a phenotype or a pattern flag: where that involvement is EMG
#: evidence alone (no weakness or wasting recorded), keyed by whether it is all of them.
LMN_EMG_ONLY = {
    True: " (EMG evidence alone: no weakness or wasting is recorded)",
    False: " (EMG evidence alone in {regions})",
}

#: The limbs a confined pattern flag names, by region and whether the per-limb record shows
#: one limb only, and the arm picture it is: flail arm is bilateral (S71, S88).
CONFINED_LIMBS = {
    ("cervical", False): {"limbs": "the arms", "picture": "a flail-arm picture"},
    ("cervical", True): {
        "limbs": "one arm",
        "picture": "not flail arm, which involves both arms, unless the other arm follows",
    },
    ("lumbosacral", False): {"limbs": "the legs"},
    ("lumbosacral", True): {"limbs": "one leg"},
}

#: What a pattern red flag calls the LMN involvement it rests on, keyed by whether it is
#: EMG evidence alone (A.2: fasciculation potentials with chronic change are not signs).
LMN_KIND = {False: "LMN signs", True: "EMG evidence of LMN involvement"}


def lmn_where(clinical: Sequence[str], emg_only: Sequence[str]) -> str:
    """ "LMN signs in the cervical region, EMG evidence of LMN involvement in the
    lumbosacral region,": a pattern flag's regions, each kind named for what it is (a
    clause after both kinds closes with a comma, so the flag's "and" reads on)."""
    parts = [
        f"{LMN_KIND[kind]} in {regions_phrase(list(regions))}"
        for kind, regions in ((False, clinical), (True, emg_only))
        if regions
    ]
    return ", ".join(parts) + ("," if len(parts) > 1 else "")


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


def phenotype(
    code: str,
    umn: list[str],
    lmn: list[str],
    years: int | None,
    pattern_only: bool = False,
    needle: tuple[int, date, date] | None = None,
    emg_only: Sequence[str] = (),
) -> tuple[str, str]:
    """A phenotype's sentence and source, the regions and years filled in. `pattern_only`
    (another cause recorded): the pattern of the findings, no ALS form and no prognosis.
    `needle`: the years and date of the needle study that holds a UMN-only picture below
    the grade of its years, and the date from which a new study reaches it. `emg_only`: the
    LMN regions whose involvement is EMG evidence alone."""
    template, source = PHENOTYPE[code]
    if needle is not None and code in PHENOTYPE_BY_NEEDLE_STUDY:
        template = PHENOTYPE_BY_NEEDLE_STUDY[code]
    clauses = _FLAIL_UMN
    if pattern_only and code != "no_motor_signs":
        template = PHENOTYPE_PATTERN.get(code, PHENOTYPE_PATTERN["umn_only"])
        template += " " + PHENOTYPE_PATTERN_ONLY[0]
        source, clauses = PHENOTYPE_PATTERN_ONLY[1], _PATTERN_UMN
    umn_words = regions_phrase(umn)
    shown_years = "" if years is None else str(years)
    return (
        template.format(
            umn=umn_words,
            lmn=lmn_regions_words(lmn, emg_only),
            years=shown_years,
            umn_clause=clauses[bool(umn)].format(umn=umn_words),
            duration=PHENOTYPE_DURATION[years is not None].format(years=shown_years),
            needle_years="" if needle is None else needle[0],
            needle_date="" if needle is None else needle[1].isoformat(),
            needle_due="" if needle is None else needle[2].isoformat(),
        ),
        source,
    )


def phenotype_needs(needs: Sequence[str]) -> str:
    """ "Not recorded in the case, so not checked: ..." or "" when nothing is missing."""
    if not needs:
        return ""
    return "Not checked here: " + listed(
        [PHENOTYPE_NEED[n] for n in needs]
    ) + "."
