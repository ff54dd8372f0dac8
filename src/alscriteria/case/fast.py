"""A case read without validating it whole: the same Case validation builds, in a fraction
of its time, or a refusal to read it at all (pydantic then reads it and words what is wrong).

Most cases are plainly valid: known keys, exact JSON types, catalogue muscles, vocabulary
words, signs where their region can show them. For those, `ordinary_fields` builds the very
field values, "given" sets and sub-models `Case.model_validate` would build (the checks it
makes are the model's own, or narrower). A part it does not read itself (a region with sides
or an EMG summary, a muscle under a report's name such as "FDI" or with its own anatomy, the
needling limits, nerve conduction) is validated by that part's own model and then held to
the case's own checks of it (`misplaced_signs`, the record checks of `_findings_possible`,
one anatomy a name), exactly as validating the whole case does. Whatever is unsure (a string
subclass, a number where a flag belongs, text that is not clean unicode, any refusal), it
declines, and `parse_case` hands the input to pydantic unchanged: every refusal and its
message stays pydantic's. tests/test_case_fast.py holds, for valid and invalid input alike,
that it declines or gives a Case equal in every field, mark and byte of JSON to validation's.

Each region entry and muscle record is read once: a bounded memo keyed by its marshalled
form (which keeps every type exactly) gives the frozen sub-model back to every case that
writes it the same way. So cases share their immutable parts, as a history's visits and a
`model_copy` already do (and the two default sub-models, which hold no finding); each case
still gets its own Case object, its own read-only regions and its own validation mark.

Each memo entry keeps, beside the sub-model, what the verdicts' masks read of it (`Noted`:
a region's signs as mask bits, whether a record qualifies as EMG evidence), so the reader's
one pass over the case leaves the masks' inputs and the masks need not walk it again
(regions/quick.py `noted_masks`; tests/test_session12_cat.py holds them equal).
"""

from __future__ import annotations

import marshal
from dataclasses import dataclass
from functools import cache
from operator import itemgetter
from typing import Any, NamedTuple, TypeVar

from pydantic import BaseModel, ValidationError

from alscriteria.anatomy.catalogue import ACCESSORY_MUSCLES, catalogue, resolve_muscle
from alscriteria.anatomy.regions import Region
from alscriteria.anatomy.vocabulary import words
from alscriteria.built import built
from alscriteria.case.checks import misplaced_signs, one_name_two_anatomies, signs_of
from alscriteria.case.diagnosis import diagnosis_refusal
from alscriteria.case.findings import RegionFindings
from alscriteria.case.studies import Contraindications, MuscleStudy, NerveConduction
from alscriteria.case.words import LIMITS, TRISTATE_WORDS

#: How many distinct region entries and muscle records the memos below keep (each a few
#: hundred bytes): far more than the catalogue's muscles times their usual findings.
MEMO_SIZE = 4096
#: The longest region entry or muscle record (marshalled) the memos keep: an ordinary one
#: is under 300 bytes. A longer one (thousands of repeated signs, roots) is read as usual
#: but not kept, so the memos stay a few megabytes whatever the input: bounded in bytes,
#: not only in entries (4096 entries of an 8 MiB request each would be gigabytes).
MEMO_KEY_BYTES = 512
_EMPTY: dict[str, Any] = {}


class Declined(Exception):
    """The input is not an ordinary case: validation reads it (and says what is wrong)."""


#: The keys a case may give (needling limits and nerve conduction are read by their models).
CASE_KEYS = frozenset(
    {
        "id",
        "progression",
        "other_causes_excluded",
        "alternative_diagnosis",
        "regions",
        "emg",
        "motor_symptoms",
        "contraindications",
        "nerve_conduction",
    }
)
#: A region's signs and registry flags, read here (sides and EMG summaries: by the model).
REGION_KEYS = frozenset({"umn_signs", "lmn_signs", "umn", "lmn"})
#: A catalogue muscle's record, read here (another name or its own anatomy: by the model).
STUDY_KEYS = frozenset(
    {
        "muscle",
        "side",
        "fibrillation_potentials",
        "positive_sharp_waves",
        "fasciculation_potentials",
        "chronic_neurogenic_change",
    }
)


@dataclass(frozen=True, slots=True)
class _Tables:
    """What an ordinary case's words are checked against: the package data, read once."""

    regions: dict[str, Region]
    umn_signs: frozenset[str]
    lmn_signs: frozenset[str]
    sides: frozenset[str | None]
    muscles: frozenset[str]
    #: Every field of a case that gives none, in field order (the default sub-models too).
    case_defaults: dict[str, Any]


