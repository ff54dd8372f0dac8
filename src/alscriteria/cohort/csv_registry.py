"""The registry cells of the CSV layout: yes/no flags, per-limb columns and EMG conclusions.

Registries record a region (or an arm, a leg) as flags: "clinical UMN: yes", "EMG evidence
of LMN: no", rather than the signs and every muscle. These cells carry that data into the
same case fields a JSON case has (`umn`, `lmn`, `emg`, `left`, `right`), so both formats
still go through one validation. Cells:

- `<region>_umn`, `<region>_lmn` and, for the limbs, `<region>_<side>_umn|lmn`: signs
  separated by `;`, `none`, or a flag word (`yes`, `no`, `unknown`), alone or beside signs.
- `<region>_emg` and `<region>_<side>_emg`: the electromyographer's conclusion. `yes`, `no`
  or `unknown` (EMG evidence of LMN involvement, `lmn_evidence`), `normal` (every
  abnormality absent), or findings joined with `+`: cnc, fib, psw, fasc, active, indep,
  each negated as `no-fib`; a finding left out is unknown.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from alscriteria.anatomy.regions import REGION_ORDER, Region
from alscriteria.case.findings import EMG_SUMMARY_FINDINGS, EMGSummary, RegionFindings
from alscriteria.case.words import nearest

LIMB_SIDES = ("left", "right")

#: Codes of an EMG conclusion cell, and the summary field each one fills.
SUMMARY_CODES: dict[str, str] = {
    "cnc": "chronic_neurogenic_change",
    "fib": "fibrillation_potentials",
    "psw": "positive_sharp_waves",
    "fasc": "fasciculation_potentials",
    "active": "active_denervation",
    "indep": "independent_muscles",
}
_FIELD_CODE = {field: code for code, field in SUMMARY_CODES.items()}
_NEGATION = "no-"
_NORMAL = "normal"
_FLAG_WORDS: dict[str, bool | None] = {
    "yes": True,
    "y": True,
    "true": True,
    "no": False,
    "n": False,
    "false": False,
    "unknown": None,
    "na": None,
    "n/a": None,
}


def side_columns() -> tuple[str, ...]:
    """The per-limb columns, after the whole-region ones."""
    return tuple(
        f"{region.value}_{side}_{kind}"
        for region in REGION_ORDER
        if region.is_limb
        for side in LIMB_SIDES
        for kind in ("umn", "lmn", "emg")
    )


def emg_columns() -> tuple[str, ...]:
    return tuple(f"{region.value}_emg" for region in REGION_ORDER)


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


#: Each region's registry columns (its EMG conclusion, and a limb's per-side columns), named
#: once: a row that leaves them all empty (most) adds nothing and says nothing.
_REGISTRY_COLUMNS = {
    region: (
        f"{region.value}_emg",
        *(
            f"{region.value}_{side}_{kind}"
            for side in (LIMB_SIDES if region.is_limb else ())
            for kind in ("umn", "lmn", "emg")
        ),
    )
    for region in REGION_ORDER
}


def registry_cells(
    row: Mapping[str, str], region: Region, findings: dict[str, Any], problems: list[str]
) -> None:
    """Add a region's EMG conclusion and per-limb columns to its findings mapping."""
    if not any(row.get(column) for column in _REGISTRY_COLUMNS[region]):
        return  # every such cell empty: no conclusion, no side, nothing to refuse
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


def _flag_word(value: bool | None) -> list[str]:
    return [] if value is None else ["yes" if value else "no"]


def sign_cell(signs: tuple[str, ...], flag: bool | None) -> str:
    return ";".join([*_flag_word(flag), *signs])


def write_summary(summary: EMGSummary) -> str:
    items = _flag_word(summary.lmn_evidence)
    for field, code in _FIELD_CODE.items():
        value = getattr(summary, field)
        if value is not None:
            items.append(code if value else _NEGATION + code)
    return "+".join(items) or "unknown"


def registry_row(region: Region, findings: RegionFindings, row: dict[str, str]) -> None:
    """The inverse of `registry_cells`, for `case_to_row`."""
    if findings.emg is not None:
        row[f"{region.value}_emg"] = write_summary(findings.emg)
    for side, given in findings.sides:
        prefix = f"{region.value}_{side}"
        row[f"{prefix}_umn"] = sign_cell(given.umn_signs, given.umn)
        row[f"{prefix}_lmn"] = sign_cell(given.lmn_signs, given.lmn)
        if given.emg is not None:
            row[f"{prefix}_emg"] = write_summary(given.emg)
        if not row[f"{prefix}_umn"] and not row[f"{prefix}_lmn"] and given.emg is None:
            row[f"{prefix}_umn"] = "none"  # the side was given, with nothing on it


__all__ = [
    "SUMMARY_CODES",
    "emg_columns",
    "registry_cells",
    "registry_row",
    "side_columns",
    "split_flag",
]
