"""What a visit records of function: the ALSFRS-R items and the staging milestones.

The key names are a contract (issue 25): registries and other tools write them, and the
visit CSV's columns are the same names (`alsfrs_r_speech`, `gastrostomy_date`, ...).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    ValidationError,
    model_validator,
)

from alscriteria.case.messages import describe_errors
from alscriteria.errors import InvalidCaseError


def _iso_date(value: Any) -> Any:
    """A date written YYYY-MM-DD (or a date): never a number read as a timestamp."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        raise ValueError("not a date; write it YYYY-MM-DD (2024-03-15)")
    return date.fromisoformat(value.strip())


IsoDate = Annotated[date, BeforeValidator(_iso_date)]

#: The twelve ALSFRS-R items in the form's order (Cedarbaum 1999; LOINC panel 82954-9).
ITEMS = (
    "speech",
    "salivation",
    "swallowing",
    "handwriting",
    "cutting_food",
    "dressing_hygiene",
    "turning_in_bed",
    "walking",
    "climbing_stairs",
    "dyspnea",
    "orthopnea",
    "respiratory_insufficiency",
)

#: The four domains and their items (items 1-3, 4-6, 7-9, 10-12).
DOMAINS = {
    "bulbar": ITEMS[0:3],
    "fine_motor": ITEMS[3:6],
    "gross_motor": ITEMS[6:9],
    "respiratory": ITEMS[9:12],
}

Score = Annotated[StrictInt, Field(ge=0, le=4)]

#: King's regions of functional involvement (Roche 2012): the respiratory system is not a
#: region; breathing enters the staging as the need for NIV (stage 4B).
FunctionalRegion = Literal["bulbar", "upper_limb", "lower_limb"]


class ALSFRSR(BaseModel):
    """One ALSFRS-R form: each item 0 (no function) to 4 (normal); a partial form is kept
    as it is, and what cannot be computed from it is said, not guessed."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    speech: Score | None = None
    salivation: Score | None = None
    swallowing: Score | None = None
    handwriting: Score | None = None
    cutting_food: Score | None = Field(
        default=None, description="item 5: 5a, or 5b when `gastrostomy` is true"
    )
    dressing_hygiene: Score | None = None
    turning_in_bed: Score | None = None
    walking: Score | None = None
    climbing_stairs: Score | None = None
    dyspnea: Score | None = None
    orthopnea: Score | None = None
    respiratory_insufficiency: Score | None = None
    gastrostomy: StrictBool = Field(
        default=False,
        description="item 5 was scored as 5b (cutting food and handling utensils with a "
        "gastrostomy)",
    )

    def score(self, item: str) -> int | None:
        value: int | None = getattr(self, item)
        return value

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(i for i in ITEMS if self.score(i) is None)

    @property
    def total(self) -> int | None:
        """0 to 48, or None for a partial form (a partial sum is not an ALSFRS-R total)."""
        scores = [self.score(i) for i in ITEMS]
        return None if None in scores else sum(s for s in scores if s is not None)

    def domain(self, name: str) -> int | None:
        scores = [self.score(i) for i in DOMAINS[name]]
        return None if None in scores else sum(s for s in scores if s is not None)


class Milestone(BaseModel):
    """A staging milestone reached, with its date (Roche 2012: the need for it counts, so
    a refused gastrostomy or a trialled NIV is the milestone too)."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    status: Literal["provided", "trialled", "refused"]
    date: IsoDate


class VisitFunction(BaseModel):
    """What one visit records of function: the form, the milestones, the regions with
    functional involvement. Every field may be left out."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    alsfrs_r: ALSFRSR | None = None
    gastrostomy: Milestone | None = Field(
        default=None, description="gastrostomy (or nasogastric feeding) provided or refused"
    )
    niv: Milestone | None = Field(
        default=None, description="non-invasive ventilation provided, trialled or refused"
    )
    diagnosis_date: IsoDate | None = Field(
        default=None, description="the date ALS was diagnosed, where the clinic records it"
    )
    functional_involvement: tuple[FunctionalRegion, ...] | None = Field(
        default=None,
        description="the regions with functional involvement (weakness, wasting, spasticity, "
        "dysarthria or dysphagia that affects function) by this visit: bulbar, upper_limb, "
        "lower_limb (King's staging, Roche 2012; not the same as UMN or LMN signs)",
    )

    @model_validator(mode="after")
    def _tube_not_trialled(self) -> VisitFunction:
        """Roche 2012 counts a gastrostomy provided or refused; a trial is not a milestone."""
        if self.gastrostomy is not None and self.gastrostomy.status == "trialled":
            raise ValueError(
                "gastrostomy.status: 'trialled' is not a staging milestone for a gastrostomy "
                "(King's staging counts it provided or refused); allowed: provided, refused"
            )
        return self


#: The visit keys that belong to function, not to the case.
FUNCTION_KEYS = frozenset(VisitFunction.model_fields)

_SCORE_AT = re.compile(r"^alsfrs_r\.(\w+): (.*) is not allowed here$")


def parse_visit_function(data: Mapping[str, Any]) -> VisitFunction:
    """A visit's function fields, or InvalidCaseError naming each field and what it allows."""
    try:
        return VisitFunction.model_validate(data)
    except ValidationError as exc:
        problems = []
        for problem in describe_errors(exc, VisitFunction):
            problem = problem.removeprefix("case: ")
            found = _SCORE_AT.match(problem)
            if found and found[1] in ITEMS:
                problem = f"{problem}; allowed: a whole number 0 to 4 (4 is normal function)"
            elif found and found[1] == "gastrostomy":
                problem = f"{problem}; allowed: true (item 5 scored as 5b) or false"
            problems.append(problem)
        raise InvalidCaseError(problems) from None


__all__ = [
    "ALSFRSR",
    "DOMAINS",
    "FUNCTION_KEYS",
    "ITEMS",
    "FunctionalRegion",
    "Milestone",
    "VisitFunction",
    "parse_visit_function",
]
