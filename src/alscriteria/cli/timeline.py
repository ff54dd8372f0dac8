"""`alscriteria timeline`: one patient's visits as a table, visits as rows and the criteria
sets as columns, then how progression was decided, when each set was first met, the red
flags and the next visit. The region grid of every visit is behind `--regions`.

Everything is said in words or symbols as well as colour (NO_COLOR loses nothing), and the
table fits 80 columns: category names are short here, and in full in `--json`.

About 400 lines, one command's screen: the table, the sections under it and their fitting
to 80 columns read the same result together, and split apart they would pass it around.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from typing import Any

from rich import box
from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from alscriteria import wording
from alscriteria.case.dates import in_months
from alscriteria.cli.common import EXIT_OK, load_json, parse_readings
from alscriteria.cli.render import category_style, evidence_grid
from alscriteria.cli.text import printable
from alscriteria.cohort.summary_model import HistoriesSummary
from alscriteria.criteria import criteria_set
from alscriteria.criteria.category import Category
from alscriteria.files.json_output import json_text
from alscriteria.history import evaluate_history
from alscriteria.history.flags import raised_flags
from alscriteria.history.result import HistoryResult, NextVisit, ProgressionBasis, VisitResult

#: Category names narrow enough for five columns in 80 (the JSON keeps the ids).
SHORT_CATEGORY = {
    Category.DEFINITE: "definite",
    Category.PROBABLE: "probable",
    Category.PROBABLE_LABORATORY_SUPPORTED: "prob. lab-sup.",
    Category.POSSIBLE: "possible",
    Category.ALS: "ALS",
    Category.NOT_MET: "not met",
}

SHORT_TITLE = {"revised-el-escorial": "rEEC", "awaji": "Awaji", "gold-coast": "Gold Coast"}

RISE, FALL = "▲", "▼"


def _text(line: str, style: str = "") -> Text:
    """A line that may hold the input's words: inert, never read as markup."""
    return Text(printable(line), style=style)


def _cell(visit: VisitResult, before: VisitResult | None, criteria_id: str) -> Text:
    """A category, marked when it rose or fell since the visit before."""
    cset = criteria_set(criteria_id)
    category = visit.results[criteria_id].category
    mark = ""
    if before is not None:
        previous = before.results[criteria_id].category
        if cset.rank(category) > cset.rank(previous):
            mark = RISE + " "
        elif cset.rank(category) < cset.rank(previous):
            mark = FALL + " "
    return Text(mark + SHORT_CATEGORY[category], style=category_style(category))


def _progression_cell(basis: ProgressionBasis) -> Text:
    said = {True: "yes", False: "no", None: "unknown"}[basis.value]
    where = {
        "file": "file",
        "findings": "findings",
        "earlier_visit": f"visit {basis.from_visit}",
        "not_documented": "",
    }[basis.source]
    return Text(f"{said}, {where}" if where else said, style="" if basis.value else "dim")


def _mo(result: HistoryResult, visit: VisitResult) -> str:
    """The Mo column: months from onset, or from visit 1 where no onset is given, and then
    on the side of the six months of A.5 the calendar decides (`interval_figure`): 183 days
    from 1 March to 31 August is under six, not "6.0"."""
    if result.onset:
        return f"{in_months(visit.days_from_onset or 0):.1f}"
    return wording.interval_figure(result.visits[0].date, visit.date, result.minimum_months)


def _calendar_shown(result: HistoryResult, course: bool = False) -> bool:
    """Whether the visits table (or, `course`, the course table) shows a figure in calendar
    months (`interval_figure`): a line under it then says why."""
    first = result.visits[0].date
    if course:
        dates = [c.first_met_date for c in result.course.values() if c.first_met_date]
    else:
        dates = [] if result.onset else [v.date for v in result.visits]
    return any(wording.decimal_misleads(first, day, result.minimum_months) for day in dates)


def visits_table(result: HistoryResult) -> Table:
    criteria = list(result.visits[0].results)
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, title_justify="left")
    table.add_column("#", justify="right")
    table.add_column("Date", no_wrap=True)
    table.add_column("Mo", justify="right")
    table.add_column("Progression")
    for cid in criteria:
        table.add_column(SHORT_TITLE.get(cid, cid))
    before: VisitResult | None = None
    for visit in result.visits:
        table.add_row(
            str(visit.number),
            visit.date.isoformat(),
            _mo(result, visit),
            _progression_cell(visit.progression),
            *(_cell(visit, before, cid) for cid in criteria),
        )
        before = visit
    return table


