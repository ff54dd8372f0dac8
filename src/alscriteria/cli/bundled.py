"""`alscriteria spec` and `alscriteria example`: the specification and the examples that the
results, the help and the README cite, read from the installed package.

A user who installed from a wheel has no repository: a result that cites "docs/criteria.md
A.4" or help that says "see examples/" must be answerable from the package itself.
"""

from __future__ import annotations

import argparse
import re
import sys
from importlib import resources
from importlib.resources.abc import Traversable

from rich.console import Console

from alscriteria.cli.common import EXIT_OK, UsageError
from alscriteria.cli.text import printable

#: A clause as the results cite it: A.3, A.3.1, A.3.1.2, B.4.1, or a source S58.
_CLAUSE = re.compile(r"^(?:[AB](?:\.\d+)+|S\d+)$")
_HEADING = re.compile(r"^(#{2,4}) ([AB](?:\.\d+)+)\b")

#: What each bundled example shows, for the listing (the file names are the contract).
EXAMPLES = {
    "definite": "Definite ALS (El Escorial, Awaji), ALS (Gold Coast): case JSON",
    "probable": "Probable ALS (El Escorial, Awaji); weakness without wasting: case JSON",
    "probable-laboratory-supported": "El Escorial's laboratory-supported category: case JSON",
    "possible": "Possible ALS (El Escorial, Awaji): case JSON",
    "not-met": "no criteria set met: case JSON",
    "als": "a pure LMN picture: Gold Coast ALS, the others not met: case JSON",
    "registry-summary": "a registry's yes/no flags and EMG conclusions: case JSON",
    "history-limb-onset": "one patient's dated visits, limb onset: history JSON",
    "history-pure-lmn": "dated visits of a pure LMN picture: history JSON",
    "history-benign-fasciculations": "dated visits of benign twitching: history JSON",
    "history-myelopathy-restated": "another cause restated while findings spread: history JSON",
    "history-flail-arm-function": "leg function rules out flail arm; King's falls: history JSON",
    "cohort.csv": "a cohort, one row per patient: batch input, CSV",
    "cohort.jsonl": "a cohort, one case per line: batch input, JSON Lines",
    "histories.jsonl": "histories, one per line: batch input, JSON Lines",
    "registry.csv": "a registry's own columns: batch input, CSV (--keep-columns)",
    "visits.csv": "a registry's visit table, one row per visit: batch input, CSV",
}


def _package_file(*parts: str) -> Traversable:
    return resources.files("alscriteria").joinpath(*parts)


def specification_text() -> str:
    return _package_file("docs", "criteria.md").read_text(encoding="utf-8")


def _section(lines: list[str], start: int, level: int) -> list[str]:
    """A heading and everything under it, to the next heading of the same or a higher level."""
    end = len(lines)
    for i in range(start + 1, len(lines)):
        found = re.match(r"^(#+) ", lines[i])
        if found and len(found[1]) <= level:
            end = i
            break
    return [line.rstrip() for line in lines[start:end]]


def _numbered_item(body: list[str], number: str) -> list[str] | None:
    """Item N of a clause's numbered list ("A.3.1.2" is item 2 of A.3.1), continuation lines
    included."""
    for i, line in enumerate(body):
        if line.startswith(f"{number}. "):
            item = [line]
            for more in body[i + 1 :]:
                if not more.startswith("   ") and more.strip():
                    break
                if not more.strip():
                    break
                item.append(more)
            return item
    return None


def _headings(lines: list[str]) -> dict[str, tuple[int, int]]:
    """Each clause id -> (line, heading level): a heading's own id ("### B.4.1 ...") or the
    ids it names in brackets ("### Fasciculations (B.1.3, B.2.2)")."""
    found: dict[str, tuple[int, int]] = {}
    for i, line in enumerate(lines):
        level = re.match(r"^(#{2,4}) ", line)
        if not level:
            continue
        own = _HEADING.match(line)
        ids = [own[2]] if own else []
        for bracket in re.findall(r"\(([^)]*)\)", line):
            ids += re.findall(r"\b[AB](?:\.\d+)+\b", bracket)
        for clause in ids:
            found.setdefault(clause, (i, len(level[1])))
    return found


