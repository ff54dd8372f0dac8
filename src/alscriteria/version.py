"""The package version, in one place: pyproject.toml reads it, and every result carries it."""

__version__ = "0.2.0"

#: Bumped whenever any rule's condition, or how the evidence it reads is derived, changes, so
#: a stored result says which rules made it and a host never runs a stale ruleset. Kept here,
#: beside the package version, so that `alscriteria --version` imports no rule.
RULES_VERSION = "r3"
