"""The CSV row reader as it was before its fast paths (cohort/csv_layout.py row_to_case and
its helpers, csv_registry.py registry_cells, verbatim): the definition tests hold the reader
to (tests/test_csv_rows.py). Not part of the package."""

# ruff: noqa
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from alscriteria.anatomy.regions import REGION_ORDER, Region
from alscriteria.case.words import nearest
from alscriteria.cohort.csv_layout import (
    _EMG_FIELDS,
    _NO,
    _SIDES,
    _UNKNOWN,
    _YES,
    EMG_CODES,
    ENTRAPMENT,
    NONE_CELL,
    NORMAL_EMG,
    SIGN_KINDS,
)
from alscriteria.case.findings import EMG_SUMMARY_FINDINGS
from alscriteria.cohort.csv_registry import (
    _FIELD_CODE,
    _FLAG_WORDS,
    _NEGATION,
    _NORMAL,
    LIMB_SIDES,
    SUMMARY_CODES,
)
from alscriteria.errors import InvalidCaseError
from alscriteria.wording.common import plural


def _tristate(column: str, cell: str, problems: list[str]) -> bool | None:
    word = cell.strip().lower()
    if word in _YES:
        return True
    if word in _NO:
        return False
    if word in _UNKNOWN:
        return None
    problems.append(f"column {column}: {cell!r} is not yes, no or unknown (empty)")
    return None


def _words(cell: str) -> list[str]:
    return [w.strip().lower() for w in cell.split(";") if w.strip()]


def _signs(column: str, cell: str, problems: list[str]) -> list[str] | None:
    """The signs in one cell, [] for `none`, None for an empty cell (nothing recorded)."""
    words = _words(cell)
    if not words:
        return None
    if NONE_CELL in words:
        if len(words) > 1:
            problems.append(f"column {column}: {NONE_CELL!r} cannot be combined with signs")
        return []
    return words


def _emg_study(item: str, number: int, problems: list[str]) -> dict[str, Any] | None:
    where = f"column emg, item {number} ({item.strip()!r})"
    parts = [p.strip() for p in item.split(":")]
    if len(parts) not in (3, 6):
        problems.append(
            f"{where}: write muscle:side:findings, or muscle:side:findings:region:roots:nerve "
            "for a muscle outside the catalogue"
        )
        return None
    muscle, side, findings = parts[0].lower(), parts[1].lower(), parts[2].lower()
    if side not in _SIDES:
        problems.append(f"{where}: side {parts[1]!r} is not left, right or empty")
        return None
    study: dict[str, Any] = {"muscle": muscle}
    if _SIDES[side]:
        study["side"] = _SIDES[side]
    codes = [c.strip() for c in findings.split("+") if c.strip()]
    if not codes:
        # an item that says nothing must not pass for "studied and found normal"
        problems.append(
            f"{where}: no findings; write {NORMAL_EMG!r} for a study that found nothing "
            "abnormal, or the findings joined with + (fib, psw, fasc, cnc)"
        )
        return None
    if NORMAL_EMG in codes and len(codes) > 1:
        problems.append(f"{where}: {NORMAL_EMG!r} cannot be combined with findings")
        return None
    if codes != [NORMAL_EMG]:
        for code in codes:
            field = EMG_CODES.get(code, code)
            if field not in _EMG_FIELDS:
                hint = nearest(code, [*EMG_CODES, NORMAL_EMG])
                did_you_mean = f"; did you mean {hint!r}?" if hint else ""
                problems.append(
                    f"{where}: finding {code!r} is not one of fib, psw, fasc, cnc, normal"
                    f"{did_you_mean}"
                )
                return None
            study[field] = True
    if len(parts) == 6:
        region, roots, nerve = parts[3].lower(), parts[4], parts[5]
        study["region"] = region
        study["roots"] = [r.strip() for r in roots.split("+") if r.strip()]
        study["nerve"] = nerve
    return study


