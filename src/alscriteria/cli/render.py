"""Rich renderings of Assessments: the region grid, one panel per criteria set, the trace tree.

Every state is said in words as well as colour (NO_COLOR and screen readers lose nothing).
"""

from __future__ import annotations

from collections.abc import Mapping

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from alscriteria import wording
from alscriteria.assessment import Assessment, Category, RegionEvidence
from alscriteria.cli.text import printable
from alscriteria.vocabulary import label

_STYLE = {
    Category.DEFINITE: "bold green",
    Category.ALS: "bold green",
    Category.PROBABLE: "green",
    Category.PROBABLE_LABORATORY_SUPPORTED: "green",
    Category.POSSIBLE: "yellow",
    Category.NOT_MET: "red",
}


def _yes(value: bool) -> Text:
    return Text("yes", style="bold") if value else Text("no", style="dim")


def evidence_grid(results: Mapping[str, Assessment]) -> Table:
    """Regions by UMN / clinical LMN / EMG LMN, as each criteria set defines them."""
    first = next(iter(results.values()))
    by_id = {a.criteria: a for a in results.values()}
    table = Table(title="Evidence by region", title_justify="left", expand=False)
    table.add_column("Region")
    table.add_column("UMN")
    table.add_column("Clinical LMN\nEEC/Awaji")
    table.add_column("Clinical LMN\nGold Coast")
    table.add_column("EMG LMN\nEl Escorial")
    table.add_column("EMG LMN\nAwaji/GC")
    rows: dict[str, dict[str, RegionEvidence]] = {}
    for a in by_id.values():
        for r in a.regions:
            rows.setdefault(r.region, {})[a.criteria] = r
    for region in first.regions:
        per = rows[region.region]
        either = per.get("awaji") or per.get("revised-el-escorial")
        gc = per.get("gold-coast")
        eec = per.get("revised-el-escorial")
        aw = per.get("awaji") or gc
        table.add_row(
            label("regions", region.region).split(" (")[0]
            + ("" if region.examined else " (not examined)"),
            _yes(region.umn),
            _yes(either.clinical_lmn) if either else Text("-"),
            _yes(gc.clinical_lmn) if gc else Text("-"),
            _yes(eec.emg_lmn) if eec else Text("-"),
            _yes(aw.emg_lmn) if aw else Text("-"),
        )
    return table


def _text(line: str) -> Text:
    """A line that may hold the input's words (muscle names): inert, never read as markup."""
    return Text(printable(line))


def _trace(a: Assessment) -> Tree:
    tree = Tree("Rules that fired")
    if not a.trace:
        tree.add("none")
    for firing in a.trace:
        grants = f" -> {firing.grants.value}" if firing.grants else " (prerequisite)"
        deciding = firing.grants in (None, a.pattern_category)
        node = tree.add(Text(f"{firing.rule}{grants}  [{firing.clause}]"))
        if not deciding:
            continue
        node.add(_text(firing.statement))
        if firing.rostral_pair:
            upper, lower = firing.rostral_pair
            node.add(_text(f"{upper.value} is rostral to {lower.value}"))
        for ev in firing.evidence:
            parts = []
            if ev.umn_signs:
                parts.append("UMN: " + ", ".join(ev.umn_signs))
            if ev.lmn_signs:
                parts.append("LMN: " + ", ".join(ev.lmn_signs))
            if ev.emg_muscles:
                parts.append("EMG: " + " + ".join(ev.emg_muscles))
            node.add(_text(f"{ev.region.value}: " + ("; ".join(parts) or "no findings")))
    return tree


def assessment_panel(a: Assessment) -> Panel:
    style = _STYLE[a.category]
    head = Text()
    head.append("Category: ")
    head.append(wording.category(a.category), style=style)
    head.append(" (met)" if a.met else " (not met)")
    parts: list[RenderableType] = [head]
    if a.pattern_category != a.category:
        alone = wording.category(a.pattern_category)
        parts.append(Text(f"The regional findings alone give: {alone}"))
    parts.append(_trace(a))
    if a.missing:
        title = (
            f"Missing for {wording.category(a.next_category)}"
            if a.next_category
            else "Missing"
        )
        missing = Tree(title)
        seen: set[str] = set()
        for s in a.missing:
            line = f"{s.rule}: {wording.shortfall(s.code, s.have, s.need)}"
            if line not in seen:
                seen.add(line)
                missing.add(_text(line))
        parts.append(missing)
    for code in a.notes:
        parts.append(Text("Note: " + wording.note(code), style="italic"))
    for alt in a.alternatives:
        parts.append(
            Text(
                f"Reading: with {alt.option} = {alt.value}, the category would be "
                f"{wording.category(alt.category)}"
            )
        )
    if a.plan is not None:
        parts.append(plan_tree(a))
    return Panel(Group(*parts), title=a.title, subtitle=a.criteria, title_align="left")


def plan_tree(a: Assessment) -> Tree:
    """The repeat-testing plan; labelled as guidance because it is not part of the criteria."""
    assert a.plan is not None
    plan = a.plan
    tree = Tree("Repeat-testing plan (guidance, not a rule of the criteria)")
    if plan.upgrades:
        ups = tree.add("What would raise the category")
        for u in plan.upgrades:
            added = " + ".join(f"{e.evidence.replace('_', ' ')} in {e.region.value}" for e in u.add)
            how = "by EMG now" if u.emg_obtainable else "needs clinical evidence"
            ups.add(_text(f"{added} -> {wording.category(u.to)} ({how})"))
    if plan.muscles:
        mus = tree.add("Muscles to sample next")
        for m in plan.muscles:
            mus.add(_text(f"({m.side} side) {m.reason}" if m.side else m.reason))
    if plan.previously_spared:
        tree.add(_text("Previously spared: " + ", ".join(plan.previously_spared)))
    sections = (("Cautions", plan.cautions), ("When", plan.timing), ("Warnings", plan.warnings))
    for heading, items in sections:
        if items:
            node = tree.add(heading)
            for item in items:
                node.add(_text(f"{item.text} [{item.source}]"))
    if not tree.children:
        tree.add("Nothing to add: the top category is reached and nothing calls for caution.")
    return tree


def summary_line(results: Mapping[str, Assessment]) -> Text:
    text = Text()
    for i, a in enumerate(results.values()):
        if i:
            text.append("  |  ")
        text.append(f"{a.title}: ")
        text.append(wording.category(a.category), style=_STYLE[a.category])
    return text


def full_report(results: Mapping[str, Assessment]) -> Group:
    return Group(evidence_grid(results), *(assessment_panel(a) for a in results.values()))
