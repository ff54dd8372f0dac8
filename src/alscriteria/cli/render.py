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
from alscriteria.anatomy.vocabulary import label
from alscriteria.assess.assessment import Assessment
from alscriteria.assess.explain.deciding import deciding_rules
from alscriteria.assess.models.advice import EvidenceNeeded, Phenotype, PlanItem
from alscriteria.assess.models.explanations import RegionEvidence
from alscriteria.assess.plan.needling import merged_cautions
from alscriteria.cli.text import printable
from alscriteria.criteria import criteria_set
from alscriteria.criteria.category import Category
from alscriteria.wording.readings import reading_set_to

_STYLE = {
    Category.DEFINITE: "bold green",
    Category.ALS: "bold green",
    Category.PROBABLE: "green",
    Category.PROBABLE_LABORATORY_SUPPORTED: "green",
    Category.POSSIBLE: "yellow",
    Category.NOT_MET: "red",
}


def category_style(category: Category) -> str:
    """The colour of a category, stronger as it rises (always shown with its name too)."""
    return _STYLE[category]


def _yes(value: bool) -> Text:
    return Text("yes", style="bold") if value else Text("no", style="dim")


def _clinical(region: RegionEvidence, split: tuple[str, frozenset[str]]) -> Text:
    """Clinical LMN in words; "open" when a flag does not say weakness AND wasting; "no
    (split)" when weakness and wasting were recorded on different limbs."""
    if region.clinical_lmn_open:
        return Text("open", style="bold")
    if region.region.value in split[1] and not region.clinical_lmn:
        return Text("no (split)", style="bold")
    return _yes(region.clinical_lmn)


def _emg(region: RegionEvidence) -> Text:
    """EMG LMN in words; "open" when the region's EMG summary cannot say (A.2)."""
    if region.emg_lmn_open:
        return Text("open", style="bold")
    return _yes(region.emg_lmn)


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
    split = _split_limbs(by_id.get("gold-coast"))
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
            _clinical(gc, split) if gc else Text("-"),
            _emg(eec) if eec else Text("-"),
            _emg(aw) if aw else Text("-"),
        )
    captions = []
    summarised = [r.region.value for r in first.regions if r.emg_summaries]
    if summarised:
        captions.append(
            f"EMG of the {wording.listed(summarised)} "
            f"{'region' if len(summarised) == 1 else 'regions'} as reported (a summary, "
            "without muscle detail); open: the summary cannot say."
        )
    if split[1]:
        captions.append("Split: " + split[0])
    if captions:
        table.caption = printable(" ".join(captions))
        table.caption_justify = "left"
    return table


_SPLIT_NOTE = "gold_coast_weakness_and_wasting_on_different_limbs"


def _split_limbs(gold_coast: Assessment | None) -> tuple[str, frozenset[str]]:
    """Gold Coast's note on limb regions whose weakness and wasting lie on different limbs
    (A.2, per limb), and those regions: where the side of a sign decides the grid's cell."""
    for note in gold_coast.notes if gold_coast is not None else ():
        if note.code == _SPLIT_NOTE:
            return note.text, frozenset(r.value for r in note.regions)
    return "", frozenset()


def _text(line: str, style: str = "") -> Text:
    """A line that may hold the input's words (muscle names): inert, never read as markup."""
    return Text(printable(line), style=style)


def _trace(a: Assessment) -> Tree:
    tree = Tree("Why")
    deciding = deciding_rules(a)
    if not a.trace:
        tree.add("No rule of this criteria set fired.")
    for firing in deciding:
        if firing.grants is None:
            tree.add(
                _text(f"Prerequisites met (progression, other causes excluded) [{firing.clause}]")
            )
            continue
        statement = wording.rule_words(firing.rule, firing.grants, firing.statement)
        node = tree.add(_text(f"{wording.category(firing.grants)}: {statement} [{firing.clause}]"))
        if firing.rostral_pair:
            upper, lower = firing.rostral_pair
            node.add(_text(f"{upper.value} is rostral to {lower.value}"))
        for ev in firing.evidence:
            node.add(_text(wording.evidence_line(ev)))
    others = wording.also_met(
        [(f.rule, f.grants, f.statement) for f in a.trace if f not in deciding]
    )
    if others:
        tree.add(_text(others, "dim"))
    return tree


#: Upgrade paths shown per criteria set on the terminal (all of them are in the JSON).
_PATHS_SHOWN = 3


def assessment_panel(a: Assessment, with_cautions: bool = False) -> Panel:
    head = Text()
    head.append("Category: ")
    head.append(wording.category(a.category), style=_STYLE[a.category])
    parts: list[RenderableType] = [head]
    if a.undecided is not None:
        parts.append(_text(a.undecided.text, "bold"))
        said = wording.open_region_lines(
            [(o.region.value, o.missing, o.text) for o in a.undecided.regions]
        )
        parts.extend(_text(text) for _, text, _ in said)
    if a.pattern_category != a.category:
        waits = _waits_on(a)
        parts.append(
            _text(f"{wording.category(a.pattern_category)} on the findings; not met until {waits}.")
        )
    parts.append(_trace(a))
    if a.missing:
        parts.append(_missing(wording.missing_words(a.missing, a.next_category)))
    why_not = wording.why_not_probable(a.why_not_probable)
    if why_not is not None:
        parts.append(_missing(why_not))
    for note in a.notes:
        parts.append(_text("Note: " + note.text, "italic"))
    for alt in a.alternatives:
        parts.append(
            _text(
                f"Reading: with {reading_set_to(alt.option, alt.value)}, the category "
                f"would be {wording.category(alt.category)}"
            )
        )
    if a.plan is not None:
        parts.append(plan_tree(a, with_cautions))
    return Panel(Group(*parts), title=a.title, subtitle=a.criteria, title_align="left")


