"""Every subcommand's arguments, and which function runs it.

The parser is built at every start of `alscriteria` (once per process: app.shared_parser),
so it lives apart from the commands: a command's module (rich, the cohort runner, the
walkthrough) is imported only when that command runs, which keeps `alscriteria evaluate
CASE --json` quick to start. A handler is looked up by name when it runs, so the one
shared parser holds no function a test or an embedding caller may have replaced.
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable
from typing import Any

from alscriteria.anatomy.regions import Region
from alscriteria.cli.common import HelpFormatter, add_criteria_option, add_reading_option
from alscriteria.cohort.formats import CohortFormat

Handler = Callable[[argparse.Namespace, Any], int]

#: The names `alscriteria schema` takes (alscriteria.cohort.published.SCHEMAS; listed here so that
#: building the parser does not build a schema).
SCHEMA_NAMES = (
    "case",
    "assessment",
    "results",
    "history",
    "history-result",
    "batch-row",
    "batch-row-csv",
    "history-row-csv",
    "batch-error",
    "batch-summary",
)


def later(module: str, name: str) -> Handler:
    """The command `name` of `module`, imported when the command runs."""

    def run(args: argparse.Namespace, console: Any) -> int:
        command: Handler = getattr(importlib.import_module(module), name)
        return command(args, console)

    return run


def _sub(
    sub: argparse._SubParsersAction[argparse.ArgumentParser],
    name: str,
    summary: str,
    description: str,
    example: str,
) -> argparse.ArgumentParser:
    return sub.add_parser(
        name,
        help=summary,
        description=description,
        epilog=f"example:\n  {example}",
        formatter_class=HelpFormatter,
    )


def add_evaluate(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    ev = _sub(
        sub,
        "evaluate",
        "evaluate one case (JSON) under the criteria sets",
        "Evaluate one patient's findings (a case: alscriteria docs case; alscriteria example "
        "lists examples) under revised El "
        "Escorial, Awaji-shima and Gold Coast: the category, the rules that fired, what is "
        "missing, and the repeat-testing plan.",
        "alscriteria evaluate examples/definite.json",
    )
    ev.add_argument("case", help="case JSON file, or - for standard input")
    ev.add_argument("--json", action="store_true", help="print the results as JSON")
    ev.add_argument(
        "--no-plan", action="store_true", help="leave out the repeat-testing plan (faster)"
    )
    add_criteria_option(ev)
    add_reading_option(ev)
    ev.set_defaults(handler=later("alscriteria.cli.evaluate", "cmd_evaluate"), plain="json")


def add_walkthrough(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    wt = _sub(
        sub,
        "walkthrough",
        "enter a case region by region, interactively, and see the result",
        "Ask for one patient's findings in clinical order, show the categories as they "
        "change, and end with the full report and plan. Answers are numbers or names; "
        "none, skip, back and ? work at every question; Ctrl-C offers to save.",
        "alscriteria walkthrough --save patient.json",
    )
    wt.add_argument("--resume", metavar="CASE.json", help="continue a saved or partial case")
    wt.add_argument(
        "--save", metavar="CASE.json", help="save the case here without asking (also on stop)"
    )
    wt.add_argument(
        "--history",
        metavar="HISTORY.json",
        help="visit mode: add (or continue) the visit of --visit-date in this patient history "
        "(a new file is started); answers are carried over from the latest earlier visit, "
        "and the ALSFRS-R and staging milestones may be entered (docs/staging.md)",
    )
    wt.add_argument("--visit-date", metavar="YYYY-MM-DD", help="visit mode: the date of this visit")
    wt.add_argument(
        "--onset",
        metavar="YYYY-MM-DD",
        help="visit mode, a new history: the date of the first symptom (asked if not given)",
    )
    wt.set_defaults(handler=later("alscriteria.cli.walkthrough", "walkthrough_command"))


def add_batch(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    batch = _sub(
        sub,
        "batch",
        "assess a cohort (JSON Lines or CSV) under the criteria sets",
        "Assess every patient of a JSON Lines or CSV file (alscriteria docs batch) and write "
        "one row per patient. As a filter, `batch - -o -` needs nothing else: the input "
        "format is read from the content, the rows are JSON Lines, and the bad records and "
        "the summary go to standard error. Exit 0: all records assessed; 1: some failed "
        "(see the errors file); 2: nothing usable, unreadable input, bad options or a write "
        "error (with the counts so far); 130: interrupted, 143: stopped by SIGTERM (the "
        "output is whole up to the last record written); 141: standard output closed by its "
        "reader (| head). --jobs is capped at the CPU count.",
        "alscriteria batch examples/cohort.csv -o results.jsonl --summary summary.json",
    )
    batch.add_argument(
        "input",
        help="cohort file: .jsonl/.ndjson or .csv (- for standard input, its format read "
        "from the content)",
    )
    batch.add_argument(
        "-o",
        "--output",
        required=True,
        help="result file: .jsonl/.ndjson or .csv (- for standard output, JSON Lines unless "
        "--output-format csv)",
    )
    batch.add_argument(
        "--input-format",
        choices=[f.value for f in CohortFormat],
        help="read the input as this format whatever its extension",
    )
    batch.add_argument(
        "--output-format",
        choices=[f.value for f in CohortFormat],
        help="write the output in this format whatever its extension",
    )
    batch.add_argument(
        "--keep-columns",
        action="append",
        metavar="NAMES",
        help="copy these input columns (comma-separated; repeatable; 'all' = every column "
        "the case does not read) unchanged into every output and error row",
    )
    add_criteria_option(batch)
    add_reading_option(batch)
    batch.add_argument(
        "--jobs",
        type=int,
        default=1,
        metavar="N",
        help="worker processes (default 1; 0 = one per CPU); the output order is the input's",
    )
    batch.add_argument(
        "--full", action="store_true", help="keep each whole Assessment (JSON Lines output only)"
    )
    batch.add_argument(
        "--plan",
        action="store_true",
        help="add each criteria set's repeat-testing plan (JSON Lines output; much slower)",
    )
    batch.add_argument(
        "--errors",
        metavar="FILE",
        help="the bad records, written only when there are some (default: "
        "OUTPUT.errors.jsonl; with -o -: standard error)",
    )
    batch.add_argument("--summary", metavar="FILE", help="also write the summary as JSON")
    batch.add_argument(
        "--report",
        metavar="FILE.html",
        help="also write the summary as an HTML page (counts, heat-mapped cross-tables, flow)",
    )
    batch.set_defaults(handler=later("alscriteria.cli.batch", "cmd_batch"))


def add_report(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    report = _sub(
        sub,
        "report",
        "one case as an HTML page to file in the chart (prints on A4 and Letter)",
        "Write one self-contained HTML page to file in the chart (two printed pages for a "
        "case): a header to file it under, the three categories with the deciding findings "
        "in words, red flags, the next step, the regions with a body map (front and back, "
        "each muscle where it lies), the muscles, and the repeat-testing plan. Rule ids, "
        "codes, readings and versions are in an audit section at the end, collapsed on "
        "screen and printed only with --audit. A history (a file with visits) gives its own "
        "page: each visit's categories, when each criteria set was first met, the next "
        "visit, and the last visit in full. The header fields are written on the page only: "
        "never into a result, a batch row or a log. No network or script is needed to read "
        "or print it.",
        "alscriteria report examples/definite.json -o report.html",
    )
    report.add_argument("case", help="case or history JSON file, or - for standard input")
    report.add_argument(
        "-o", "--output", required=True, help="the HTML file to write (- for standard output)"
    )
    report.add_argument(
        "--date",
        metavar="YYYY-MM-DD",
        help="the report date shown when the case records none and no --study-date is given "
        "(default: today)",
    )
    for flag, what in (
        ("--patient-name", "the patient's name"),
        ("--dob", "the date of birth, as you write it"),
        ("--record", "the record (chart) number"),
        ("--study-date", "the date of the EMG study, YYYY-MM-DD (also the page's date)"),
        ("--examiner", "the electromyographer"),
        ("--referrer", "the referring clinician"),
    ):
        report.add_argument(
            flag,
            metavar="TEXT" if flag != "--study-date" else "YYYY-MM-DD",
            help=f"chart header: {what}; on the page only (blank line to write on if not given)",
        )
    report.add_argument(
        "--audit",
        action="store_true",
        help="print the audit section (rule ids, codes, readings, versions) too; on screen it "
        "is always there, collapsed",
    )
    add_reading_option(report)
    report.set_defaults(handler=later("alscriteria.cli.report", "cmd_report"))


def add_bundled(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    spec = _sub(
        sub,
        "spec",
        "the specification's clauses, as the results cite them",
        "Print one clause of the specification every rule implements (docs/criteria.md, "
        "shipped with the package), e.g. A.3.2 or A.3.1.2, or a source S58; without a "
        "clause, the list of clauses.",
        "alscriteria spec A.4",
    )
    spec.add_argument("clause", nargs="?", help="a clause (A.3.2, B.4.1) or a source (S58)")
    spec.set_defaults(handler=later("alscriteria.cli.bundled", "cmd_spec"))
    example = _sub(
        sub,
        "example",
        "the bundled example cases, histories and cohorts",
        "Print a bundled example to standard output (redirect it into a file to start from "
        "it); without a name, the list of examples.",
        "alscriteria example definite > case.json && alscriteria evaluate case.json",
    )
    example.add_argument("name", nargs="?", help="an example's name (definite, cohort.csv, ...)")
    example.set_defaults(handler=later("alscriteria.cli.bundled", "cmd_example"))
    docs = _sub(
        sub,
        "docs",
        "the documents shipped with the package (case format, batch, history, ...)",
        "Print a document shipped with the package (docs/NAME.md): case, criteria, batch, "
        "history, registry, report, serve or staging; without a name, the list.",
        "alscriteria docs case | less",
    )
    docs.add_argument("name", nargs="?", help="a document's name (case, batch, ...)")
    docs.set_defaults(handler=later("alscriteria.cli.bundled", "cmd_docs"))


def add_reference(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    schema = _sub(
        sub,
        "schema",
        "JSON Schemas of the input and of every output",
        "Print the published JSON Schemas (each with $schema and a versioned $id): "
        f"{', '.join(SCHEMA_NAMES)}. Without a name, all of them as one JSON object.",
        "alscriteria schema case   |   alscriteria schema --out-dir schemas/",
    )
    schema.add_argument(
        "name",
        nargs="?",
        choices=SCHEMA_NAMES,
        metavar="NAME",
        help=f"one schema only: {', '.join(SCHEMA_NAMES)}",
    )
    schema.add_argument(
        "--out-dir", metavar="DIR", help="write each schema to DIR/NAME.schema.json"
    )
    which = schema.add_mutually_exclusive_group()
    which.add_argument("--case", action="store_true", help="same as the name case")
    which.add_argument("--result", action="store_true", help="same as the name assessment")
    schema.set_defaults(handler=later("alscriteria.cli.reference", "cmd_schema"))

    muscles = _sub(
        sub,
        "muscles",
        "the muscle catalogue with roots and nerves",
        "List the muscle catalogue: the keys a case may use, with region, roots and nerve.",
        "alscriteria muscles --region cervical",
    )
    muscles.add_argument(
        "--region", choices=[r.value for r in Region], help="only the muscles of one region"
    )
    muscles.add_argument("--json", action="store_true", help="print the catalogue as JSON")
    muscles.set_defaults(handler=later("alscriteria.cli.reference", "cmd_muscles"))

    rules = _sub(
        sub,
        "rules",
        "every rule with its id, clause and citation",
        "List every rule of each criteria set under the chosen readings: id, the clause "
        "of the specification it implements, the paper, and the rule in words.",
        "alscriteria rules --criteria awaji",
    )
    add_criteria_option(rules)
    add_reading_option(rules)
    rules.add_argument("--json", action="store_true", help="print the rules as JSON")
    rules.set_defaults(handler=later("alscriteria.cli.reference", "cmd_rules"))


def add_timeline(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    tl = _sub(
        sub,
        "timeline",
        "follow one patient's dated visits (history JSON) under the criteria sets",
        "Evaluate every visit of a patient history (alscriteria docs history): the three "
        "categories per visit, progression derived from the findings where a visit leaves "
        "it unset (criteria.md A.5), when each criteria set was first met, and the next "
        "visit planned.",
        "alscriteria timeline examples/history-limb-onset.json",
    )
    tl.add_argument("history", help="history JSON file, or - for standard input")
    tl.add_argument("--json", action="store_true", help="print the result as JSON")
    tl.add_argument("--regions", action="store_true", help="add the region grid of each visit")
    tl.add_argument(
        "--delta-fs-cutoffs",
        choices=["labra_2016", "kimura_2006", "gordon_2006", "elamin_2015"],
        default="labra_2016",
        metavar="SET",
        help="the published cut-off set that names the ΔFS band: labra_2016 (the default), "
        "kimura_2006, gordon_2006 or elamin_2015 (docs/staging.md)",
    )
    tl.add_argument(
        "--no-plan", action="store_true", help="leave out the plans and the next visit (faster)"
    )
    add_criteria_option(tl)
    add_reading_option(tl)
    tl.set_defaults(handler=later("alscriteria.cli.timeline", "cmd_timeline"))


__all__ = [
    "add_batch",
    "add_evaluate",
    "add_reference",
    "add_report",
    "add_timeline",
    "add_walkthrough",
    "later",
]