def row_to_case(header: Sequence[str], cells: Sequence[str]) -> dict[str, Any]:
    """The case mapping one CSV row describes; InvalidCaseError names each bad cell."""
    if len(cells) != len(header):
        raise InvalidCaseError(
            [
                f"row has {plural(len(cells), 'cell')} but the header has "
                f"{plural(len(header), 'column')}"
            ]
        )
    row = dict(zip(header, cells, strict=True))
    problems: list[str] = []
    case: dict[str, Any] = {}
    case_id = row.get("id", "").strip()
    if case_id:
        case["id"] = case_id
    for column in ("progression", "other_causes_excluded"):
        case[column] = _tristate(column, row.get(column, ""), problems)
    diagnosis = row.get("alternative_diagnosis", "").strip()
    if diagnosis and diagnosis.lower() != NONE_CELL:  # `none`: no other cause found
        case["alternative_diagnosis"] = diagnosis
    regions: dict[str, dict[str, Any]] = {}
    for region in REGION_ORDER:
        findings: dict[str, Any] = {}
        for kind, field in SIGN_KINDS.items():
            column = f"{region.value}_{kind}"
            flag, words = split_flag(_words(row.get(column, "")), column, problems)
            if flag is not None:
                findings[kind] = flag
            signs = _signs(column, ";".join(words), problems)
            if signs is not None:
                findings[field] = signs
        registry_cells(row, region, findings, problems)
        if findings:
            regions[region.value] = findings
    case["regions"] = regions
    emg = []
    for number, item in enumerate((i for i in row.get("emg", "").split(";") if i.strip()), 1):
        study = _emg_study(item, number, problems)
        if study is not None:
            emg.append(study)
    case["emg"] = emg
    _plan_fields(row, case, problems)
    if problems:
        raise InvalidCaseError(problems)
    return case


def _flag(column: str, cell: str, problems: list[str]) -> bool | None:
    """A yes/no cell whose empty value means the model's default (no)."""
    word = cell.strip().lower()
    if not word:
        return None
    value = _tristate(column, cell, problems)
    if value is None and word in _UNKNOWN:
        problems.append(f"column {column}: write yes or no (or leave it empty for no)")
    return value


def _limb_sites(column: str, cell: str, problems: list[str]) -> list[dict[str, str]]:
    sites = []
    for item in (i.strip() for i in cell.split(";") if i.strip()):
        region, sep, side = (p.strip().lower() for p in item.partition(":"))
        if not sep or _SIDES.get(side) is None:
            problems.append(f"column {column}: {item!r} is not region:side (e.g. cervical:left)")
            continue
        sites.append({"region": region, "side": _SIDES[side] or side})
    return sites


def _conduction_blocks(cell: str, problems: list[str]) -> list[dict[str, Any]]:
    blocks = []
    for item in (i.strip() for i in cell.split(";") if i.strip()):
        parts = [p.strip() for p in item.split(":")]
        entrapment = len(parts) == 3 and parts[2].lower() == ENTRAPMENT
        if len(parts) not in (2, 3) or (len(parts) == 3 and not entrapment):
            problems.append(
                f"column conduction_block: {item!r} is not nerve:segment or "
                f"nerve:segment:{ENTRAPMENT}"
            )
            continue
        blocks.append({"nerve": parts[0], "segment": parts[1], "at_entrapment_site": entrapment})
    return blocks


def _plan_fields(row: Mapping[str, str], case: dict[str, Any], problems: list[str]) -> None:
    """The plan's columns; each one left empty keeps the case's default."""
    cell = row.get
    if cell("motor_symptoms", "").strip():
        case["motor_symptoms"] = _tristate("motor_symptoms", cell("motor_symptoms", ""), problems)
    contraindications: dict[str, Any] = {}
    for column in ("anticoagulated", "chest_wall_concerns"):
        flag = _flag(column, cell(column, ""), problems)
        if flag is not None:
            contraindications[column] = flag
    for column in ("lymphedema", "skin_infection"):
        sites = _limb_sites(column, cell(column, ""), problems)
        if sites:
            contraindications[column] = sites
    device = cell("cardiac_device_side", "").strip().lower()
    if device:
        if _SIDES.get(device) is None:
            problems.append(f"column cardiac_device_side: {device!r} is not left, right or empty")
        else:
            contraindications["cardiac_device_side"] = _SIDES[device]
    if contraindications:
        case["contraindications"] = contraindications
    conduction: dict[str, Any] = {}
    blocks = _conduction_blocks(cell("conduction_block", ""), problems)
    if blocks:
        conduction["conduction_block"] = blocks
    flag = _flag("demyelinating_slowing", cell("demyelinating_slowing", ""), problems)
    if flag is not None:
        conduction["demyelinating_slowing"] = flag
    sensory = cell("abnormal_sensory", "").strip().lower()
    if sensory:
        conduction["abnormal_sensory"] = sensory
    if conduction:
        case["nerve_conduction"] = conduction