@cache
def _tables() -> _Tables:
    text = LIMITS["text"]
    return _Tables(
        regions={region.value: region for region in Region},
        umn_signs=frozenset(words("umn_signs")),
        lmn_signs=frozenset(words("lmn_signs")),
        sides=frozenset((*words("sides"), None)),
        # a key longer than a muscle name may be is pydantic's to refuse (none is today)
        muscles=frozenset(key for key in catalogue() if len(key) <= text),
        case_defaults={
            **_CASE_DEFAULTS,
            "contraindications": _defaults(Contraindications),
            "nerve_conduction": _defaults(NerveConduction),
        },
    )


def _defaults(cls: type[_Model]) -> _Model:
    """The model with every field left out, as validation builds it (pydantic does not
    validate defaults), without building the model's validator for it."""
    fields = {
        name: field.get_default(call_default_factory=True)
        for name, field in cls.model_fields.items()
    }
    return built(cls, fields, set())


_Model = TypeVar("_Model", bound=BaseModel)


class Noted(NamedTuple):
    """What the reader noted of an ordinary case on its one pass over the regions and the
    muscle records, for the verdicts' masks (regions/quick.py `noted_masks`), so that the
    masks need not walk them again: the signs as region masks, the records that qualify
    under some muscle definition (chronic change with fibrillation potentials, positive
    sharp waves or fasciculation potentials: criteria.md A.2), in the order studied, and
    whether an accessory-nerve muscle was studied (the accessory reading can matter)."""

    #: UMN signs in bits 0-3, weakness or wasting in bits 4-7, weakness and wasting in
    #: bits 8-11 (bit: the region's rostro-caudal order)
    signs: int
    qualifying: tuple[MuscleStudy, ...]
    accessory: bool


def ordinary_fields(data: dict[str, Any]) -> tuple[dict[str, Any], set[str], bool] | None:
    """A Case's field values (in field order), the keys given and whether the case holds
    registry input, exactly as validation would make them; None when the input is not an
    ordinary case (validation then reads it)."""
    read = noted_fields(data)
    return None if read is None else read[:3]


def noted_fields(data: dict[str, Any]) -> tuple[dict[str, Any], set[str], bool, Noted] | None:
    """`ordinary_fields`, and what the reader noted of the case for its masks (`Noted`)."""
    try:
        return _read(data, _tables())
    except Declined:
        return None


_NONE = type(None)
_STR = frozenset({str})
_SEQUENCES = frozenset({list, tuple})
#: A tri-state given as true, false or null (a word is read by `_tristate`).
_ANSWER = frozenset({bool, _NONE})
_TRISTATES = ("progression", "other_causes_excluded", "motor_symptoms")
_tristates_of = itemgetter(*_TRISTATES)
_CASE_DEFAULTS: dict[str, Any] = {
    "id": None,
    "progression": None,
    "other_causes_excluded": None,
    "alternative_diagnosis": None,
    "regions": _EMPTY,
    "emg": (),
    "motor_symptoms": None,
    "contraindications": None,
    "nerve_conduction": None,
}
_REGION_DEFAULTS: dict[str, Any] = {
    "umn_signs": (),
    "lmn_signs": (),
    "umn": None,
    "lmn": None,
    "emg": None,
    "left": None,
    "right": None,
}
_STUDY_DEFAULTS: dict[str, Any] = {
    "muscle": None,
    "side": None,
    "fibrillation_potentials": False,
    "positive_sharp_waves": False,
    "fasciculation_potentials": False,
    "chronic_neurogenic_change": False,
    "region": None,
    "roots": None,
    "nerve": None,
}
#: A catalogue muscle's record, field by field: the muscle, a side or none, four findings
#: and no anatomy of its own.
_STUDY_TYPES = frozenset(
    (str, side, bool, bool, bool, bool, _NONE, _NONE, _NONE) for side in (str, _NONE)
)


def _keys(given: dict[Any, Any], allowed: frozenset[str]) -> set[str]:
    """The keys given, each an allowed name and a str (not a subclass): the "given" set."""
    if not allowed.issuperset(given) or not _STR.issuperset(map(type, given)):
        raise Declined
    return set(given)


def _read(data: dict[str, Any], tables: _Tables) -> tuple[dict[str, Any], set[str], bool, Noted]:
    given = _keys(data, CASE_KEYS)
    fields = tables.case_defaults.copy()
    fields.update(data)
    if not _ANSWER.issuperset(map(type, _tristates_of(fields))):
        for name in _TRISTATES:  # a word among them ("yes", "unknown")
            fields[name] = _tristate(fields[name])
    if fields["id"] is not None:
        fields["id"] = _text(fields["id"])
    if fields["alternative_diagnosis"] is not None:
        fields["alternative_diagnosis"] = _diagnosis(fields["alternative_diagnosis"])
        if fields["other_causes_excluded"] is True:
            raise Declined  # the model's contradiction, worded there
    fields["regions"], registry, signs = _regions(fields["regions"])
    fields["emg"], qualifying, accessory = _studies(fields["emg"])
    if "contraindications" in given:
        fields["contraindications"] = _validated(Contraindications, fields["contraindications"])
    if "nerve_conduction" in given:
        fields["nerve_conduction"] = _validated(NerveConduction, fields["nerve_conduction"])
    return fields, given, registry, Noted(signs, qualifying, accessory)