def _progression_tree(result: HistoryResult) -> Tree:
    tree = Tree(
        f"Progression (criteria.md A.5: findings compared between visits at least "
        f"{result.minimum_months} months apart; a value in the file wins)"
    )
    said: str | None = None
    for visit in result.visits:
        basis = visit.progression
        # only the whole sentence said again is "as at the visit before": the same source can
        # say "nothing to compare yet" at one visit and "nothing gained" at the next
        if basis.text == said and basis.source != "file":
            tree.add(_text(f"Visit {visit.number}: as at the visit before."))
        else:
            tree.add(_text(f"Visit {visit.number}: {basis.text}"))
        said = basis.text
    return tree


def _phenotype_tree(result: HistoryResult) -> Tree:
    """The motor phenotype at each visit (A.6), said again only when it changes."""
    tree = Tree("Motor phenotype (criteria.md A.6: descriptive, never a category)")
    said: tuple[str, ...] | None = None
    for visit in result.visits:
        phenotype = visit.phenotype
        gone = visit.phenotype_excluded
        # the whole of what the visit says: the phenotype, what it still needs ("Not checked
        # here: ..."), its source and a later visit's exclusion of it
        whole = (
            phenotype.text,
            phenotype.needs_text or "",
            phenotype.source,
            "" if gone is None else f"{gone.text} [{gone.source}]",
        )
        if whole == said:
            tree.add(_text(f"Visit {visit.number}: as at the visit before."))
        else:
            line = f"Visit {visit.number}: {phenotype.text}"
            if phenotype.needs_text:
                line += " " + phenotype.needs_text
            node = tree.add(_text(f"{line} [{phenotype.source}]"))
            if gone is not None:  # a later visit excludes it: said under it (S71)
                node.add(_text(f"{gone.text} [{gone.source}]"))
        said = whole
    return tree


def _prerequisites_tree(result: HistoryResult) -> Tree | None:
    """Why a visit is not met whatever its findings, said at every visit it holds for: a
    category table of "not met" would otherwise hide another cause recorded at visit 1."""
    lines = []
    for index, visit in enumerate(result.visits):
        prerequisites = visit.held_back()
        if prerequisites is not None:
            waits = wording.visit_waits(prerequisites.missing, prerequisites.alternative_diagnosis)
            earlier = result.exclusion_not_restated(index)
            if earlier is not None:
                waits += " " + wording.exclusion_not_restated(earlier)
            revisit = visit.alternative_revisit
            if revisit is not None:  # another cause restated beside findings beyond it
                waits += f" {revisit.text} [{wording.REVISIT_SOURCE}]"
            lines.append(f"Visit {visit.number}: {waits}")
    if not lines:
        return None
    tree = Tree("Prerequisites (criteria.md A.3: progression, other causes excluded)")
    for line in lines:
        tree.add(_text(line))
    return tree


def _months(days: int | None) -> str:
    return "-" if days is None else f"{in_months(days):.1f} mo"


def _from_visit_1(result: HistoryResult, day: date | None) -> str:
    """The time from visit 1 to `day` on the side of the six months the calendar decides
    (`interval_figure`, A.5), as the visits table says it."""
    if day is None:
        return "-"
    first = result.visits[0].date
    figure = wording.interval_figure(first, day, result.minimum_months)
    return figure if wording.decimal_misleads(first, day, result.minimum_months) else f"{figure} mo"


def course_table(result: HistoryResult) -> Table:
    table = Table(
        title="First met (and the category at the first and the last visit)",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
    )
    table.add_column("Criteria")
    table.add_column("First met")
    table.add_column("From\nonset", justify="right")
    table.add_column("From\nvisit 1", justify="right")
    table.add_column("First visit")
    table.add_column("Last visit")
    for cid, course in result.course.items():
        first = course.category_at_first_visit
        last = course.category_at_last_visit
        table.add_row(
            SHORT_TITLE.get(cid, cid),
            f"visit {course.first_met_visit}" if course.first_met_visit else "never",
            _months(course.days_from_onset),
            _from_visit_1(result, course.first_met_date),
            Text(SHORT_CATEGORY[first], style=category_style(first)),
            Text(SHORT_CATEGORY[last], style=category_style(last)),
        )
    return table