def split_flag(words: list[str], column: str, problems: list[str]) -> tuple[bool | None, list[str]]:
    """A sign cell's flag word (at most one) and its signs."""
    flags = [w for w in words if w in _FLAG_WORDS]
    if len(flags) > 1:
        problems.append(f"column {column}: one of yes, no or unknown, not {', '.join(flags)}")
    flag = _FLAG_WORDS[flags[0]] if flags else None
    return flag, [w for w in words if w not in _FLAG_WORDS]


def summary_cell(column: str, cell: str, problems: list[str]) -> dict[str, Any] | None:
    """The EMG conclusion a cell gives, as the case's `emg` mapping; None for an empty cell."""
    items = [i.strip().lower() for i in cell.replace(";", "+").split("+") if i.strip()]
    if not items:
        return None
    summary: dict[str, Any] = {}
    if _NORMAL in items:
        if len(items) > 1:
            problems.append(f"column {column}: {_NORMAL!r} cannot be combined with findings")
            return None
        return dict.fromkeys(EMG_SUMMARY_FINDINGS[:4], False)
    said: dict[str, str] = {}
    for item in items:
        if item in _FLAG_WORDS:
            field, value = "lmn_evidence", _FLAG_WORDS[item]
        else:
            value = not item.startswith(_NEGATION)
            code = item.removeprefix(_NEGATION)
            field = SUMMARY_CODES.get(code, code if code in _FIELD_CODE else "")
            if not field:
                allowed = [*SUMMARY_CODES, *(_NEGATION + c for c in SUMMARY_CODES)]
                hint = nearest(item, [*allowed, _NORMAL, "yes", "no"])
                did_you_mean = f"; did you mean {hint!r}?" if hint else ""
                problems.append(
                    f"column {column}: {item!r} is not yes, no, unknown, {_NORMAL} or a "
                    f"finding ({', '.join(SUMMARY_CODES)}, each negated as no-fib)"
                    f"{did_you_mean}"
                )
                continue
        if field in said and summary[field] != value:
            problems.append(f"column {column}: {said[field]!r} and {item!r} contradict each other")
            continue
        said[field] = item
        summary[field] = value
    return summary


def registry_cells(
    row: Mapping[str, str], region: Region, findings: dict[str, Any], problems: list[str]
) -> None:
    """Add a region's EMG conclusion and per-limb columns to its findings mapping."""
    emg = summary_cell(f"{region.value}_emg", row.get(f"{region.value}_emg", ""), problems)
    if emg is not None:
        findings["emg"] = emg
    if not region.is_limb:
        return
    for side in LIMB_SIDES:
        prefix = f"{region.value}_{side}"
        given: dict[str, Any] = {}
        for kind in ("umn", "lmn"):
            column = f"{prefix}_{kind}"
            words = [w.strip().lower() for w in row.get(column, "").split(";") if w.strip()]
            flag, signs = split_flag(words, column, problems)
            if flag is not None:
                given[kind] = flag
            if signs:
                given[f"{kind}_signs"] = [] if signs == ["none"] else signs
        side_emg = summary_cell(f"{prefix}_emg", row.get(f"{prefix}_emg", ""), problems)
        if side_emg is not None:
            given["emg"] = side_emg
        if given:
            findings[side] = given
