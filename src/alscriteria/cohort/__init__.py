"""Cohorts: many patients in, one row per patient out, nothing lost on the way.

Registries reclassify hundreds to hundreds of thousands of patients at a time, with data
that is never perfect. In the order a run goes:

- `setup`: the batch options checked, the input opened, every output refused or staged;
- `formats`, `lines`, `records`, `csv_quotes`: the file as lines, then records (JSON Lines
  texts, CSV cells, a patient's visit rows: `visit_groups`, `visits`);
- `csv_layout`, `csv_registry`, `function_columns`, `kept`: a flat CSV row as a case;
- `assess_record`: one record assessed, formatted and encoded (`histories` for a history);
- `pool`: the worker processes (the only home of multiprocessing, signals and ctypes);
- `run`: the loop that writes chunks in input order and counts them;
- `rows`, `history_csv`, `output`, `stdout`: rows as bytes, and files written whole;
- `summary`, `summary_model`: the counts, and the typed summary every presentation reads;
- `schema`, `published`: the JSON Schemas of what a run writes;
- `memory`: the same rows for records held in memory (`alscriteria.assess_cohort`).

It is the only package below the CLI that touches files; it never prints.
"""

from __future__ import annotations