def _red_flags(result: HistoryResult) -> Tree | None:
    """Each red flag in each visit's own words, with the visits that raised exactly those
    words (never hidden by the summary, never one visit's regions credited to another)."""
    flags = raised_flags(result.visits)
    if not flags:
        return None
    tree = Tree(Text("Red flags (check before accepting ALS)", style="bold"))
    for flag in flags:
        numbers = [str(n) for n in flag.visits]
        visits = f"{'visit' if len(numbers) == 1 else 'visits'} {wording.listed(numbers)}"
        tree.add(_text(f"{visits}: {flag.item.text} [{flag.item.source}]"))
    return tree


def _next_visit_tree(result: HistoryResult, plan: NextVisit) -> Tree:
    last = result.visits[-1]
    tree = Tree(f"Next visit, after visit {last.number} (guidance, not a rule of the criteria)")
    tree.add(_text(plan.text))
    if plan.reason == "no_repeat_emg":
        return tree
    for region in plan.regions:
        when = f"last EMG visit {region.last_emg_visit} ({region.last_emg_date})"
        if region.emg_positive or region.due_from is None:
            why = "EMG already positive" if region.emg_positive else "already studied"
            tree.add(_text(f"{region.region.value}: {when}; {why}, no repeat"))
            continue
        due = f"due {region.due_from} to {region.due_by}"
        if region.overdue:
            due += " (overdue)"
        node = tree.add(_text(f"{region.region.value}: {when}; {due}"))
        if region.spared:
            spared = ", ".join(wording.muscle_words(m) for m in region.spared)
            node.add(_text(wording.SAMPLING_ROW["spared"].format(muscles=spared)))
        if region.later:
            later = "; ".join(wording.withheld_words(w) for w in region.later)
            node.add(_text(wording.SAMPLING_ROW["later"].format(muscles=later)))
        if region.withheld:
            withheld = "; ".join(wording.withheld_words(w) for w in region.withheld)
            node.add(_text(wording.SAMPLING_ROW["withheld"].format(muscles=withheld)))
        if region.other_side:
            other = ", ".join(wording.muscle_words(m) for m in region.other_side)
            node.add(_text(wording.SAMPLING_ROW["other_side"].format(muscles=other)))
    if plan.study_first:
        names = ", ".join(r.value for r in plan.study_first)
        tree.add(_text(f"study first (twitching, never needled): {names}"))
    elif plan.never_sampled:
        names = ", ".join(r.value for r in plan.never_sampled)
        tree.add(_text(f"never sampled: {names}"))
    suggested: list[str] = []
    cautions: list[str] = [f"{item.text} [{item.source}]" for item in plan.cautions]
    for a in last.results.values():
        if a.plan is None:
            continue
        for m in a.plan.muscles:
            line = f"({m.side} side) {m.reason}" if m.side else m.reason
            if line not in suggested:
                suggested.append(line)
        for item in a.plan.cautions:
            line = f"{item.text} [{item.source}]"
            if line not in cautions:
                cautions.append(line)
    if suggested:
        node = tree.add("Muscles the criteria sets' plans suggest")
        for line in suggested:
            node.add(_text(line))
    if cautions:
        node = tree.add("Needling cautions")
        for line in cautions:
            node.add(_text(line))
    tree.add(_text(f"[{plan.source}]", "dim"))
    return tree


def timeline_report(result: HistoryResult, regions: bool = False) -> Group:
    head = f"Patient {result.id}" if result.id else "Patient (no id)"
    facts = [f"{len(result.visits)} visit" + ("" if len(result.visits) == 1 else "s")]
    if result.onset:
        facts.insert(0, f"onset {result.onset}")
    parts: list[RenderableType] = [_text(f"{head} ({'; '.join(facts)})", "bold")]
    parts.append(visits_table(result))
    since = "onset" if result.onset else "visit 1"
    legend = f"Mo: months from {since}; {RISE} higher than at the visit before, {FALL} lower"
    if _calendar_shown(result):
        legend += "; " + wording.CALENDAR_LEGEND.format(months=result.minimum_months)
    parts.append(_text(legend))
    prerequisites = _prerequisites_tree(result)
    if prerequisites is not None:
        parts.append(prerequisites)
    parts.append(_progression_tree(result))
    parts.append(_phenotype_tree(result))
    function = function_table(result)
    if function is not None:
        parts.append(
            _text(
                "Function and stage: ALSFRS-R total and domains (bulbar/fine/gross/"
                f"respiratory), ΔFS from onset, {wording.slope_legend(result.visits)}, "
                "MiToS, King's (est.: from the ALSFRS-R items; ▼ below a stage shown "
                "before: King's stages do not reverse)"
            )
        )
        parts.append(function)
        tree = _function_tree(result)
        if tree is not None:
            parts.append(tree)
    parts.append(course_table(result))
    if _calendar_shown(result, course=True):
        parts.append(_text(wording.CALENDAR_LEGEND.format(months=result.minimum_months)))
    flags = _red_flags(result)
    if flags is not None:
        parts.append(flags)
    if result.next_visit is not None:
        parts.append(_next_visit_tree(result, result.next_visit))
    if regions:
        for visit in result.visits:
            parts.append(_text(f"Visit {visit.number} ({visit.date})", "bold"))
            parts.append(evidence_grid(visit.results))
    return Group(*parts)


