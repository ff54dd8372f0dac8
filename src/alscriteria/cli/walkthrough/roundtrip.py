"""The case round trip: the session's state as Case JSON, and a Case read back as state.

The case is the only record: a saved file must be plain Case JSON (`alscriteria evaluate`
rejects extra keys), so which steps were answered is read back from what the case says (a
key present, a region present, a region's EMG conclusion left null once its muscle list
was closed) rather than from a separate progress marker. Resuming a saved file asks
exactly what it leaves open, and saving it again writes the same bytes.
"""

from __future__ import annotations

import copy
from typing import Any

from alscriteria.anatomy.regions import REGION_ORDER, Region
from alscriteria.anatomy.vocabulary import label
from alscriteria.case.findings import RegionFindings
from alscriteria.case.model import Case
from alscriteria.cli.walkthrough.state import (
    State,
)
from alscriteria.cli.walkthrough.steps import (
    CONDUCTION,
    LIMB_WORD,
    PREREQUISITES,
    SAFETY,
    STEPS,
    _sign_order,
    _stem,
    _step,
)

#: Whole-case questions whose skip the Case can hold: each reads null exactly as it reads
#: the key left out (no id, progression unknown, no other cause named), so the file says
#: the question was met and no category or piece of advice can change.
NULLABLE = ("id", *PREREQUISITES, "motor_symptoms")


def written_skip(state: State, step: str) -> bool:
    """A skip this session made, to be written in the file so a resume does not ask again
    (not one the file itself left out, nor one answered elsewhere, as a visit's id)."""
    return step in state.skipped and step not in state.answers and step not in state.unsaved


def _lmn_skip_mark(findings: RegionFindings) -> bool:
    """`lmn: null` on a region with UMN signs and no LMN signs: the rest of the region was
    skipped after its UMN answer. The flag null is the flag not given (the criteria read
    both alike), so the mark changes nothing but what a resume asks."""
    return "lmn" in findings.model_fields_set and findings.lmn is None


def _region_entry(
    umn: tuple[str, ...] | None, lmn: tuple[str, ...] | None, extras: dict[str, Any]
) -> dict[str, Any]:
    """A region as Case JSON: signs for both sides on the region, a sign on one side in that
    side's own findings (the per-limb form registries use), beside what the file gave."""
    entry: dict[str, Any] = copy.deepcopy(extras)
    if umn is not None:
        entry["umn_signs"] = list(umn)
    if lmn is not None:
        entry["lmn_signs"] = [v for v in lmn if ":" not in v]
        for side in ("left", "right"):
            signs = [v.partition(":")[0] for v in lmn if v.endswith(f":{side}")]
            if signs:
                entry[side] = {**entry.get(side, {}), "lmn_signs": signs}
    return entry


def _read_lmn(findings: RegionFindings, kept: dict[str, Any]) -> tuple[str, ...] | None:
    """The LMN answer a file gives, sides included (taken out of `kept`), or None if the
    file leaves it open."""
    sided: list[str] = []
    for side, given in findings.sides:
        if "lmn_signs" not in given.model_fields_set:
            continue
        sided.extend(f"{sign}:{side}" for sign in given.lmn_signs)
        rest = {k: v for k, v in kept[side].items() if k != "lmn_signs"}
        if rest:
            kept[side] = rest
        else:
            del kept[side]
    given_here = "lmn_signs" in findings.model_fields_set
    if not given_here and not sided and "umn_signs" in findings.model_fields_set:
        return None
    return _sign_order("lmn_signs", (*findings.lmn_signs, *dict.fromkeys(sided)))


def _emg_closed_mark(findings: RegionFindings) -> bool:
    """`emg: null` on a region: its EMG list was closed in the walkthrough (see
    `Session._mark_closed_emg`)."""
    return "emg" in findings.model_fields_set and findings.emg is None


def _muscles_as_given(case: Case, given: Any) -> list[dict[str, Any]]:
    """The case's muscle entries as the file wrote them (already checked by the case
    model), or as the model reads them when no file is at hand."""
    written = given.get("emg") if isinstance(given, dict) else None
    if (
        isinstance(written, list)
        and len(written) == len(case.emg)
        and all(isinstance(m, dict) for m in written)
    ):
        return copy.deepcopy(written)
    return [m.model_dump(mode="json", exclude_none=True) for m in case.emg]


