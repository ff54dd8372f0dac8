"""Notes beside a result and what EMG could still decide, in words."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from alscriteria.anatomy.vocabulary import label
from alscriteria.wording.categories import category
from alscriteria.wording.common import field, listed, muscle_names, muscle_words, the_regions
from alscriteria.wording.plan import second_look
from alscriteria.wording.sayings import Saying

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
    "gold_coast_unlisted_umn_signs": (
        "Gold Coast lists as UMN dysfunction increased and pathological reflexes, spasticity, "
        "and slowed, poorly coordinated movement not due to LMN weakness (B.3.2); in {regions} "
        "the UMN evidence rests on {signs} alone, which that list does not name{beside}. The "
        "engine counts {them} in every criteria set (A.1): look for a sign Gold Coast lists "
        "before relying on its category."
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
        'catalogue with its region, its root and its nerve, for example muscle "C7 '
        'paraspinal", region cervical, roots ["C7"], nerve "C7 dorsal ramus".'
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


#: Notes that name their muscles as the clinic does, by catalogue name and side, in the order
#: of those names ("Trapezius (upper) (right)"); the others by the muscles' keys' order.
NOTES_NAMING_MUSCLES = frozenset(
    {"paraspinals_never_independent", "bulbar_emg_by_accessory_muscle_only"}
)

_SIDES = (" (left)", " (right)")


def _clinic_name(muscle: str) -> str:
    """A note's muscle ("trapezius (right)": its key, the side in brackets) by the name the
    study gives it: the catalogue's, or a muscle's own name outside it, side kept."""
    from alscriteria.anatomy.catalogue import catalogue  # as `muscle_words`: when first used

    key, side = muscle, ""
    for suffix in _SIDES:
        if muscle.endswith(suffix):
            key, side = muscle[: -len(suffix)], suffix
    known = catalogue().get(key)
    return (known.name if known else key.replace("_", " ")) + side


def _note_template(code: str, values: Mapping[str, Any]) -> str:
    """The template of a note that one of its values words another way (the reading, or
    whether the regions were studied); the code's own otherwise."""
    if code == "limb_muscles_share_root_or_nerve":
        if values.get("root_independence") == "not-identical":
            return "limb_muscles_share_nerve_or_roots"
    elif code == "no_laboratory_supported_category":
        if values.get("probable") == "aggregate":
            return "no_laboratory_supported_category_aggregate"
    elif code == "fasciculations_alone_are_not_clinical_lmn" and values.get("studied"):
        return "fasciculations_alone_are_not_clinical_lmn_studied"
    return code


def _note_values(code: str, values: Mapping[str, Any]) -> dict[str, str]:
    """The phrases a template's own placeholders take, from the note's values (codes)."""
    if code in ("residual_possible_used", "pattern_not_covered"):
        return {
            "umn_regions": the_regions(list(values["umn_regions"])),
            "lmn_regions": the_regions(list(values["lmn_regions"])),
        }
    if code == "gold_coast_unlisted_umn_signs":
        signs = [str(s) for s in values["signs"]]
        return {
            "signs": listed([label("umn_signs", s).lower() for s in signs]),
            "beside": " (loss of dexterity beside weakness or wasting may be that weakness)"
            if "loss_of_dexterity" in signs
            else "",
            "them": "it as an UMN sign" if len(signs) == 1 else "them as UMN signs",
        }
    if code == "bulbar_emg_by_accessory_muscle_only":
        names = muscle_names([muscle_words(key) for key in values["second_look"]])
        return {"second_look": second_look(names, airway=values["anticoagulated"])}
    return {}


def note_words(fields: Mapping[str, Any]) -> dict[str, str]:
    """A `Note`'s text from its code, regions (codes), muscles (keys, side in brackets) and
    values: which template, the regions and muscles named, its own placeholders filled."""
    code: str = fields["code"]
    values: Mapping[str, Any] = fields["values"]
    template = _note_template(code, values)
    muscles = fields["muscles"]
    if code in NOTES_NAMING_MUSCLES:
        named = sorted({_clinic_name(m) for m in muscles})
    else:
        named = [muscle_words(m) for m in muscles]
    regions = [str(r) for r in fields["regions"]]
    return {"text": note(template, regions, named, **_note_values(code, values))}


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
    out = [(region, text, missing) for region, missing, text in regions if missing != [OPEN_FLAG]]
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


def open_region_words(fields: Mapping[str, Any]) -> dict[str, str]:
    """An `OpenRegion`'s text from its region, its missing codes and whether the region has
    a summary of its own."""
    return {"text": open_emg(str(fields["region"]), fields["missing"], fields["own_summary"])}


def undecided_words(fields: Mapping[str, Any]) -> dict[str, str]:
    """An `Undecided`'s text from the pattern categories it allows, whether the category is
    held at not met (prerequisites unmet: `categories` is then that alone, while the pattern
    allows two or more), and the open regions' missing codes."""
    patterns = [str(c) for c in fields["pattern_categories"]]
    held = [str(c) for c in fields["categories"]] != patterns
    missing = [field(r, "missing") for r in fields["regions"]]
    return {"text": undecided(patterns, not held, open_sources(missing))}


#: The models this room words, by kind (see `wording/voice.py`).
SAYINGS: dict[str, Saying] = {
    "note": note_words,
    "open_region": open_region_words,
    "undecided": undecided_words,
}