def function_table(result: HistoryResult) -> Table | None:
    """A column per measure (docs/staging.md); None when no visit records function."""
    rows = [v for v in result.visits if v.staging is not None]
    if not rows:
        return None
    # eight columns of up to 11 characters: one space of padding between them and none at
    # the edges keep the widest row (a band "intermediate" beside "-10 in 59 d" and
    # "▼ 4B (est.)") whole at 80 columns, where rich would otherwise cut a word
    table = Table(
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        collapse_padding=True,
        show_edge=False,
        title_justify="left",
    )
    for name, justify in (
        ("#", "right"),
        ("ALSFRS-R", "right"),
        ("B/F/G/R", "left"),
        ("ΔFS", "right"),
        ("band", "left"),
        ("slope", "right"),
        ("MiToS", "right"),
        ("King's", "left"),
    ):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for v in rows:
        assert v.staging is not None
        domains = (
            v.alsfrs_r_bulbar,
            v.alsfrs_r_fine_motor,
            v.alsfrs_r_gross_motor,
            v.alsfrs_r_respiratory,
        )
        kings = v.kings_stage or "-"
        if v.staging.kings_source == "alsfrs_r":
            kings += " (est.)"
        if v.staging.kings_fell is not None:
            kings = "▼ " + kings
        table.add_row(
            str(v.number),
            wording.measure(v.alsfrs_r_total),
            "/".join(wording.measure(d) for d in domains),
            wording.delta_fs_figure(v.delta_fs, v.staging.delta_fs_cutoffs),
            (v.delta_fs_band or "-").replace("_", " "),
            wording.slope_figure(v),
            wording.measure(v.mitos_stage),
            kings,
        )
    return table


def _function_tree(result: HistoryResult) -> Tree | None:
    texts = [(v.number, v.staging.text) for v in result.visits if v.staging and v.staging.text]
    if not texts:
        return None
    tree = Tree("Function and stage (docs/staging.md: descriptive, never a diagnostic category)")
    for number, text in texts:
        tree.add(_text(f"Visit {number}: {text}"))
    return tree


def cmd_timeline(args: argparse.Namespace, console: Console) -> int:
    data: Any = load_json(args.history, "timeline")
    readings = parse_readings(args.reading)
    result = evaluate_history(
        data,
        readings,
        criteria=tuple(args.criteria or ()) or None,
        plan=not args.no_plan,
        delta_fs_cutoffs=args.delta_fs_cutoffs,
    )
    if args.json:
        sys.stdout.write(json_text(result) + "\n")
    else:
        console.print(timeline_report(result, regions=args.regions))
    return EXIT_OK


def _share(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f}%"


def _median_months(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def histories_table(histories: HistoriesSummary) -> Table:
    """The histories of a batch summary (cohort/histories.py): met at the first and the last
    visit, and the median months to met, among those met."""
    table = Table(
        title=(
            f"Patient histories: {histories.count:,} ({histories.with_onset:,} with "
            "onset); median months to met, among the patients met"
        ),
        title_justify="left",
    )
    table.add_column("Criteria")
    table.add_column("Met at\nvisit 1", justify="right")
    table.add_column("Met at\nlast visit", justify="right")
    table.add_column("Visit 1\nto met", justify="right")
    table.add_column("Onset\nto met", justify="right")
    for cid, row in histories.criteria.items():
        table.add_row(
            SHORT_TITLE.get(cid, cid),
            f"{row.met_at_first_visit:,} ({_share(row.share_met_at_first_visit)})",
            f"{row.met_at_last_visit:,} ({_share(row.share_met_at_last_visit)})",
            f"{_median_months(row.median_months_first_visit_to_met)} (n={row.met_at_any_visit:,})",
            f"{_median_months(row.median_months_onset_to_met)} (n={row.met_with_onset:,})",
        )
    return table


__all__ = [
    "cmd_timeline",
    "course_table",
    "histories_table",
    "timeline_report",
    "visits_table",
]
