"""What to do at the next visit, in words (criteria.md A.4, B.4.4; A.3, A.5): the next visit's
plan, the muscles to sample first, the bulbar region to confirm, and the prompt to revisit
another cause that the findings have gone beyond (at the visit that restates it, or as the
next visit's plan). One job: the history's advice for the visit to come.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from alscriteria.anatomy.catalogue import muscle_label
from alscriteria.criteria import CRITERIA
from alscriteria.wording.common import field, listed
from alscriteria.wording.plan import LATER, later_words, waits_on
from alscriteria.wording.progression import change_words, visit_when
from alscriteria.wording.sayings import Saying

NEXT_VISIT_SOURCE = (
    "criteria.md A.4 (heuristic); B.4.4 (serial 3-monthly EMG, S14; 6 months to show "
    "progression, S6)"
)


#: Another cause restated beside new findings (criteria.md A.3 prerequisites; A.5 changes).
REVISIT = {
    "visit": (
        "The other cause is restated, but there are new findings since {when} recorded it "
        "({changes}): revisit it. While it stands no criteria set can be met (A.3); "
        "involvement beyond its territory is what makes a clinician look again (A.5)."
    ),
    "next_visit": (
        "Another cause is recorded at the last visit ({diagnosis}), but there are new "
        "findings since {when} recorded it ({changes}): revisit it at the next visit. "
        "No EMG is planned to look for ALS evidence while it stands; once it is set aside, "
        "the criteria sets' plans apply."
    ),
}

REVISIT_SOURCE = "criteria.md A.3 (prerequisites), A.5 (changes between visits)"


def say_revisit(fields: Mapping[str, Any]) -> dict[str, str]:
    """An `AlternativeRevisit`'s sentence: the diagnosis, the visit that first recorded it
    and what is new since (each change worded from its codes)."""
    return {"text": _revisit_words(fields, "visit")}


def _revisit_words(revisit: Any, where: str) -> str:
    return revisit_text(
        field(revisit, "diagnosis"),
        field(revisit, "recorded_visit"),
        field(revisit, "recorded_date"),
        [change_words(c) for c in field(revisit, "changes")],
        where=where,
    )


def say_next_visit(fields: Mapping[str, Any]) -> dict[str, str]:
    """A `NextVisit`'s sentence and source, from its reason, the criteria sets' plan reasons,
    the regions (needled, never needled, to study first) and `values` (codes and flags)."""
    values = fields["values"]
    reasons = fields["plan_reasons"].values()
    revisit = fields["reason"] == "revisit_alternative_diagnosis"
    contradicted = None if revisit else fields.get("contradicted")
    if revisit:
        text = _revisit_words(fields["revisit"], "next_visit")
    else:
        text = next_visit_text(
            bool(values["planned"]),
            [str(r) for r in fields["never_sampled"]],
            all(r == "fasciculations_only" for r in reasons),
            [str(r) for r in fields["study_first"]],
            studied_before=bool(fields["regions"]),
            barred=list(values["barred"]),
            yearly=bool(values["yearly"]),
            static=bool(values.get("static")),
            waits=[str(m) for m in values.get("waits_on") or []],
            reexamine=_reexamine_words(values),
            first_study=fields["reason"] == "first_study",
            another_cause=all(r == "alternative_diagnosis_recorded" for r in reasons),
            confirm_bulbar=bool(values["confirm_bulbar"]),
            confirming=contradicted is not None,
        )
    source = NEXT_VISIT_SOURCE
    if contradicted is not None:
        text = f"{contradicted_words(contradicted)} {text}"
        source = f"{source}; {CONTRADICTED_SOURCE}"
    if values.get("mimic_workup") and fields["reason"] == "repeat_emg":
        return {"text": f"{MIMIC_FIRST} {text}", "source": f"{source}; {MIMIC_SOURCE}"}
    return {"text": text, "source": source}


#: The next visit after a last visit whose file says 'no' to progression while the findings
#: of two visits document it (A.5: the file wins, so the plans read the 'no'): the record is
#: confirmed before a static course's 6-month wait is planned (review 12, finding 3).
CONTRADICTED = (
    "The findings since {when} contradict 'progression: no' at the last visit ({changes}): "
    "confirm the record before planning a 6-month wait; if the findings are right, record "
    "progression and assess the visit again (the plans read the 'no')."
)
#: How a static course's sentence begins (`STATIC_COURSE`): as recorded, or, after the
#: confirmation `CONTRADICTED` asks for, as what follows if the 'no' is confirmed.
STATIC_HEAD = "Progression is recorded as absent at the last visit: re-examine in about 6 months"
CONFIRMED_STATIC = "If the 'no' is confirmed, re-examine in about 6 months"
CONTRADICTED_SOURCE = "A.5 (progression between examinations at least 6 months apart, S6)"


def contradicted_words(doc: Any) -> str:
    """The confirmation the next visit says first: the earlier visit and what changed since,
    from a `Documentation` or its JSON."""
    return CONTRADICTED.format(
        when=visit_when(field(doc, "earlier_visit"), field(doc, "earlier_date")),
        changes="; ".join(change_words(c) for c in field(doc, "changes")),
    )


#: The next visit after a visit whose plans lead with the work-up of a treatable-mimic
#: finding (A.4, B.4.1): the repeat EMG waits on it, as each plan's repeat says.
MIMIC_FIRST = (
    "First, the work-up of the nerve conduction finding that points to a treatable mimic "
    "(the plans at the last visit name it): the repeat EMG below looks for ALS evidence and "
    "waits on it."
)
MIMIC_SOURCE = "B.4.1 (S36, S37, S139)"


def revisit_text(
    diagnosis: str, visit: int, day: date | str, changes: list[str], where: str = "visit"
) -> str:
    """The prompt to revisit another cause: at the visit that restates it, or as the next
    visit's plan (`where="next_visit"`)."""
    return REVISIT[where].format(
        when=visit_when(visit, day), diagnosis=diagnosis, changes="; ".join(changes)
    )


