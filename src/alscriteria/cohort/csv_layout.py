"""The flat CSV layout of a cohort: one row per patient (docs/batch.md describes it for users).

Registries keep patients in spreadsheets, not nested JSON, so a row carries the whole case:

    id, progression, other_causes_excluded, alternative_diagnosis,
    bulbar_umn, bulbar_lmn, cervical_umn, cervical_lmn,
    thoracic_umn, thoracic_lmn, lumbosacral_umn, lumbosacral_lmn, emg

Sign cells hold `;`-separated vocabulary words. An empty cell records nothing; `none` records
an examination that found no sign, so "examined and normal" and "not examined" stay apart
(the planner treats them differently). The `alternative_diagnosis` cell holds another cause
found, in words; empty or `none` records none. The `emg` cell holds `;`-separated needle studies
`muscle:side:findings`, findings being `+`-joined codes (fib, psw, fasc, cnc) or `normal`;
a muscle outside the catalogue adds `:region:roots:nerve`, roots `+`-joined. Empty findings
are an error, not a normal study: for the same reason as `none`, a normal needle study has to
be said (`normal`), so that an item cut short cannot count as evidence of a normal muscle.

Optional columns carry what only the repeat-testing plan reads (never a category):
motor_symptoms, anticoagulated, lymphedema, skin_infection (`region:side` items),
cardiac_device_side, chest_wall_concerns, conduction_block (`nerve:segment[:entrapment]`
items), demyelinating_slowing, abnormal_sensory. Every field of a case has a column, so a
case written to CSV (`case_to_row`) and read back is the same case.

The row becomes the same mapping a JSON Lines record would be, so both formats go through one
validation (`parse_case`) and give the same answer for the same patient.

Why one module of some 500 lines: it is one layout read in both directions (header, row to
case, case to row, messages in column terms); kept together, a column added or renamed is
added to reading, writing and the header check at once, and the round-trip test holds. The
registry's extra columns (flags, EMG summaries, sides) are already apart, in csv_registry.py.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from typing import Any

from alscriteria.anatomy.regions import REGION_ORDER
from alscriteria.case.model import Case, parse_case
from alscriteria.case.words import nearest
from alscriteria.cohort.csv_registry import (
    emg_columns,
    registry_cells,
    registry_row,
    side_columns,
    sign_cell,
    split_flag,
)
from alscriteria.cohort.function_columns import FUNCTION_COLUMNS
from alscriteria.errors import InvalidCaseError
from alscriteria.wording.common import plural

#: Column suffixes per region, and the case field each one fills.
SIGN_KINDS = {"umn": "umn_signs", "lmn": "lmn_signs"}

COLUMNS: tuple[str, ...] = (
    "id",
    "progression",
    "other_causes_excluded",
    "alternative_diagnosis",
    *(f"{region.value}_{kind}" for region in REGION_ORDER for kind in SIGN_KINDS),
    "emg",
    *emg_columns(),
    *side_columns(),
    "motor_symptoms",
    "anticoagulated",
    "lymphedema",
    "skin_infection",
    "cardiac_device_side",
    "chest_wall_concerns",
    "conduction_block",
    "demyelinating_slowing",
    "abnormal_sensory",
)
#: The columns that only the repeat-testing plan reads (they never change a category).
PLAN_COLUMNS = COLUMNS[COLUMNS.index("motor_symptoms") :]

#: A header with this column makes every row one visit of a patient (cohort/visits.py):
#: registries export follow-up as a long table, one row per visit. Not `visit_date`: that is
#: documented as a registry's own column of a one-row-per-patient file, kept with
#: --keep-columns, and a file that worked must not change meaning.
DATE_COLUMN = "date"
ONSET_COLUMN = "onset"
#: Every column a visit-rows header may have besides the case columns: the date, the onset,
#: and what the visit recorded of function (docs/staging.md).
VISIT_COLUMNS = (DATE_COLUMN, ONSET_COLUMN, *FUNCTION_COLUMNS)


def date_column(header: Sequence[str], kept: Collection[str] = ()) -> str | None:
    """The (normal) name of the visit date column, or None for one row per patient.

    A `date` column named in --keep-columns stays a column of the registry's own.
    """
    return DATE_COLUMN if DATE_COLUMN in header and DATE_COLUMN not in kept else None


#: Short codes for needle findings, as EMG reports abbreviate them; full names work too.
EMG_CODES: dict[str, str] = {
    "fib": "fibrillation_potentials",
    "psw": "positive_sharp_waves",
    "fasc": "fasciculation_potentials",
    "cnc": "chronic_neurogenic_change",
}
_EMG_FIELDS = tuple(EMG_CODES.values())
_CODE_OF = {field: code for code, field in EMG_CODES.items()}

NONE_CELL = "none"
ENTRAPMENT = "entrapment"
NORMAL_EMG = "normal"

_YES = frozenset({"yes", "y", "true", "t", "1"})
_NO = frozenset({"no", "n", "false", "f", "0"})
_UNKNOWN = frozenset({"", "unknown", "na", "n/a"})
_SIDES = {"left": "left", "l": "left", "right": "right", "r": "right", "": None}


#: How many unknown and allowed columns a header message names; the rest are counted.
NAMED_IN_MESSAGE = 10
ALLOWED_IN_MESSAGE = 40


def check_header(
    header: Sequence[str], kept: Collection[str] = (), keep_all: bool = False
) -> list[str]:
    """Problems with a header row; the file is refused as a whole when there are any.

    A misspelt column would otherwise drop that finding from every patient without a word.
    `kept` are the (normal) names `--keep-columns` carries through, which are not unknown;
    `keep_all` says it was `--keep-columns all`, which leaves out look-alikes of case columns.
    """
    visits = date_column(header, kept) is not None
    problems = _visit_header_problems(header, visits, kept)
    seen: set[str] = set()
    unknown: list[str] = []
    allowed = (*COLUMNS, *VISIT_COLUMNS) if visits else COLUMNS
    for name in header:
        if name in seen:
            problems.append(f"column {name!r} appears twice")
        seen.add(name)
        if name not in allowed and name not in kept and name not in unknown:
            unknown.append(name)
    for name in unknown[:NAMED_IN_MESSAGE]:
        if not visits and name in FUNCTION_COLUMNS:
            problems.append(
                f"column {name!r} is recorded per visit (docs/staging.md): it needs one row "
                "per visit, with a 'date' column (rows with one id are one patient's history)"
            )
            continue
        if not visits and _names_a_visit_date(name):
            problems.append(
                f"unknown column {name!r}: if it is the date of each row's visit (one row per "
                "visit, rows with one id one patient's history), name the column 'date'"
            )
            continue
        hint = nearest(name, COLUMNS)
        did_you_mean = f"; did you mean {hint!r}?" if hint else ""
        problems.append(f"unknown column {name!r}{did_you_mean}")
    if len(unknown) > NAMED_IN_MESSAGE:
        problems.append(f"and {len(unknown) - NAMED_IN_MESSAGE} more unknown columns")
    if problems:
        shown_columns = ", ".join(COLUMNS[:ALLOWED_IN_MESSAGE])
        more = len(COLUMNS) - ALLOWED_IN_MESSAGE
        problems.append(
            f"allowed columns: {shown_columns}"
            + (f", and {more} more (docs/batch.md lists them)" if more > 0 else "")
        )
    if unknown:
        example = ",".join(unknown[:3])
        if keep_all:
            problems.append(
                "--keep-columns all does not keep a column that looks like a misspelt case "
                f"column; if it is a column of your own, name it: --keep-columns all,{example}"
            )
        else:
            problems.append(
                "to copy columns of your own into every output row unchanged, name them: "
                f"--keep-columns {example} (or --keep-columns all)"
            )
    return problems


def _names_a_visit_date(name: str) -> bool:
    """A registry's name for the date of a visit ("visit_date", "Exam date", "visitdt")."""
    words = set(re.split(r"[^a-z]+", name.lower())) - {""}
    squashed = "".join(sorted(words))
    return (
        bool(words & {"visit", "exam", "examination", "assessment"})
        and bool(words & {"date", "dt", "day"})
    ) or squashed in {"visitdate", "datevisit", "visitdt"}


