"""One small error hierarchy, so callers can catch everything we raise with one clause.

`AlsCriteriaError` derives from `ValueError` because every error we raise is about a value
the caller gave us; code that already guards with `except ValueError` keeps working.
"""

from __future__ import annotations


class AlsCriteriaError(ValueError):
    """Base of every error alscriteria raises on purpose."""


class InvalidCaseError(AlsCriteriaError):
    """The case does not follow the contract; `problems` names each field at fault."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        super().__init__("invalid case:\n" + "\n".join(f"  - {p}" for p in self.problems))


class InvalidInputError(AlsCriteriaError):
    """Input that is not usable text or JSON (encoding, duplicate keys, nesting, size)."""


class UnknownCriteriaError(AlsCriteriaError):
    """A criteria id outside the registry was asked for."""


class InvalidReadingsError(AlsCriteriaError):
    """A reading (A.3.4 option) was given a value it does not have."""


class EngineError(AlsCriteriaError):
    """The rule engine failed or a rule action raised; the evaluation gave no result."""