def next_visit_text(
    planned: bool,
    never_sampled: list[str],
    fasciculations_only: bool,
    study_first: list[str] | None = None,
    studied_before: bool = False,
    barred: list[str] | None = None,
    yearly: bool = False,
    first_study: bool = False,
    another_cause: bool = False,
    confirm_bulbar: bool = False,
    static: bool = False,
    waits: Sequence[str] = (),
    reexamine: str | None = None,
    confirming: bool = False,
) -> str:
    """The next visit in a sentence or two; `reexamine`: what the plans that EMG cannot
    raise look for at the re-examination, worded (`_reexamine_words`); `confirm_bulbar`
    adds the confirmation a bulbar region resting on the trapezius or sternocleidomastoid
    alone asks for (A.4, B.0); `static`: progression is recorded as absent at the last visit
    (A.4, A.5); `confirming`: the sentence follows the confirmation of that record the
    findings contradict (`contradicted_words`), so the wait is what follows if it holds."""
    if static and not another_cause and not first_study:
        never = f"; never sampled: {listed(never_sampled)}" if planned and never_sampled else ""
        head = CONFIRMED_STATIC if confirming else STATIC_HEAD
        text = STATIC_COURSE[planned].format(head=head, never=never)
        return f"{text} {CONFIRM_BULBAR}" if confirm_bulbar else text
    text = _next_visit_text(
        planned,
        never_sampled,
        fasciculations_only,
        study_first,
        studied_before,
        barred,
        yearly,
        first_study,
        another_cause,
        waits,
        reexamine,
    )
    return f"{text} {CONFIRM_BULBAR}" if confirm_bulbar and not another_cause else text


#: The next visit when progression is recorded as absent at the last visit, keyed by whether
#: a plan asks for EMG with the re-examination (A.4: "re-examine in about 6 months", no
#: 3-month interval; A.5: examinations at least 6 months apart, S6).
STATIC_COURSE = {
    True: (
        "{head} (progression is shown by examinations at least 6 months apart) and repeat the EMG "
        "with that re-examination, not sooner, previously spared muscles first{never}; a "
        "course that stays static argues against ALS: review the other causes."
    ),
    False: (
        "{head} (progression is shown by examinations at least 6 months apart); no EMG is "
        "planned before then; a course that stays static argues against ALS: review the other "
        "causes."
    ),
}


#: No EMG asked for at the last visit; and the same where the plans wait on a prerequisite
#: first (A.3: what they ask for instead, so the next visit is not read as "nothing to do").
NO_REPEAT = "No repeat EMG planned by the criteria sets' plans at the last visit."
NO_REPEAT_WAITING = (
    "No repeat EMG planned by the criteria sets' plans at the last visit: no criteria set "
    "can be met until {missing}, and the plans at the last visit say how (A.3)."
)