def _visit_header_problems(header: Sequence[str], visits: bool, kept: Collection[str]) -> list[str]:
    """A header of visit rows needs the id that groups them; onset needs visit rows."""
    problems: list[str] = []
    if visits and "id" not in header:
        problems.append(
            f"column {DATE_COLUMN!r} makes every row one visit, and the rows of one patient "
            "are found by their id: add an 'id' column"
        )
    if ONSET_COLUMN in header and not visits and ONSET_COLUMN not in kept:
        problems.append(
            f"column {ONSET_COLUMN!r} is the onset of a patient followed over visits: add a "
            "'date' column (the visit date, YYYY-MM-DD), one row per visit; with one row per "
            f"patient keep it as a column of your own (--keep-columns {ONSET_COLUMN})"
        )
    return problems


def normal_header(cells: Sequence[str]) -> tuple[str, ...]:
    """Header names as written by hand: spaces and capitals do not make a new column."""
    return tuple(c.strip().lower().replace(" ", "_").replace("-", "_") for c in cells)


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
    parts = [p.strip() for p in item.split(":")]
    if len(parts) not in (3, 6):
        _refuse_item(
            problems,
            item,
            number,
            "write muscle:side:findings, or muscle:side:findings:region:roots:nerve "
            "for a muscle outside the catalogue",
        )
        return None
    muscle, side, findings = parts[0].lower(), parts[1].lower(), parts[2].lower()
    if side not in _SIDES:
        _refuse_item(problems, item, number, f"side {parts[1]!r} is not left, right or empty")
        return None
    study: dict[str, Any] = {"muscle": muscle}
    if _SIDES[side]:
        study["side"] = _SIDES[side]
    codes = [c.strip() for c in findings.split("+") if c.strip()]
    if not codes:
        # an item that says nothing must not pass for "studied and found normal"
        _refuse_item(
            problems,
            item,
            number,
            f"no findings; write {NORMAL_EMG!r} for a study that found nothing "
            "abnormal, or the findings joined with + (fib, psw, fasc, cnc)",
        )
        return None
    if NORMAL_EMG in codes and len(codes) > 1:
        _refuse_item(problems, item, number, f"{NORMAL_EMG!r} cannot be combined with findings")
        return None
    if codes != [NORMAL_EMG]:
        for code in codes:
            field = EMG_CODES.get(code, code)
            if field not in _EMG_FIELDS:
                hint = nearest(code, [*EMG_CODES, NORMAL_EMG])
                did_you_mean = f"; did you mean {hint!r}?" if hint else ""
                _refuse_item(
                    problems,
                    item,
                    number,
                    f"finding {code!r} is not one of fib, psw, fasc, cnc, normal{did_you_mean}",
                )
                return None
            study[field] = True
    if len(parts) == 6:
        region, roots, nerve = parts[3].lower(), parts[4], parts[5]
        study["region"] = region
        study["roots"] = [r.strip() for r in roots.split("+") if r.strip()]
        study["nerve"] = nerve
    return study


