"""The repeat-testing plan and the red flags in words (criteria.md A.4, A.5): the plan's
situations, the muscle reasons, the upgrade paths, and the sayings that word the plan's models
(`PlanItem`, `MuscleSuggestion`, `Plan`) from their codes and values. Each item's sentence and
source is in `plan_items.py` (PLAN_ITEM, one table).

About 430 lines: the plan's three sayings share the phrases that name muscles, regions and
findings (a pair, a second look, the needle barred), and a phrase fixed in one saying must
read the same in the others.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import cache
from typing import Any

from alscriteria.anatomy.catalogue import Muscle, catalogue, muscle_label, root_span
from alscriteria.anatomy.vocabulary import label
from alscriteria.wording.categories import PREREQUISITE
from alscriteria.wording.common import field, listed, regions_phrase, the_regions
from alscriteria.wording.flags import FLAG_PHRASES, mimic_findings
from alscriteria.wording.plan_items import PLAN_ITEM
from alscriteria.wording.sayings import Saying

MUSCLE_REASON = {
    "single_muscle_region": "{muscle}: one abnormal muscle makes the {region} region EMG-positive",
    "anticoagulation_alternative": (
        "{muscle}: a more superficial alternative for the {region} region "
        "(anticoagulation: deep, non-compressible muscles such as the paraspinals are avoided)"
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

#: How a path EMG can reach is sought where the needle waits on something (`waits_on`).
PATH_WAITS = {
    "mimic_workup": "EMG can look for this once the mimic work-up has found no treatable cause"
}

#: A path whose category rests on a reading (A.3.4), said after how it can be sought.
PATH_READING = {
    "gap": (
        "only by the 'gap' reading: UMN signs only above LMN signs, a pattern the criteria "
        "give no category, which this tool calls Possible"
    ),
    # revised El Escorial's laboratory support counted by EMG regions, the default reading
    # (B.7 A1: the Brooks text says two limbs); short, as the page's narrow column shows it
    "lab_supported_emg": "only if EMG regions, not limbs, count",
}

#: A path whose EMG region has every limb barred to the needle (A.4), as its line ends.
PATH_BARRED = "EMG cannot reach this now: both limbs of the {regions} are barred to the needle"


def path_how(
    emg_obtainable: bool,
    reading: str | None,
    barred: Sequence[str] = (),
    waits_on: str | None = None,
) -> str:
    """ "EMG can look for this now", and the reading the category rests on, if any. A path
    whose EMG region is barred says so, not that it needs clinical findings; one whose
    needle waits on the mimic work-up says that, never "now"."""
    if barred:
        how = PATH_BARRED.format(regions=regions_phrase(list(barred)).removeprefix("the "))
    elif emg_obtainable and waits_on is not None:
        how = PATH_WAITS[waits_on]
    else:
        how = PATH_HOW[emg_obtainable]
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


def exclusion_not_restated(visit: int) -> str:
    """After `visit_waits`, where an earlier visit recorded other causes excluded and this
    one leaves it blank (A.5: a visit's own, never carried)."""
    return (
        f"Other causes were recorded as excluded at visit {visit}, but not at this visit "
        "(each visit records its own): confirm that the exclusion still holds."
    )


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
    reason = muscle_reason(code, **phrases(fields))
    after = fields["values"].get("after")
    return {"reason": f"{reason}; {MUSCLE_AFTER[after]}" if after is not None else reason}


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


def clinical_findings_words(kinds: list[str], together: bool) -> str:
    """The clinical findings a path needs, as the criteria ask them: "UMN signs and clinical
    LMN signs" where every path needs both (revised El Escorial's: "or" would say one is
    enough), "or" where the paths differ."""
    return (" and " if together else " or ").join(CLINICAL_FINDING[k] for k in kinds)


def then_emg_words(regions: list[str]) -> str:
    """The EMG a path takes beside its clinical finding once that is found (Awaji counts EMG
    as LMN evidence, A.3.2), so that "EMG cannot raise" is not read as "no EMG will be
    needed"; empty where no path needs any."""
    if not regions:
        return ""
    where = regions[0] if len(regions) == 1 else f"{', '.join(regions[:-1])} or {regions[-1]}"
    return (
        f"; once they are found, needle EMG of the {where} region can supply the LMN "
        "evidence a path also needs there"
    )


def _emg_cannot_raise(values: Mapping[str, Any]) -> dict[str, str]:
    out = {
        "findings": clinical_findings_words(list(values["findings"]), bool(values.get("together"))),
        "then": then_emg_words(list(values.get("then_emg") or [])),
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


def _signs_resolved(values: Mapping[str, Any]) -> dict[str, str]:
    """ "cervical region, Hoffmann sign and wasting (visit 1)", region by region: the UMN
    signs as the vocabulary names them, weakness and wasting as words."""
    by_region: dict[tuple[str, str], list[str]] = {}
    for entry in values["lost"]:
        region, sign, visit = str(entry).split(":")
        said = sign if sign in ("weakness", "wasting") else label("umn_signs", sign)
        by_region.setdefault((region, visit), []).append(said)
    parts = [
        f"{region} region, {listed(signs)} (visit {visit})"
        for (region, visit), signs in by_region.items()
    ]
    return {"lost": "; ".join(parts)}


#: What the examination found above the neck, beside the bulbar symptoms a visit records.
EXAMINED_NOTHING = "Nothing above the neck on examination"
NOT_EXAMINED = "The bulbar region was not examined at this visit"


def _bulbar_symptoms(values: Mapping[str, Any]) -> dict[str, str]:
    """ "ALSFRS-R speech 3, swallowing 3; bulbar functional involvement recorded since visit
    2": the form's bulbar items below 4, and the region recorded (by an earlier visit)."""
    parts = []
    items = [str(entry).split(":") for entry in values["items"]]
    if items:
        parts.append("ALSFRS-R " + ", ".join(f"{item} {score}" for item, score in items))
    if values["recorded"]:
        since = values.get("recorded_from")
        parts.append(
            "bulbar functional involvement recorded" + (f" since visit {since}" if since else "")
        )
    if values["examined"]:
        return {"examination": EXAMINED_NOTHING, "record": "; ".join(parts), "look": "re-examine"}
    return {"examination": NOT_EXAMINED, "record": "; ".join(parts), "look": "examine"}


def _mimic_workup(values: Mapping[str, Any]) -> dict[str, str]:
    return {"findings": mimic_findings(values["findings"])}


#: A plan item's phrases, by code, from the values it carries (`PlanItem.values`): the
#: plan's own here, the red flags' in `wording/flags.py`. A code in neither names nothing.
PLAN_PHRASES: dict[str, Phrases] = {
    "airway_haematoma": _muscles,
    "sheath_haematoma": _muscles,
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
    "mimic_workup_before_exclusion": _mimic_workup,
    "signs_resolved": _signs_resolved,
    "bulbar_symptoms_beside_cord_flag": _bulbar_symptoms,
    **FLAG_PHRASES,
}


#: What a repeat EMG, a muscle or a path waits on (`values.after`, `Upgrade.waits_on`), as
#: its sentence ends: a finding that points to a treatable mimic is worked up first, and
#: needle EMG that looks for ALS evidence does not replace that work-up (A.4, B.4.1; the
#: tool's reading), though EMG of a region without a block may help tell the two apart
#: (thoracic and cranial EMG, B.4.3, S29). "Found no treatable cause", not "leaves ALS in
#: question", which reads as the opposite (the session 12 clinical review).
AFTER = {
    "mimic_workup": (
        "Only once the mimic work-up above has found no treatable cause: more needle EMG "
        "does not replace that work-up, though EMG of a region without a block may help it "
        "tell ALS from the mimic.",
        "B.4.1 (S36, S37, S139); B.4.3 (S29)",
    ),
}
MUSCLE_AFTER = {"mimic_workup": "only once the mimic work-up has found no treatable cause"}


def say_plan_item(fields: Mapping[str, Any]) -> dict[str, str]:
    code = fields["code"]
    values = fields["values"]
    phrases = PLAN_PHRASES.get(code)
    text, source = plan_item(code, **(phrases(values) if phrases else {}))
    after = values.get("after")
    if after is not None:
        waits, cited = AFTER[after]
        text, source = f"{text} {waits}", f"{source}; {cited}"
    return {"text": text, "source": source}


#: Why a muscle normal when last sampled comes after the others of its region (A.4, B.4.2),
#: by its caution code (data/needle_cautions.csv), and the source: as the plan orders the
#: muscles it suggests (airway_alternative, chest_wall_alternative). Said alike by the single
#: visit's plan (`spared_later`) and a history's next visit (`later`). No ": " in a reason
#: (the front ends split the muscle off at the last one: withheld_words).
LATER = {
    "airway_haematoma": (
        "the patient is anticoagulated and a tongue or floor-of-mouth haematoma can threaten "
        "the airway, so masseter or a facial muscle first, and the tongue only if the bulbar "
        "result is still needed",
        "docs/criteria.md A.4, B.4.2 (S44)",
    ),
    "pneumothorax_risk": (
        "it lies over the lung and chest wall needling is to be avoided, so after the "
        "region's other muscles",
        "docs/criteria.md A.4, B.4.2 (S66, S67)",
    ),
}

#: The plan's line for the muscles normal this visit that are not to be sampled first.
SPARED_LATER = "Previously spared, not to be sampled first: {muscles}"


def later_words(sites: Iterable[Any]) -> list[str]:
    """Each muscle put after the others of its region, as "genioglossus: the patient is
    anticoagulated ... [source]" (the front ends word the muscle: withheld_words); `sites`
    are LaterSite models or their JSON."""
    out = []
    for site in sites:
        where = muscle_label(field(site, "muscle"), field(site, "side"))
        why, source = LATER[field(site, "caution")]
        out.append(f"{where}: {why} [{source}]")
    return out


def say_plan_reason(fields: Mapping[str, Any]) -> dict[str, Any]:
    missing = fields["values"].get("missing", ())
    return {
        "reason_text": plan_reason(fields["reason"], missing),
        "spared_later": later_words(fields.get("spared_later_sites", ())),
    }


#: The models this room words, by kind (see `wording/voice.py`): the plan's items and the
#: red flags (`PlanItem`), the muscles it suggests, and its situation.
SAYINGS: dict[str, Saying] = {
    "plan_item": say_plan_item,
    "muscle_reason": say_muscle_reason,
    "plan_reason": say_plan_reason,
}
