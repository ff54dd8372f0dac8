"""`alscriteria schema`, `muscles` and `rules`: what the tool accepts and what it applies.

People preparing a cohort need the exact input format, the muscle keys and the anatomy
behind them, and the rules with the clause each implements, without reading the source.
Each command prints JSON for tools (`--json`; schema is always JSON) or a table for people.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.padding import Padding
from rich.text import Text

from alscriteria import wording
from alscriteria.anatomy.catalogue import Muscle, catalogue, muscle_aliases, root_sort_key
from alscriteria.anatomy.regions import Region
from alscriteria.cli.common import parse_readings
from alscriteria.cli.text import printable
from alscriteria.cohort.published import SCHEMAS
from alscriteria.criteria import CRITERIA
from alscriteria.files.atomic import replace_text
from alscriteria.files.json_output import json_text
from alscriteria.rules.rule import Rule

EXIT_OK = 0
EXIT_USAGE = 2

#: The project's specification, which every rule's clause refers to (shipped in the repo).
SPECIFICATION = "docs/criteria.md"


def _print_json(value: Any) -> None:
    sys.stdout.write(json_text(value) + "\n")


def cmd_schema(args: argparse.Namespace, console: Console) -> int:
    """One schema, all of them as one object, or each to its own file (`--out-dir`)."""
    name = args.name or ("case" if args.case else "assessment" if args.result else None)
    chosen = [name] if name else list(SCHEMAS)
    if args.out_dir:
        out = Path(args.out_dir)
        try:
            out.mkdir(parents=True, exist_ok=True)
            for each in chosen:
                text = json_text(SCHEMAS[each]()) + "\n"
                replace_text(out / f"{each}.schema.json", text)
        except OSError as exc:
            where = printable(args.out_dir)
            print(f"alscriteria schema: cannot write to {where}: {exc.strerror}", file=sys.stderr)
            return EXIT_USAGE
        console.print(Text(f"wrote {len(chosen)} schema files to {out}"))
        return EXIT_OK
    if name:
        _print_json(SCHEMAS[name]())
    else:
        _print_json({each: SCHEMAS[each]() for each in chosen})
    return EXIT_OK


def muscle_json(muscle: Muscle) -> dict[str, Any]:
    return {
        "key": muscle.key,
        "name": muscle.name,
        "region": muscle.region.value,
        "roots": sorted(muscle.roots, key=root_sort_key),
        "nerve": muscle.nerve,
        "aliases": list(muscle_aliases().get(muscle.key, ())),
        "notes": muscle.notes,
    }


def cmd_muscles(args: argparse.Namespace, console: Console) -> int:
    known = catalogue()
    muscles = known.in_region(Region(args.region)) if args.region else list(known.values())
    if args.json:
        _print_json([muscle_json(m) for m in muscles])
        return EXIT_OK
    title = f"Muscle catalogue: {args.region}" if args.region else "Muscle catalogue"
    title += " (a case may use the key, the name or any alias; case and dots do not matter)"
    console.print(Text(title, style="bold"))
    # One entry per muscle rather than a table: no name is ever cut, at any width.
    for m in muscles:
        head = Text(m.key, style="bold")
        nerve = m.nerve if re.search(r"\b(nerves?|rami|ramus)\b", m.nerve) else f"{m.nerve} nerve"
        head.append(f"  {m.name}; {m.region.value}; roots {m.roots_text}; {nerve}")
        console.print(Padding(head, (0, 0, 0, 2)))
        aliases = muscle_aliases().get(m.key)
        if aliases:
            console.print(Padding(Text("also read as: " + ", ".join(aliases)), (0, 0, 0, 4)))
        if m.notes:
            console.print(Padding(Text(m.notes, style="dim"), (0, 0, 0, 4)))
    return EXIT_OK


def rule_json(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.id,
        "clause": rule.clause,
        "specification": f"{SPECIFICATION} {rule.clause}",
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
        Text("Readings (A.3.4): " + ", ".join(f"{k}={v}" for k, v in readings.model_dump().items()))
    )
    # A list, not a table: it reads the same at 80 columns as at 200, and nothing is cut.
    for cid in chosen:
        cset = CRITERIA[cid]
        console.print()
        console.print(Text(cset.title, style="bold"))
        console.print(Padding(Text(cset.citation), (0, 0, 0, 2)))
        for rule in cset.rules(readings):
            grants = wording.category(rule.category) if rule.category else "prerequisites gate"
            head = Text(f"{rule.id}", style="bold")
            head.append(f"  {grants}  [{SPECIFICATION} {rule.clause}]")
            console.print(Padding(head, (0, 0, 0, 2)))
            console.print(Padding(Text(rule.statement), (0, 0, 0, 4)))
            if rule.citation != cset.citation:
                console.print(Padding(Text(rule.citation, style="dim"), (0, 0, 0, 4)))
    return EXIT_OK


__all__ = ["cmd_muscles", "cmd_rules", "cmd_schema"]