def _tristate(value: Any) -> bool | None:
    """True, false or null, or a word the TriState type reads as one (exactly its table)."""
    if value is None or value is True or value is False:
        return value
    if type(value) is str:
        word = TRISTATE_WORDS.get(value.strip().lower(), value)
        if word is None or word is True or word is False:
            return word
    raise Declined


def _text(value: Any) -> str | None:
    """Bounded free text, or null: a str (not a subclass) of clean unicode."""
    if value is None:
        return None
    if type(value) is not str or len(value) > LIMITS["text"]:
        raise Declined
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate: pydantic's string_unicode
            raise Declined from None
    return value


def _diagnosis(value: Any) -> str:
    text = _text(value)
    if text is None or diagnosis_refusal(text) is not None:
        raise Declined
    return text.strip()


_dumps = marshal.dumps


def _regions(value: Any) -> tuple[dict[Region, RegionFindings], bool, int]:
    """The regions, whether any holds registry input (flags), and their signs as region
    masks (`Noted.signs`)."""
    if type(value) is not dict:
        raise Declined
    regions: dict[Region, RegionFindings] = {}
    registry = False
    signs = 0
    memo = _REGION_MEMO
    for entry in value.items():
        try:
            exact = _dumps(entry, 2)  # `_exact`, written out: it runs for every entry
        except ValueError:
            raise Declined from None
        found = memo.get(exact)
        if found is None:
            found = _remember(memo, exact, _noted_region(*entry))
        region, regions[region], flagged, marks = found
        signs |= marks
        if flagged:
            registry = True
    return regions, registry, signs


def _noted_region(key: Any, given: Any) -> tuple[Region, RegionFindings, bool, int]:
    """`_region`, and its signs as `Noted.signs` marks them."""
    region, findings, flagged = _region(key, given)
    return region, findings, flagged, sign_marks(region, findings)


def sign_marks(region: Region, findings: RegionFindings) -> int:
    """A region's signs as `Noted.signs` marks them: its bit where it shows UMN signs, where
    weakness or wasting, and where both (criteria.md A.2's two clinical LMN definitions)."""
    bit = 1 << region.order
    marks = bit if findings.umn_signs else 0
    signs = findings.lmn_signs
    weak = "weakness" in signs
    wasting = "wasting" in signs
    if weak or wasting:
        marks |= bit << 4
        if weak and wasting:
            marks |= bit << 8
    return marks


def _region(key: Any, given: Any) -> tuple[Region, RegionFindings, bool]:
    """One region's findings as validation reads them, and whether they are registry input:
    signs and flags read here; sides and EMG summaries by the model's own validator (the
    one the case runs on each region), which is then remembered like the rest."""
    tables = _tables()
    region = tables.regions.get(key) if type(key) is str else None
    if region is None or type(given) is not dict:
        raise Declined
    if REGION_KEYS.issuperset(given):
        if not _STR.issuperset(map(type, given)):  # `_keys`, its names already checked
            raise Declined
        names = set(given)
        fields = _REGION_DEFAULTS.copy()
        fields.update(given)
        umn_signs = fields["umn_signs"] = _words(fields["umn_signs"], tables.umn_signs)
        fields["lmn_signs"] = _words(fields["lmn_signs"], tables.lmn_signs)
        if fields["umn"] is None and fields["lmn"] is None:
            # signs alone: of the case's check (`misplaced_signs`), only whether the region
            # can show its UMN signs applies, and no registry input is held
            if umn_signs and not signs_of(region).issuperset(umn_signs):
                raise Declined
            return region, built(RegionFindings, fields, names), False
        fields["umn"] = _tristate(fields["umn"])
        fields["lmn"] = _tristate(fields["lmn"])
        findings = built(RegionFindings, fields, names)
    else:
        findings = _validated(RegionFindings, given)
    problems, registry = misplaced_signs({region: findings})  # the case's own check
    if problems:
        raise Declined
    return region, findings, registry


def _validated(cls: type[_Model], given: Any) -> _Model:
    """A part of a case validated by its own model, as the case validates it; a refusal is
    the whole case's to word (with the part's place in it)."""
    try:
        return cls.model_validate(given)
    except ValidationError:
        raise Declined from None