#: What the plans whose category EMG cannot raise (every path needs new clinical findings,
#: which only the examination shows: A.2, UMN signs are clinical in every criteria set;
#: A.4) look for at the re-examination: the next visit names them rather than "no repeat EMG"
#: alone, which a reader could take for nothing to do.
REEXAMINE_CLINICAL = (
    "EMG alone cannot raise the category now, and only the examination shows what comes "
    "first: {needs}. Re-examine in about 3 months, looking at: {regions} (A.2, A.4)."
)

#: What a set's plan needs at the re-examination (history/next_visit.py `_reexamine`).
REEXAMINE_NEEDS = {
    "umn": "UMN signs",
    "clinical_lmn": "clinical LMN signs",
    "umn_and_clinical_lmn": "UMN signs and clinical LMN signs",
    "umn_or_clinical_lmn": "UMN signs or clinical LMN signs",
}
REEXAMINE_THEN_EMG = " (needle EMG can then supply the LMN evidence)"
#: The same beside a repeat EMG that another set's plan asks for: the examination at that
#: visit looks for what the needle cannot give.
REEXAMINE_BESIDE = (
    "At that visit, examine for what EMG cannot give: {needs}; look at: {regions} (A.2, A.4)."
)


def _reexamine_words(values: Mapping[str, Any]) -> str | None:
    """`REEXAMINE_CLINICAL` from a next visit's `values`, set by set ("Revised El Escorial
    (2000) needs UMN signs and clinical LMN signs; Awaji-shima (2008) needs UMN signs (needle
    EMG can then supply the LMN evidence)"); None where no plan says EMG cannot raise it."""
    sets = [str(c) for c in values.get("reexamine_sets") or []]
    needs = [str(n) for n in values.get("reexamine_needs") or []]
    if not sets or len(needs) != len(sets):
        return None
    then = set(values.get("reexamine_then_emg") or [])
    alike: dict[tuple[str, bool], list[str]] = {}  # sets that need the same, said once
    for cid, need in zip(sets, needs, strict=True):
        alike.setdefault((need, cid in then), []).append(CRITERIA[cid].title)
    clauses = [
        f"{listed(titles)} {'needs' if len(titles) == 1 else 'need'} {REEXAMINE_NEEDS[need]}"
        + (REEXAMINE_THEN_EMG if emg else "")
        for (need, emg), titles in alike.items()
    ]
    template = REEXAMINE_BESIDE if values.get("planned") else REEXAMINE_CLINICAL
    return template.format(
        needs="; ".join(clauses),
        regions=listed([str(r) for r in values.get("reexamine_regions") or []]),
    )


#: When the next visit's table says each region's EMG is repeated, as its caption's words,
#: by the window the rows give (history/next_visit.py: yearly for a UMN-only picture; with
#: the re-examination for a static course; otherwise 3 to 6 months after the last EMG).
REPEAT_WHEN = {
    "yearly": "about a year after",
    "static": "with the re-examination in about 6 months",
    "repeat": "3 to 6 months after",
}


def repeat_when(values: Mapping[str, Any]) -> str:
    """The caption's words for a next visit's `values`."""
    if values.get("static"):
        return REPEAT_WHEN["static"]
    return REPEAT_WHEN["yearly" if values.get("yearly") else "repeat"]


#: The muscles of a region due for repeat EMG, as the next-visit rows list them (A.4:
#: "concentrating on the muscles that were spared before").
SAMPLING_ROW = {
    "spared": "sample first (normal then): {muscles}",
    "withheld": "normal then, not to be needled now: {muscles}",
    "later": "normal then, not to be sampled first: {muscles}",
    "other_side": "instead, on the other side: {muscles}",
}


#: The next visit's line for a category that rests on an accessory-nerve muscle as bulbar.
CONFIRM_BULBAR = (
    "Confirm the bulbar region at the next visit: the category rests on the trapezius or "
    "sternocleidomastoid alone as bulbar EMG evidence; needle a muscle a cranial nerve "
    "supplies (the plans name it)."
)