def clause_text(clause: str) -> str | None:
    """The text of one clause of the specification, or None when it has no such clause."""
    lines = specification_text().splitlines()
    if clause.startswith("S"):
        said = [line for line in lines if line.startswith(f"- {clause}. ")]
        return said[0][2:] if said else None
    headings = _headings(lines)
    if clause in headings:
        start, level = headings[clause]
        return "\n".join(_section(lines, start, level)).strip()
    parent, _, number = clause.rpartition(".")
    if parent in headings:
        start, level = headings[parent]
        item = _numbered_item(_section(lines, start, level), number)
        if item is not None:
            return "\n".join([lines[start], "", *item])
    return None


def _contents() -> str:
    lines = specification_text().splitlines()
    return "\n".join(
        "  " * (len(m[1]) - 2) + line.lstrip("# ") for line in lines if (m := _HEADING.match(line))
    )


def cmd_spec(args: argparse.Namespace, console: Console) -> int:
    """One clause of the specification, or its contents when none is named."""
    if not args.clause:
        sys.stdout.write(
            "The specification every rule implements (docs/criteria.md). Clauses:\n"
            + _contents()
            + "\nShow one with: alscriteria spec A.3.2 (or a source: alscriteria spec S58)\n"
        )
        return EXIT_OK
    clause = args.clause.strip().upper().removeprefix("DOCS/CRITERIA.MD").strip()
    if not _CLAUSE.match(clause):
        raise UsageError(
            f"{printable(args.clause)} is not a clause; give one as the results cite it, "
            "e.g. A.3, A.3.1.2, B.4.1 or a source S58 (alscriteria spec lists them)"
        )
    text = clause_text(clause)
    if text is None:
        raise UsageError(
            f"the specification has no clause {clause}; alscriteria spec lists the clauses"
        )
    sys.stdout.write(text + "\n")
    return EXIT_OK


#: The documents shipped with the package, as `--help` and the results name them.
DOCUMENTS = {
    "case": "the case format: every field, its allowed values, an example",
    "criteria": "the specification every rule implements (clauses: alscriteria spec)",
    "batch": "assessing a cohort: inputs, rows, errors, summary",
    "history": "one patient's dated visits: progression, first met, the next visit",
    "registry": "registry data as it is: yes/no flags, EMG conclusions, own columns",
    "report": "the chart page",
    "serve": "the page and the local JSON API (alscriteria serve)",
    "staging": "function and stage over time: ALSFRS-R, ΔFS, MiToS, King's",
    "design": "the house: where each thing lives in the code, and why",
}


def _listing(title: str, items: dict[str, str]) -> int:
    """A title and its names, each with what it holds, in two aligned columns."""
    width = max(map(len, items))
    lines = [f"  {name:<{width}}  {what}" for name, what in items.items()]
    sys.stdout.write(f"{title}:\n" + "\n".join(lines) + "\n")
    return EXIT_OK


def cmd_docs(args: argparse.Namespace, console: Console) -> int:
    """A shipped document printed whole (docs/NAME.md), or the list of them."""
    if not args.name:
        return _listing(
            "Documents shipped with alscriteria (alscriteria docs NAME prints one)", DOCUMENTS
        )
    name = args.name.strip().lower().removeprefix("docs/").removesuffix(".md")
    if name not in DOCUMENTS:
        raise UsageError(f"no document {printable(args.name)!r}; allowed: {', '.join(DOCUMENTS)}")
    sys.stdout.write(_package_file("docs", f"{name}.md").read_text(encoding="utf-8"))
    return EXIT_OK


def _example_file(name: str) -> Traversable | None:
    """A listed example by its name ("definite") or its file name ("definite.json")."""
    key = name.removesuffix(".json")
    if key not in EXAMPLES:
        return None
    found = _package_file("examples", key if "." in key else f"{key}.json")
    return found if found.is_file() else None


def cmd_example(args: argparse.Namespace, console: Console) -> int:
    """A bundled example printed to standard output (to redirect into a file), or the list."""
    if not args.name:
        return _listing(
            "Bundled examples (alscriteria example NAME > FILE writes one out)", EXAMPLES
        )
    found = _example_file(args.name.strip())
    if found is None:
        import difflib

        near = difflib.get_close_matches(args.name, list(EXAMPLES), n=1)
        hint = f"; did you mean {near[0]!r}?" if near else ""
        raise UsageError(
            f"no example {printable(args.name)!r}{hint} (alscriteria example lists them)"
        )
    sys.stdout.write(found.read_text(encoding="utf-8"))
    return EXIT_OK


__all__ = ["DOCUMENTS", "EXAMPLES", "clause_text", "cmd_docs", "cmd_example", "cmd_spec"]