def _words(value: Any, allowed: frozenset[str]) -> tuple[str, ...]:
    """A list of words, each a str in `allowed`: kept as given (order, repeats), as a tuple."""
    if type(value) not in _SEQUENCES:
        raise Declined
    if not _STR.issuperset(map(type, value)) or not allowed.issuperset(value):
        raise Declined
    return tuple(value)


def _studies(value: Any) -> tuple[tuple[MuscleStudy, ...], tuple[MuscleStudy, ...], bool]:
    """The muscle records, each read once (`_study`); records that give their own anatomy
    are then held to one anatomy a name, as the case holds them. Beside them, the records
    that qualify and whether an accessory-nerve muscle was studied (`Noted`)."""
    if type(value) not in _SEQUENCES or len(value) > LIMITS["emg_studies"]:
        raise Declined
    studies = []
    qualifying = []
    memo = _STUDY_MEMO
    own_anatomy = accessory = False
    for given in value:
        try:
            exact = _dumps(given, 2)  # `_exact`, written out: it runs for every record
        except ValueError:
            raise Declined from None
        found = memo.get(exact)
        if found is None:
            found = _remember(memo, exact, _noted_study(given))
        study, marks = found
        if marks:
            if marks & _QUALIFIES:
                qualifying.append(study)
            if marks & _OWN_ANATOMY:
                own_anatomy = True
            if marks & _ACCESSORY:
                accessory = True
        studies.append(study)
    read = tuple(studies)
    if own_anatomy and one_name_two_anatomies(read):
        raise Declined
    return read, tuple(qualifying), accessory


_QUALIFIES, _OWN_ANATOMY, _ACCESSORY = 1, 2, 4


def _noted_study(given: Any) -> tuple[MuscleStudy, int]:
    """`_study`, and what `_studies` notes of it, as bits: whether it qualifies under some
    muscle definition, gives its own anatomy, or is an accessory-nerve muscle."""
    study = _study(given)
    marks = 0
    if study.chronic_neurogenic_change and (
        study.fibrillation_potentials
        or study.positive_sharp_waves
        or study.fasciculation_potentials
    ):
        marks |= _QUALIFIES
    if study.region is not None:
        marks |= _OWN_ANATOMY
    if study.muscle in ACCESSORY_MUSCLES:
        marks |= _ACCESSORY
    return study, marks


def _study(given: Any) -> MuscleStudy:
    """One muscle's record as validation reads it: a catalogue muscle here; any other (a
    report's name such as "FDI", a muscle with its own anatomy) by the model's validator
    and then the case's check of that record (`Case._findings_possible`, record by record)."""
    tables = _tables()
    if type(given) is not dict:
        raise Declined
    if STUDY_KEYS.issuperset(given):
        if not _STR.issuperset(map(type, given)):  # `_keys`, its names already checked
            raise Declined
        names = set(given)
        fields = _STUDY_DEFAULTS.copy()
        fields.update(given)
        if (
            tuple(map(type, fields.values())) in _STUDY_TYPES
            and fields["muscle"] in tables.muscles
            and fields["side"] in tables.sides
        ):
            return built(MuscleStudy, fields, names)
    study = _validated(MuscleStudy, given)
    if (study.region, study.roots, study.nerve) == (None, None, None):
        if study.muscle in tables.muscles:
            return study
        key = resolve_muscle(study.muscle)
        if key is not None:  # kept as the catalogue key, as the case keeps it
            return study.model_copy(update={"muscle": key})
    if study.anatomy_problem() is not None:
        raise Declined
    return study


# Each region entry and muscle record read once, by its marshalled form (`_exact`): a record
# written the same way is the same input. What is declined is not remembered. Bounded: a
# memo at MEMO_SIZE starts again empty (every operation on it is one dict operation, so
# threads sharing it at worst read a record twice).
_REGION_MEMO: dict[bytes, tuple[Region, RegionFindings, bool, int]] = {}
_STUDY_MEMO: dict[bytes, tuple[MuscleStudy, int]] = {}
_Remembered = TypeVar("_Remembered")


def _exact(value: Any) -> bytes:
    """The value as marshal writes it: every type kept exactly (true is not 1), any other
    type (a str subclass, a model) refused, so equal bytes are equal input. Version 2
    writes no back-references, so the same value always gives the same bytes."""
    try:
        return _dumps(value, 2)
    except ValueError:  # a type marshal does not write: not JSON, so not ordinary
        raise Declined from None


def _remember(memo: dict[bytes, _Remembered], key: bytes, value: _Remembered) -> _Remembered:
    if len(key) > MEMO_KEY_BYTES:
        return value
    if len(memo) >= MEMO_SIZE:
        memo.clear()
    memo[key] = value
    return value