def _next_visit_text(
    planned: bool,
    never_sampled: list[str],
    fasciculations_only: bool,
    study_first: list[str] | None,
    studied_before: bool,
    barred: list[str] | None,
    yearly: bool,
    first_study: bool,
    another_cause: bool,
    waits: Sequence[str] = (),
    reexamine: str | None = None,
) -> str:
    if another_cause:
        return (
            "Another cause is recorded at the last visit: no EMG is planned to look for ALS "
            "evidence; re-examine, and revisit that diagnosis if the course departs from it "
            "(for example, weakness, wasting or UMN signs beyond its territory)."
        )
    if first_study:
        return (
            "No needle study yet: a first electrodiagnostic study (nerve conduction and needle "
            "EMG) at the next visit, above all to exclude mimics (B.4.1: conduction block, "
            "demyelination, sensory abnormality), and to look for LMN involvement where the "
            "findings or symptoms point."
        )
    cannot = ""
    if barred:
        noun = "region" if len(barred) == 1 else "regions"
        cannot = (
            f"; the twitching {listed(barred)} {noun} cannot be needled now (lymphedema or "
            "skin infection of both limbs): re-examine there"
        )
    if study_first:
        where = listed(study_first)
        noun = "region" if len(study_first) == 1 else "regions"
        text = (
            f"Fasciculations alone are not evidence of ALS: needle EMG of the twitching {where} "
            f"{noun}, not yet studied"
        )
        if studied_before:
            text += "; no repeat of the regions already studied"
        return text + cannot + "."
    if barred:
        return "Fasciculations alone are not evidence of ALS" + cannot + "."
    if not planned:
        if fasciculations_only:
            return (
                "No repeat EMG planned: fasciculations alone, already studied; re-examine "
                "only if objective weakness, wasting, difficulty speaking or swallowing, "
                "breathlessness or a change in gait appears (twitching and cramps that "
                "persist are not among them)."
            )
        if waits:  # what the plans wait on first (A.3): not "nothing to do"
            return NO_REPEAT_WAITING.format(missing=waits_on(list(waits)))
        if reexamine:  # the plans look to the examination, not the needle (A.2, A.4)
            return f"{NO_REPEAT} {reexamine}"
        return NO_REPEAT
    text = (
        "Repeat EMG about a year after each region's last EMG (UMN signs only), or sooner if "
        "weakness, wasting or fasciculations appear, previously spared muscles first"
        if yearly
        else "Repeat EMG 3 to 6 months after each region's last EMG, previously spared "
        "muscles first"
    )
    if never_sampled:
        text += f"; never sampled: {listed(never_sampled)}"
    return f"{text}. {reexamine}" if reexamine else f"{text}."


__all__ = [
    "CONFIRMED_STATIC",
    "CONFIRM_BULBAR",
    "CONTRADICTED",
    "CONTRADICTED_SOURCE",
    "LATER",
    "MIMIC_FIRST",
    "NEXT_VISIT_SOURCE",
    "NO_REPEAT",
    "NO_REPEAT_WAITING",
    "REPEAT_WHEN",
    "REVISIT",
    "REVISIT_SOURCE",
    "SAMPLING_ROW",
    "STATIC_COURSE",
    "STATIC_HEAD",
    "contradicted_words",
    "next_visit_text",
    "repeat_when",
    "revisit_text",
    "say_next_visit",
    "say_revisit",
]


#: The models this room words, by kind (see `wording/voice.py`).
#: Why a muscle normal when last sampled is not to be needled now (A.4; B.4.2).
BARRIER = {
    "anticoagulation": "deep, non-compressible muscle and the patient is anticoagulated",
    "chest_wall": "chest wall muscle and chest wall needling is to be avoided",
    "lymphedema": "lymphedema of that limb",
    "skin_infection": "skin infection of that limb",
}


def say_region_sampling(fields: Mapping[str, Any]) -> dict[str, Any]:
    """`withheld`: "biceps_brachii (right): lymphedema of that limb", one a site; `later`:
    "genioglossus (right): the patient is anticoagulated ... [source]" (the front ends word
    the muscle: withheld_words)."""
    withheld = []
    for site in fields["withheld_sites"]:
        where = muscle_label(field(site, "muscle"), field(site, "side"))
        withheld.append(f"{where}: {BARRIER[field(site, 'barrier')]}")
    return {"withheld": withheld, "later": later_words(fields.get("later_sites", ()))}


SAYINGS: dict[str, Saying] = {
    "alternative_revisit": say_revisit,
    "next_visit": say_next_visit,
    "region_sampling": say_region_sampling,
}
