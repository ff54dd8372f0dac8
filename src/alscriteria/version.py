"""The package version, in one place: pyproject.toml reads it, and every result carries it."""

__version__ = "0.2.0"
