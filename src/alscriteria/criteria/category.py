"""The categories a criteria set can reach: the criteria own them, and every result reports one."""

from __future__ import annotations

from enum import StrEnum


class Category(StrEnum):
    """A criteria set's diagnostic category (its value is the JSON string). Revised El
    Escorial and Awaji grade definite to possible; Gold Coast says `als` or `not-met`."""

    DEFINITE = "definite"
    PROBABLE = "probable"
    PROBABLE_LABORATORY_SUPPORTED = "probable-laboratory-supported"
    POSSIBLE = "possible"
    ALS = "als"
    NOT_MET = "not-met"
