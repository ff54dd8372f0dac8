"""Cohorts: many patients in, one row per patient out, nothing lost on the way.

Registries reclassify hundreds to hundreds of thousands of patients at a time, with data
that is never perfect. This package reads the records (`records`), turns a flat CSV row into
a case (`csv_layout`), assesses them in worker processes in input order (`run`), writes rows
and errors (`output`) and counts what moved between criteria sets (`summary`). It is the
only package below the CLI that touches files; it never prints.
"""

from __future__ import annotations