def _kept_findings(extras: dict[str, Any], part: str, region: Region) -> list[str]:
    """What a resumed file records for UMN or LMN beside the region's own sign list (a
    registry's yes/no flag, a side's signs): said in the summary, never shown as none,
    since the criteria count them (hostile test 7)."""
    said: list[str] = []
    flag = {True: "yes", False: "no", None: "unknown"}
    if part in extras:
        said.append(f"{flag[extras[part]]} (the file's flag; signs not named)")
    for side in ("left", "right"):
        given = extras.get(side, {})
        where = f"{side} {LIMB_WORD.get(region, 'side')}"
        signs = given.get(f"{part}_signs")
        if signs:
            named = ", ".join(_stem(label(f"{part}_signs", sign)) for sign in signs)
            said.append(f"{named} ({where})")
        if part in given:
            said.append(f"{flag[given[part]]} for the {where} (the file's flag)")
    return said


def resume_state(case: Case, written: Any = None) -> tuple[State, list[State]]:
    """Resume: what the case says counts as answered; everything else is asked.

    `written` is the file's JSON the case was read from: its muscle entries are kept as
    written (a nerve "Radial (PIN)" is not rewritten "radial (pin)", keys keep their
    order), so saving a resumed case changes nothing the clinician did not change."""
    state = State()
    given = case.model_dump(mode="json", exclude_unset=True)
    asked: tuple[str, ...] = (*PREREQUISITES, "id", "motor_symptoms", "regions", "emg")
    asked = (*asked, "contraindications", "nerve_conduction")
    state.extras = {k: v for k, v in given.items() if k not in asked}
    for name in (*PREREQUISITES, "id", "motor_symptoms"):
        if name in case.model_fields_set:
            state.answers[name] = getattr(case, name)
    limits = case.contraindications
    for name in limits.model_fields_set:
        value = getattr(limits, name)
        if name in ("lymphedema", "skin_infection"):
            value = tuple(f"{site.region.value}:{site.side}" for site in value)
        state.answers[name] = value
    ncs = case.nerve_conduction
    for name in ncs.model_fields_set:
        if name == "conduction_block":
            state.blocks = [b.model_dump(mode="json") for b in ncs.conduction_block]
            # `[]` is the answer none. With blocks and no later answer in the file, the list
            # may still be open (stopped at "another block?"), and the Case has no place to
            # say it was closed: it is offered again (`done` closes it) rather than skipped,
            # so no block is lost to a guess.
            answered_after = ncs.model_fields_set & set(CONDUCTION[1:])
            if not ncs.conduction_block or answered_after:
                state.answers[name] = True
        else:
            state.answers[name] = getattr(ncs, name)
    present = [r for r in REGION_ORDER if r in case.regions]
    marked: set[Region] = set()  # a region's EMG list closed, said by `emg: null`
    for region in present:
        findings = case.regions[region]
        kept = findings.model_dump(mode="json", exclude_unset=True)
        kept = {k: v for k, v in kept.items() if k not in ("umn_signs", "lmn_signs")}
        if _emg_closed_mark(findings):
            marked.add(region)
            del kept["emg"]
        lmn = _read_lmn(findings, kept)
        if lmn is None and _lmn_skip_mark(findings):
            state.skipped.add(_step(region, "lmn"))
            del kept["lmn"]
        if kept:
            state.region_extras[region.value] = kept
        keys = findings.model_fields_set & {"umn_signs", "lmn_signs"}
        # A region given as {} was examined and nothing was found.
        if "umn_signs" in keys or not keys:
            state.answers[_step(region, "umn")] = findings.umn_signs
        if lmn is not None:
            state.answers[_step(region, "lmn")] = lmn
    # The walkthrough asks the safety and nerve conduction questions after every region.
    examined_all = any(name in state.answers for name in (*SAFETY, *CONDUCTION))
    # `emg: []` is written only once a region's EMG question is answered: with one region
    # in the file, that answer was this region's "none" (hostile test 5).
    only = len(present) == 1 and "emg" in case.model_fields_set and not case.emg
    for i, region in enumerate(present):
        later = i + 1 < len(present) or examined_all or only or region in marked
        clinical = all(state.done(_step(region, p)) for p in ("umn", "lmn"))
        # The walkthrough moves down the regions, so a later region (or an answer after
        # the regions) means this region's EMG was finished; otherwise the last region's
        # EMG is asked again ("done" if complete).
        if clinical and later and "emg" in case.model_fields_set:
            state.answers[_step(region, "emg")] = True
        elif clinical and later:  # finished without a muscle list: nothing to write
            state.skipped.add(_step(region, "emg"))
    state.muscles = _muscles_as_given(case, written)
    if STEPS[-1] in state.answers:
        # The last question is answered: the walkthrough went through to the end, so
        # whatever the file leaves out was skipped there (a region: not examined).
        gaps = {step for step in STEPS if not state.done(step)}
        state.skipped.update(gaps)
        state.unsaved.update(gaps)  # saved again as the file gave them: left out
    # A region the file leaves out is asked: resuming asks exactly what is still open.
    # `back` may undo the answers read from the file, up to the first open question.
    history: list[State] = []
    prefix: list[str] = []
    for step in STEPS:
        if not state.done(step):
            break
        if step in state.answers or step in state.skipped:  # the other cause, unasked: no
            prefix.append(step)
    for k in range(len(prefix)):
        earlier = copy.deepcopy(state)
        for step in prefix[k:]:
            earlier.answers.pop(step, None)
            earlier.skipped.discard(step)
        history.append(earlier)
    return state, history


