"""The disputed readings of criteria.md A.3.4, as options with the defaults first.

The literature does not settle these points, so the engine makes each one explicit:
every Assessment names the readings it used and says where another would change the result.
"""

from __future__ import annotations

import difflib
from functools import cache
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, ValidationError

from alscriteria.errors import InvalidReadingsError


class Readings(BaseModel):
    """Where the papers can be read two ways (criteria.md A.3.4), the choice made; the
    defaults are the project's reading of the text. Pass one to `evaluate`, `evaluate_all`
    or `evaluate_history` (or a mapping, `{"probable": "aggregate"}`); every result names the
    readings it used, and `alternatives` lists what another reading would have given.

    Options and values: probable (separate, aggregate), rostral (some-pair, top-down),
    rostral_same_region (strict, counts), gap (residual-possible, unclassified),
    lab_supported_emg (regions, limbs), root_independence (disjoint, not-identical),
    accessory_muscles (bulbar, cervical). A value outside these raises InvalidReadingsError.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    probable: Literal["separate", "aggregate"] = "separate"
    """Probable: UMN and LMN region sets counted separately (>=2 each), or together (>=2)."""

    rostral: Literal["some-pair", "top-down"] = "some-pair"
    """Which UMN/LMN pairs make "UMN rostral to LMN"."""

    rostral_same_region: Literal["strict", "counts"] = "strict"
    """Whether a UMN sign in the same region as the LMN sign counts as rostral."""

    gap: Literal["residual-possible", "unclassified"] = "residual-possible"
    """UMN and LMN present but no clause of the text covers the pattern."""

    lab_supported_emg: Literal["regions", "limbs"] = "regions"
    """Revised El Escorial probable-laboratory-supported: EMG in two regions or two limbs."""

    root_independence: Literal["disjoint", "not-identical"] = "disjoint"
    """Two limb muscles are root-independent when their root sets share nothing, or differ."""

    accessory_muscles: Literal["bulbar", "cervical"] = "bulbar"
    """The region that sternocleidomastoid and trapezius count for."""

    def alternatives(self) -> tuple[tuple[str, str, Readings], ...]:
        """Each single-option departure from these readings: (option, value, readings)."""
        return _alternatives(self)

    @classmethod
    def options(cls) -> dict[str, tuple[str, ...]]:
        """Every option with its allowed values, default first."""
        return {name: tuple(get_args(f.annotation)) for name, f in cls.model_fields.items()}


@cache
def _alternatives(readings: Readings) -> tuple[tuple[str, str, Readings], ...]:
    out: list[tuple[str, str, Readings]] = []
    for name, field in Readings.model_fields.items():
        current = getattr(readings, name)
        for value in get_args(field.annotation):
            if value != current:
                out.append((name, value, readings.model_copy(update={name: value})))
    return tuple(out)


@cache
def _allowed() -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple(Readings.options().items())


def _valid_as_built(value: Readings) -> bool:
    """Whether every option holds one of its allowed values, exactly.

    `model_construct` and `model_copy(update=...)` skip validation: a misspelt value would
    otherwise be read as "not the default" and apply the other reading.
    """
    fields = value.__dict__
    return (
        not value.__pydantic_extra__
        and len(fields) == len(_allowed())
        and all(
            type(fields.get(name)) is str and fields[name] in allowed
            for name, allowed in _allowed()
        )
    )


def _did_you_mean(given: str, allowed: tuple[str, ...]) -> str:
    """The nearest allowed value to a misspelt one, as every other field of a case offers
    (case.py `nearest`)."""
    found = difflib.get_close_matches(given.strip().lower(), list(allowed), n=1, cutoff=0.6)
    return f" (did you mean {found[0]!r}?)" if found else ""


#: Readings objects found valid, by id (each held beside its id, so the id cannot be reused):
#: a Readings is frozen, so one found valid stays valid, and a cohort passes the same object
#: for every case. Bounded: at 64 it starts again empty.
_TRUSTED: dict[int, Readings] = {}


def readings_from(value: Readings | dict[str, Any] | None) -> Readings:
    """Readings the engine can trust: validated, whatever built them (criteria.md A.3.4)."""
    if value is None:
        return DEFAULT_READINGS
    if isinstance(value, Readings):
        if _TRUSTED.get(id(value)) is value:  # checked before: a cohort passes one object
            return value
        if _valid_as_built(value):
            if len(_TRUSTED) >= 64:
                _TRUSTED.clear()
            _TRUSTED[id(value)] = value
            return value
        value = {**value.__dict__, **(value.__pydantic_extra__ or {})}
    try:
        return Readings.model_validate(value)
    except ValidationError as exc:
        options = Readings.options()
        problems = []
        for err in exc.errors():
            name = str(err["loc"][0]) if err["loc"] else "readings"
            allowed = options.get(name)
            if allowed is None:
                problems.append(
                    f"readings: unknown option {name!r}; options: {', '.join(options)}"
                    + _did_you_mean(name, tuple(options))
                )
            else:
                given = err.get("input")
                problems.append(
                    f"readings.{name}: {given!r} is not allowed; "
                    f"allowed: {', '.join(allowed)}"
                    + (_did_you_mean(given, allowed) if isinstance(given, str) else "")
                )
        raise InvalidReadingsError("; ".join(problems)) from None


#: Built without the validator (defaults only), so importing the package builds no schema.
DEFAULT_READINGS = Readings.model_construct()