#: Each region, its name, and its sign columns with the kind and field each fills: named
#: once, not for every row (a cohort reads them for every patient).
_REGION_COLUMNS = tuple(
    (
        region,
        region.value,
        tuple((kind, field, f"{region.value}_{kind}") for kind, field in SIGN_KINDS.items()),
    )
    for region in REGION_ORDER
)


def _refuse_item(problems: list[str], item: str, number: int, why: str) -> None:
    """A problem with an item of the emg cell, named as messages name it: the name is written
    only when a message is, so an item read without one (most) costs no repr."""
    problems.append(f"column emg, item {number} ({item.strip()!r}): {why}")


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
    for region, name, sign_columns in _REGION_COLUMNS:
        findings: dict[str, Any] = {}
        for kind, field, column in sign_columns:
            cell = row.get(column, "")
            if not cell:  # nothing recorded (no flag, no sign, nothing to refuse)
                continue
            flag, words = split_flag(_words(cell), column, problems)
            if flag is not None:
                findings[kind] = flag
            signs = _signs(column, ";".join(words), problems)
            if signs is not None:
                findings[field] = signs
        registry_cells(row, region, findings, problems)
        if findings:
            regions[name] = findings
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


_REGION_LOC = re.compile(
    r"^regions\.(\w+?)(?:\.(left|right))?\.(umn|lmn|emg)(?:_signs)?(?:\[\d+\]|\.\w+)?: "
)
_EMG_LOC = re.compile(r"^emg\[(\d+)\](?:\.\w+)?: ")