def mark_closed_emg(state: State, regions: dict[str, Any], emg_written: bool) -> None:
    """Say in the file that the last region's EMG list was closed (`done`, `none` or
    skip) when nothing else in the file says so: `emg: null` on that region.

    Resuming reads a region's EMG as finished when a later region, or an answer after
    the regions, is in the file; a session stopped at the next region's first question
    leaves neither, and the closed list was offered again (issue 27). The Case has a
    place for this already: a region's `emg` is its EMG conclusion, and null is no
    conclusion, which the criteria read as not given, so the category cannot change and
    no key is added to the Case contract. It is written only where the order of the
    file cannot tell (a complete case carries none), so other files stay as they were.
    """
    present = [r for r in REGION_ORDER if r.value in regions]
    if not present or any(name in state.answers for name in (*SAFETY, *CONDUCTION)):
        return
    last = present[-1]
    entry = regions[last.value]
    closed = (
        state.done(_step(last, "emg"))
        and _step(last, "umn") in state.answers
        and state.done(_step(last, "lmn"))
    )
    # one region, `emg: []`: that answer was this region's none (read without a mark)
    said = len(present) == 1 and emg_written and not state.muscles
    if closed and not said and "emg" not in entry:
        entry["emg"] = None


def case_json(state: State) -> dict[str, Any]:
    """The case so far in the exact JSON format `alscriteria evaluate` reads.

    Only answered steps are written, so resuming the file asks the rest; a region with
    no answered step is left out, which the criteria read as not examined.
    """
    out: dict[str, Any] = {}
    # none is written as null, and so is a skip, so resuming does not ask either again
    for name in NULLABLE:
        if name in state.answers:
            out[name] = state.answers[name]
        elif written_skip(state, name):
            out[name] = None
    regions: dict[str, Any] = {}
    for region in REGION_ORDER:
        entry = _region_entry(
            state.answers.get(_step(region, "umn")),
            state.answers.get(_step(region, "lmn")),
            state.region_extras.get(region.value, {}),
        )
        lmn_skipped = "lmn_signs" not in entry and written_skip(state, _step(region, "lmn"))
        if "umn_signs" in entry and lmn_skipped and "lmn" not in entry:
            entry["lmn"] = None  # the rest of the region skipped (_lmn_skip_mark)
        if entry:
            regions[region.value] = entry
    emg_answered = any(_step(r, "emg") in state.answers for r in REGION_ORDER)
    mark_closed_emg(state, regions, emg_written=bool(state.muscles or emg_answered))
    if regions:
        out["regions"] = regions
    if state.muscles or emg_answered:
        out["emg"] = copy.deepcopy(state.muscles)
    limits: dict[str, Any] = {}
    for name in SAFETY:
        if name not in state.answers:
            continue
        value = state.answers[name]
        if name in ("lymphedema", "skin_infection"):
            value = [dict(zip(("region", "side"), v.split(":"), strict=True)) for v in value]
        limits[name] = value  # a device side of none is null: answered, not asked again
    if limits:
        out["contraindications"] = limits
    conduction: dict[str, Any] = {}
    if state.blocks or "conduction_block" in state.answers:
        conduction["conduction_block"] = copy.deepcopy(state.blocks)
    for name in CONDUCTION[1:]:
        if name in state.answers:
            conduction[name] = state.answers[name]
    if conduction:
        out["nerve_conduction"] = conduction
    for key, value in state.extras.items():
        out[key] = copy.deepcopy(value)
    return out


__all__ = [
    "NULLABLE",
    "case_json",
    "mark_closed_emg",
    "resume_state",
    "written_skip",
]
