"""`alscriteria schema`, `muscles` and `rules`: what the tool accepts and what it applies.

People preparing a cohort need the exact input format, the muscle keys and the anatomy
behind them, and the rules with the clause each implements, without reading the source.
Each command prints JSON for tools (`--json`; schema is always JSON) or a table for people.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from rich.console import Console
from rich.table import Table

from alscriteria import assessment_schema, case_schema, wording
from alscriteria.cli.common import parse_readings
from alscriteria.criteria import CRITERIA
from alscriteria.regions.anatomy import Region
from alscriteria.regions.catalogue import Muscle, catalogue, root_sort_key
from alscriteria.rules.rule import Rule

EXIT_OK = 0


def _print_json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, indent=2) + "\n")


def cmd_schema(args: argparse.Namespace, console: Console) -> int:
    if args.case:
        _print_json(case_schema())
    elif args.result:
        _print_json(assessment_schema())
    else:
        _print_json({"case": case_schema(), "assessment": assessment_schema()})
    return EXIT_OK


def muscle_json(muscle: Muscle) -> dict[str, Any]:
    return {
        "key": muscle.key,
        "name": muscle.name,
        "region": muscle.region.value,
        "roots": sorted(muscle.roots, key=root_sort_key),
        "nerve": muscle.nerve,
        "notes": muscle.notes,
    }


def cmd_muscles(args: argparse.Namespace, console: Console) -> int:
    known = catalogue()
    muscles = known.in_region(Region(args.region)) if args.region else list(known.values())
    if args.json:
        _print_json([muscle_json(m) for m in muscles])
        return EXIT_OK
    title = f"Muscle catalogue: {args.region}" if args.region else "Muscle catalogue"
    table = Table(title=title, title_justify="left")
    table.add_column("Key", no_wrap=True)
    for column in ("Muscle", "Region", "Roots", "Nerve"):
        table.add_column(column)
    table.add_column("Notes", ratio=1)
    for m in muscles:
        table.add_row(m.key, m.name, m.region.value, m.roots_text, m.nerve, m.notes)
    console.print(table)
    return EXIT_OK


def rule_json(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.id,
        "clause": rule.clause,
        "citation": rule.citation,
        "statement": rule.statement,
        "category": rule.category,
        "requirements": [
            {
                "code": r.code,
                "field": r.field,
                "op": r.op,
                **({"other": r.other} if r.other else {"value": r.value}),
            }
            for r in rule.requirements
        ],
    }


def cmd_rules(args: argparse.Namespace, console: Console) -> int:
    readings = parse_readings(args.reading)
    chosen = args.criteria or list(CRITERIA)
    if args.json:
        _print_json(
            {
                "readings": readings.model_dump(mode="json"),
                "criteria": {
                    cid: {
                        "title": CRITERIA[cid].title,
                        "citation": CRITERIA[cid].citation,
                        "rules": [rule_json(r) for r in CRITERIA[cid].rules(readings)],
                    }
                    for cid in chosen
                },
            }
        )
        return EXIT_OK
    console.print(
        "Readings (A.3.4): " + ", ".join(f"{k}={v}" for k, v in readings.model_dump().items()),
        markup=False,
        highlight=False,
    )
    for cid in chosen:
        cset = CRITERIA[cid]
        rules = cset.rules(readings)
        # The set's citation heads the table; a column repeats it only where a rule differs.
        own_citations = any(rule.citation != cset.citation for rule in rules)
        table = Table(title=f"{cset.title}: {cset.citation}", title_justify="left")
        table.add_column("Rule", no_wrap=True)
        table.add_column("Clause")
        table.add_column("Grants")
        table.add_column("Statement", ratio=1)
        if own_citations:
            table.add_column("Citation", ratio=1)
        for rule in rules:
            grants = wording.category(rule.category) if rule.category else "prerequisites gate"
            cells = [rule.id, rule.clause, grants, rule.statement]
            table.add_row(*cells, *([rule.citation] if own_citations else []))
        console.print(table)
    return EXIT_OK


__all__ = ["cmd_muscles", "cmd_rules", "cmd_schema"]