def _missing(words: wording.MissingWords) -> Tree:
    tree = Tree(_text(words.title))
    for text, _ in words.lines:
        tree.add(_text(text))
    return tree


def plan_tree(a: Assessment, with_cautions: bool = True) -> Tree:
    """The repeat-testing plan; labelled as guidance because it is not part of the criteria."""
    assert a.plan is not None
    plan = a.plan
    tree = Tree("Repeat-testing plan (guidance, not a rule of the criteria)")
    if plan.reason != "seeking_evidence":
        tree.add(_text(plan.reason_text))
    if plan.upgrades:
        ups = tree.add("What would raise the category")
        for u in plan.upgrades[:_PATHS_SHOWN]:
            barred = [r.value for r in u.needle_barred]
            how = wording.path_how(u.emg_obtainable, u.reading, barred, u.waits_on)
            target = wording.category_in_sentence(u.to)
            ups.add(_text(f"{_upgrade(a.criteria, u.add)} would give {target} ({how})"))
        if len(plan.upgrades) > _PATHS_SHOWN:
            more = len(plan.upgrades) - _PATHS_SHOWN
            ups.add(_text(f"and {wording.plural(more, 'other path')} (see --json)", "dim"))
    if plan.muscles:
        mus = tree.add("Muscles to sample next")
        shown: set[str] = set()
        for m in plan.muscles:
            line = f"({m.side} side) {m.reason}" if m.side else m.reason
            if line not in shown:  # the two muscles of a pair share one line
                shown.add(line)
                mus.add(_text(line))
    if plan.previously_spared:
        spared = [wording.muscle_words(m) for m in plan.previously_spared]
        tree.add(_text("Previously spared: " + ", ".join(spared)))
    if plan.spared_later:
        later = "; ".join(wording.withheld_words(w) for w in plan.spared_later)
        tree.add(_text(wording.SPARED_LATER.format(muscles=later)))
    sections = [("When", plan.timing)]
    if with_cautions:
        sections.insert(0, ("Cautions", plan.cautions))
    for heading, items in sections:
        if items:
            node = tree.add(heading)
            for item in items:
                node.add(_text(f"{item.text} [{item.source}]"))
    return tree


def summary_line(results: Mapping[str, Assessment]) -> Text:
    text = Text()
    for i, a in enumerate(results.values()):
        if i:
            text.append("  |  ")
        text.append(f"{a.title}: ")
        text.append(wording.category(a.category), style=_STYLE[a.category])
        if a.undecided is not None:
            others = [wording.category(c) for c in a.undecided.categories if c != a.category]
            if others:
                source = wording.open_sources([o.missing for o in a.undecided.regions])
                text.append(f" (or {' or '.join(others)}: left open by {source})")
    return text


def _waits_on(a: Assessment) -> str:
    return wording.waits_on(a.prerequisites.missing, a.prerequisites.alternative_diagnosis)


def _upgrade(criteria: str, add: list[EvidenceNeeded]) -> str:
    needs = criteria_set(criteria).clinical_lmn_needs
    return wording.upgrade_path([(e.region.value, e.evidence) for e in add], needs)


def waiting_line(a: Assessment) -> Text:
    """A criteria set's category, and what the findings alone give while it waits on a
    prerequisite ("Probable ALS on the findings; not met until other causes are excluded")."""
    text = Text(f"{a.title}: ")
    if a.pattern_category == a.category:
        text.append(wording.category(a.category), style=_STYLE[a.category])
        return text
    waits = _waits_on(a)
    text.append(
        f"{wording.category(a.pattern_category)} on the findings",
        style=_STYLE[a.pattern_category],
    )
    text.append(f"; not met until {waits}")
    return text


def phenotype_line(phenotype: Phenotype) -> Text:
    """The motor phenotype in one line (A.6): descriptive, the same for every criteria set."""
    text = Text("Motor phenotype: ", style="bold")
    text.append(printable(phenotype.text))
    if phenotype.needs_text:
        text.append(" " + printable(phenotype.needs_text), style="dim")
    text.append(f" [{phenotype.source}]", style="dim")
    return text


def _flags(items: list[PlanItem], title: str) -> Tree:
    tree = Tree(Text(title, style="bold"))
    for item in items:
        tree.add(_text(f"{item.text} [{item.source}]"))
    return tree


def full_report(results: Mapping[str, Assessment]) -> Group:
    """The whole result: who and what first, red flags once, then each criteria set, and the
    needling cautions once (they are the patient's, not a criteria set's)."""
    first = next(iter(results.values()))
    parts: list[RenderableType] = []
    if first.case_id:
        parts.append(_text(f"Patient {first.case_id}", "bold"))
    parts.append(summary_line(results))
    other = first.prerequisites.alternative_diagnosis
    if other is not None:
        parts.append(_text(wording.another_cause(other), "bold"))
    parts.append(phenotype_line(first.phenotype))
    if first.warnings:
        parts.append(_flags(first.warnings, "Red flags (check before accepting ALS)"))
    parts.append(evidence_grid(results))
    parts.extend(assessment_panel(a) for a in results.values())
    plans = [a.plan for a in results.values() if a.plan is not None]
    shown = merged_cautions(plans)
    if shown:
        parts.append(_flags(shown, "Needling cautions"))
    return Group(*parts)
