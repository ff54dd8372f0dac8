"""Validation errors as the user reads them: each names the field by its path and offers the
allowed values or the nearest spelling.
"""

from __future__ import annotations

from typing import Annotated, Any, get_args, get_origin

from pydantic import BaseModel, ValidationError

from alscriteria.anatomy.regions import Region
from alscriteria.anatomy.vocabulary import words
from alscriteria.case.findings import EMG_SUMMARY_FINDINGS
from alscriteria.case.words import TRISTATE_ALLOWED, WORD_FIELDS, spelling_hint
from alscriteria.files.json_input import shown

#: Marks a validator message whose lines already name their fields (see describe_errors).
LOCATED = "located:"


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    if get_origin(annotation) in (Annotated,):
        return _models_in(get_args(annotation)[0])
    for arg in get_args(annotation):
        found.extend(_models_in(arg))
    return found


def _model_at(root: type[BaseModel], loc: tuple[int | str, ...]) -> type[BaseModel] | None:
    """The model that owns the last element of an error location."""
    model: type[BaseModel] = root
    for part in loc[:-1]:
        field = model.model_fields.get(part) if isinstance(part, str) else None
        if field is None:
            continue
        inner = _models_in(field.annotation)
        if not inner:
            return None
        model = inner[0]
    return model


def _where(loc: tuple[int | str, ...]) -> str:
    """An error location as a path; a key that is not a plain name is shown quoted (repr
    escapes control characters, so a key cannot instruct the terminal)."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        elif part == "[key]":
            continue
        elif part.isidentifier() and part.isascii():
            text += f".{part}" if text else part
        else:
            text += f"[{shown(part)}]"
    return text or "case"


def _word_field(loc: tuple[int | str, ...]) -> tuple[str, str] | None:
    """The vocabulary of the field an error is in (the last named part of its location)."""
    names = [part for part in loc if isinstance(part, str)]
    return WORD_FIELDS.get(names[-1]) if names else None


#: Fields whose values are true/false/unknown, and what a message says they allow.
_TRISTATE_FIELDS = {
    "progression",
    "other_causes_excluded",
    "motor_symptoms",
    *EMG_SUMMARY_FINDINGS,
    "independent_muscles",
    "umn",
    "lmn",
}


def _strict_bool(owner: type[BaseModel] | None, name: str) -> bool:
    """A finding that only true or false can answer: a muscle's own findings were seen or
    not (a summary's may be unknown, which is why the names alone cannot tell)."""
    field = owner.model_fields.get(name) if owner is not None else None
    return field is not None and field.annotation is bool


def _allowed_for(root: type[BaseModel], loc: tuple[int | str, ...], kind: str) -> str:
    """What a field takes, said the way a message should (for type errors)."""
    names = [part for part in loc if isinstance(part, str) and part != "[key]"]
    name = names[-1] if names else ""
    if name in ("umn", "lmn"):
        return f"{TRISTATE_ALLOWED}; to name the signs, use {name}_signs"
    if name in _TRISTATE_FIELDS and not _strict_bool(_model_at(root, loc), name):
        return TRISTATE_ALLOWED
    if kind.startswith("bool"):
        return "true, false"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        owner = _model_at(root, (*loc, "?"))
        if name == "regions":
            return "an object whose keys are regions: " + ", ".join(r.value for r in Region)
        if owner is not None:
            return "an object with the keys " + ", ".join(owner.model_fields)
        return "an object"
    if kind in ("list_type", "tuple_type"):
        if name in WORD_FIELDS:
            return "a list of: " + ", ".join(words(WORD_FIELDS[name][0]))
        return "a list"
    if kind in ("string_type", "str_type"):
        return "text"
    return ""


def describe_errors(exc: ValidationError, root: type[BaseModel]) -> list[str]:
    """Every problem as one line: the field, the value given (bounded) and what is allowed."""
    problems: list[str] = []
    for err in exc.errors():
        loc = tuple(err["loc"])
        where = _where(loc)
        kind = err["type"]
        given = err.get("input")
        ctx = err.get("ctx", {})
        if kind == "extra_forbidden":
            owner = _model_at(root, loc)
            allowed = list(owner.model_fields) if owner else []
            key = str(loc[-1])
            problems.append(
                f"{_where(loc[:-1])}: unknown key {shown(key)}{spelling_hint(key, allowed)}; "
                f"allowed keys: {', '.join(allowed)}"
            )
        elif kind == "enum":
            regions = [v.value for v in Region]
            problems.append(
                f"{where}: {shown(given)} is not a region{spelling_hint(str(given), regions)}; "
                f"allowed: {', '.join(regions)}"
            )
        elif kind == "literal_error" and _word_field(loc) is not None:
            vocabulary, what = _word_field(loc)  # type: ignore[misc]
            allowed = list(words(vocabulary))
            problems.append(
                f"{where}: {shown(given)} is not a {what}{spelling_hint(str(given), allowed)}; "
                f"allowed: {', '.join(allowed)}"
            )
        elif kind == "literal_error":
            problems.append(
                f"{where}: {shown(given)} is not allowed; allowed: {ctx.get('expected', '')}"
            )
        elif kind == "value_error":
            message = err["msg"].removeprefix("Value error, ")
            if message.startswith(LOCATED):
                problems.extend(message.removeprefix(LOCATED).splitlines())
            else:
                problems.append(f"{where}: {message}")
        elif kind == "missing":
            problems.append(f"{where}: required field is missing")
        elif kind == "too_long":
            problems.append(
                f"{where}: at most {ctx.get('max_length')} items in one case "
                f"(got {ctx.get('actual_length')}; see the size limits in the README)"
            )
        elif kind == "string_unicode":
            problems.append(
                f"{where}: {shown(given)} holds a character that is not text (a lone "
                "surrogate, from a bad escape); fix the value"
            )
        elif kind == "string_too_long":
            problems.append(
                f"{where}: at most {ctx.get('max_length')} characters (got {len(str(given))})"
            )
        else:
            allowed_text = _allowed_for(root, loc, kind)
            expected = f"; allowed: {allowed_text}" if allowed_text else ""
            problems.append(f"{where}: {shown(given)} is not allowed here{expected}")
    return problems