#: A visit's function field as the history names it ("alsfrs_r.speech: ", "niv.date: ").
_FUNCTION_LOC = re.compile(
    r"^(alsfrs_r(?:\.\w+)?|gastrostomy\.\w+|niv\.\w+|gastrostomy|niv|diagnosis_date|"
    r"functional_involvement)(?:\[\d+\])?: "
)


def in_csv_terms(problem: str) -> str:
    """Point a case-level problem at the CSV column (and EMG item) a user has to correct."""
    found = _REGION_LOC.match(problem)
    if found:
        side = f"_{found[2]}" if found[2] else ""
        return f"column {found[1]}{side}_{found[3]}: {problem[found.end() :]}"
    found = _EMG_LOC.match(problem)
    if found:
        return f"column emg, item {int(found[1]) + 1}: {problem[found.end() :]}"
    found = _FUNCTION_LOC.match(problem)
    if found:
        column = found[1].replace(".", "_")
        if column == "alsfrs_r":  # an unknown key of the form: its own column is unknown
            return problem
        return f"column {column}: {problem[found.end() :]}"
    return problem


def _tristate_cell(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


def case_to_row(data: Case | Mapping[str, Any]) -> dict[str, str]:
    """The CSV cells for a case: the inverse of `row_to_case`, for exports and examples."""
    case = parse_case(data)
    row = dict.fromkeys(COLUMNS, "")
    row["id"] = case.id or ""
    row["progression"] = _tristate_cell(case.progression)
    row["other_causes_excluded"] = _tristate_cell(case.other_causes_excluded)
    row["alternative_diagnosis"] = case.alternative_diagnosis or ""
    for region, findings in case.regions.items():
        for kind, field in SIGN_KINDS.items():
            signs: tuple[str, ...] = getattr(findings, field)
            flag: bool | None = getattr(findings, kind)
            row[f"{region.value}_{kind}"] = sign_cell(signs, flag) or NONE_CELL
        registry_row(region, findings, row)
    items = []
    for study in case.emg:
        codes = [_CODE_OF[f] for f in _EMG_FIELDS if getattr(study, f)]
        parts = [study.muscle, study.side or "", "+".join(codes) or NORMAL_EMG]
        if study.region is not None:
            parts += [study.region.value, "+".join(study.roots or ()), study.nerve or ""]
        items.append(":".join(parts))
    row["emg"] = ";".join(items)
    row["motor_symptoms"] = _tristate_cell(case.motor_symptoms)
    avoid = case.contraindications
    row["anticoagulated"] = "yes" if avoid.anticoagulated else ""
    row["chest_wall_concerns"] = "yes" if avoid.chest_wall_concerns else ""
    row["lymphedema"] = ";".join(f"{s.region.value}:{s.side}" for s in avoid.lymphedema)
    row["skin_infection"] = ";".join(f"{s.region.value}:{s.side}" for s in avoid.skin_infection)
    row["cardiac_device_side"] = avoid.cardiac_device_side or ""
    conduction = case.nerve_conduction
    row["conduction_block"] = ";".join(
        f"{b.nerve}:{b.segment}" + (f":{ENTRAPMENT}" if b.at_entrapment_site else "")
        for b in conduction.conduction_block
    )
    row["demyelinating_slowing"] = "yes" if conduction.demyelinating_slowing else ""
    sensory = conduction.abnormal_sensory
    row["abnormal_sensory"] = "" if sensory == "none" else sensory
    return row


__all__ = [
    "COLUMNS",
    "DATE_COLUMN",
    "EMG_CODES",
    "ONSET_COLUMN",
    "PLAN_COLUMNS",
    "VISIT_COLUMNS",
    "case_to_row",
    "check_header",
    "date_column",
    "in_csv_terms",
    "normal_header",
    "row_to_case",
]
