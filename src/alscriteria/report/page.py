"""The case report as data: what the HTML page says, decided here, drawn by the templates.

Everything a reader needs from the Assessments is turned into words (the wording table) and
plain values once, so the template only lays it out and a test can check the page against
the Assessment JSON. Plain language comes first; the codes (rule ids, reason codes) are kept
beside it for the small print.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from alscriteria import wording
from alscriteria.anatomy.catalogue import catalogue
from alscriteria.anatomy.regions import REGION_ORDER, Region
from alscriteria.anatomy.vocabulary import label
from alscriteria.assess.assessment import Assessment
from alscriteria.assess.explain.deciding import deciding_rules
from alscriteria.assess.models.advice import Phenotype, PlanItem
from alscriteria.assess.models.explanations import RuleFiring
from alscriteria.assess.plan.needling import merged_cautions
from alscriteria.case.model import Case, parse_case
from alscriteria.criteria import criteria_set
from alscriteria.criteria.category import Category
from alscriteria.regions.evidence import studied_muscle
from alscriteria.report import registry
from alscriteria.report.bodymap import BodyMap, Marker, RegionLabel, draw_body_map
from alscriteria.report.names import short_name
from alscriteria.report.registry import SideView, SummaryView, UndecidedView
from alscriteria.wording.common import muscle_words

FindingState = Literal["yes", "no", "open"]


def state_of(present: bool, open_: bool) -> FindingState:
    """A region's finding as one criteria set reads it: open where a summary or a flag cannot
    say (A.2 "From an EMG summary"; never guessed, so never shown as yes or no)."""
    return "yes" if present else ("open" if open_ else "no")


@dataclass(frozen=True)
class Agreement:
    """One yes/no/open finding as each criteria set reads it, said once when they agree."""

    per_set: tuple[tuple[str, FindingState], ...]

    @property
    def unanimous(self) -> FindingState | None:
        values = {v for _, v in self.per_set}
        return values.pop() if len(values) == 1 else None

    @property
    def words(self) -> str:
        """ "yes", "no", "open", or "yes for rEEC, Awaji; no for Gold Coast"."""
        same = self.unanimous
        if same is not None:
            return same
        parts = []
        for value in ("yes", "open", "no"):
            names = [short_name(c) for c, v in self.per_set if v == value]
            if names:
                parts.append(f"{value} for {', '.join(names)}")
        return "; ".join(parts)


@dataclass(frozen=True)
class SampledMuscle:
    """One needle study of the case, with its result in words."""

    number: int
    key: str
    name: str
    side: str | None
    region: Region
    findings: tuple[str, ...]
    counts_for: tuple[str, ...]
    """Criteria ids under which this muscle shows denervation with reinnervation."""

    @property
    def abnormal(self) -> bool:
        return bool(self.findings)

    @property
    def result(self) -> str:
        if not self.findings:
            return "normal (no abnormality recorded)"
        found = ", ".join(label("emg_findings", f).lower() for f in self.findings)
        if not self.counts_for:
            return f"abnormal ({found}); not enough to count as LMN evidence"
        who = ", ".join(short_name(c) for c in self.counts_for)
        return f"abnormal ({found}); counts as LMN evidence for {who}"


@dataclass(frozen=True)
class Suggestion:
    """A muscle one or more plans suggest sampling next, with who suggests it and why."""

    number: int
    key: str
    name: str
    side: str | None
    region: Region
    reasons: tuple[tuple[str, str, str], ...]
    """(criteria id, reason wording, reason code) for each plan that suggests it."""

    @property
    def grouped(self) -> list[tuple[list[str], str, str]]:
        """The reasons once each, with the criteria sets that give it: (ids, wording, code)."""
        out: list[tuple[list[str], str, str]] = []
        for cid, reason, code in self.reasons:
            for ids, text, known in out:
                if (text, known) == (reason, code):
                    ids.append(cid)
                    break
            else:
                out.append(([cid], reason, code))
        return out


@dataclass(frozen=True)
class RegionView:
    region: Region
    name: str
    description: str
    examined: bool
    umn: bool
    umn_signs: tuple[str, ...]
    lmn_signs: tuple[str, ...]
    clinical_lmn: Agreement
    emg_lmn: Agreement
    sampled: tuple[SampledMuscle, ...]
    suggested: tuple[Suggestion, ...]
    umn_flag: str = ""
    lmn_flag: str = ""
    """Signs given as yes/no flags, in words (A.1 registry input); "" without a flag."""
    sides: tuple[SideView, ...] = ()
    emg_as_reported: str = ""
    """ "EMG as reported (summary): whole region", where the EMG is a summary."""
    open_for: tuple[str, ...] = ()
    """Criteria sets for which a summary or flag leaves the region open."""
    gold_coast_open: bool = False
    """Gold Coast cannot tell weakness and wasting from a clinical LMN flag."""


@dataclass(frozen=True)
class Sentence:
    """A sentence for the reader, with the code and source for the small print."""

    text: str
    code: str = ""
    source: str = ""


@dataclass(frozen=True)
class DecidingRule:
    rule: str
    clause: str
    citation: str
    statement: str
    grants: str | None
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class CriteriaView:
    """One criteria set's column: the category, why, and what is missing."""

    id: str
    title: str
    citation: str
    category: str
    category_words: str
    met: bool
    pattern_words: str | None
    """The category the findings alone give, where a prerequisite holds the category back."""
    waits_on: str
    deciding: tuple[DecidingRule, ...]
    also_fired: tuple[str, ...]
    """The rule ids of the other rules that fired: for the audit block, not the reader."""
    also_met: str
    """The other clauses met, in words ("" when none)."""
    missing_title: str
    missing: tuple[Sentence, ...]
    why_not_title: str
    why_not: tuple[Sentence, ...]
    """What clinical Probable lacks, when the next rung is laboratory-supported (A.3.1.3)."""
    notes: tuple[Sentence, ...]
    alternatives: tuple[Sentence, ...]
    plan: PlanView | None
    readings: tuple[tuple[str, str], ...]
    undecided: UndecidedView | None = None


@dataclass(frozen=True)
class UpgradeView:
    """One smallest set of new evidence that would raise the category."""

    to: str
    to_words: str
    path: str
    how: str


@dataclass(frozen=True)
class UpgradeGroup:
    """New evidence that would raise the category the same way under the same criteria sets:
    one table row, so the table grows with the outcomes rather than with every path."""

    sets: str
    to_words: str
    how: str
    paths: tuple[str, ...]


def group_upgrades(views: list[tuple[str, UpgradeView]]) -> tuple[UpgradeGroup, ...]:
    """(criteria id, upgrade) pairs as rows: each path once with the sets that give it, then
    the paths with the same sets, outcome and means together, in the order first given."""
    per_path: dict[tuple[str, str, str], list[str]] = {}
    for cid, u in views:
        names = per_path.setdefault((u.path, u.to_words, u.how), [])
        if short_name(cid) not in names:
            names.append(short_name(cid))
    rows: dict[tuple[str, str, str], list[str]] = {}
    for (path, to_words, how), names in per_path.items():
        rows.setdefault((", ".join(names), to_words, how), []).append(path)
    return tuple(
        UpgradeGroup(sets, to, how, tuple(paths)) for (sets, to, how), paths in rows.items()
    )


@dataclass(frozen=True)
class PlanView:
    reason: Sentence
    upgrades: tuple[UpgradeView, ...]
    muscles: tuple[Sentence, ...]
    previously_spared: tuple[str, ...]
    timing: tuple[Sentence, ...]


@dataclass(frozen=True)
class ChartHeader:
    """What a chart note is filed under: given on the command line for the page alone.

    None of it enters an Assessment, a batch row or a log: the page is the only place it is
    written. A field left None is drawn as a blank line to write on.
    """

    patient_name: str | None = None
    date_of_birth: str | None = None
    record_number: str | None = None
    study_date: dt.date | None = None
    examiner: str | None = None
    referrer: str | None = None

    def fields(self) -> tuple[tuple[str, str, str | None], ...]:
        """(css class, label, value or None) in the order a chart header gives them."""
        return (
            ("patient-name", "Patient name", self.patient_name),
            ("dob", "Date of birth", self.date_of_birth),
            ("record", "Record number", self.record_number),
            ("study-date", "Study date",
             self.study_date.isoformat() if self.study_date else None),
            ("examiner", "Examiner", self.examiner),
            ("referrer", "Referring clinician", self.referrer),
        )


@dataclass(frozen=True)
class Verdict:
    """One criteria set's line at the top of the page: the category and why, in words."""

    criteria: str
    title: str
    category: str
    words: str
    met: bool
    because: str

    @property
    def open_note(self) -> str:
        """What the EMG summaries leave open, said after the category ("" when nothing is)."""
        head = wording.category(Category(self.category))
        return self.words[len(head):].strip() if self.words.startswith(head) else ""


@dataclass(frozen=True)
class CasePage:
    """Everything the case report shows, in the order a reader wants it."""

    patient: str
    date: str
    date_label: str
    summary: tuple[tuple[str, str], ...]
    """(title, the category in words, with what the summaries allow where it is open)."""
    warnings: tuple[Sentence, ...]
    criteria: tuple[CriteriaView, ...]
    regions: tuple[RegionView, ...]
    sampled: tuple[SampledMuscle, ...]
    suggestions: tuple[Suggestion, ...]
    body_map: BodyMap
    cautions: tuple[Sentence, ...]
    readings: tuple[tuple[str, str, str], ...]
    """(option, its wording, the value used)."""
    package_version: str
    rules_version: str
    engine: str
    contraindications: tuple[str, ...] = field(default=())
    emg_summaries: tuple[SummaryView, ...] = field(default=())
    phenotype: Sentence = field(default=Sentence(""))
    """The motor phenotype (A.6): the same for every criteria set, never a category."""
    alternative_diagnosis: str | None = None
    """Another cause recorded, in a sentence with the case's words: the prerequisites fail."""
    header: ChartHeader = field(default_factory=ChartHeader)
    verdicts: tuple[Verdict, ...] = field(default=())
    next_steps: tuple[tuple[str, str], ...] = field(default=())
    """(the criteria sets that give it, short names; the plan's reason) once per reason."""
    timing: tuple[tuple[str, Sentence], ...] = field(default=())
    """(the criteria sets that give it; the plan's timing line) once per line."""
    upgrades: tuple[UpgradeGroup, ...] = field(default=())
    """The plans' upgrades, each path once with every set that gives it, grouped by outcome."""
    codes: tuple[tuple[str, Sentence], ...] = field(default=())
    """(where on the page, the line with its code and source): for the audit section."""


def _line(item: PlanItem) -> Sentence:
    return Sentence(item.text, item.code, item.source)


def phenotype_line(phenotype: Phenotype) -> Sentence:
    """The phenotype's sentence, with what its definition could not check."""
    text = phenotype.text + (" " + phenotype.needs_text if phenotype.needs_text else "")
    return Sentence(text, phenotype.code, phenotype.source)


def _deciding(f: RuleFiring) -> DecidingRule:
    evidence = [wording.evidence_line(ev, muscle_words) for ev in f.evidence]
    if f.rostral_pair:
        upper, lower = f.rostral_pair
        evidence.append(f"{upper.value} is rostral to {lower.value}")
    grants = f.grants.value if f.grants else None
    return DecidingRule(
        f.rule, f.clause, f.citation, wording.rule_words(f.rule, grants, f.statement), grants,
        tuple(evidence),
    )


Marks = dict[tuple[str, str | None], Suggestion]


def _plan(a: Assessment, marks: Marks) -> PlanView | None:
    plan = a.plan
    if plan is None:
        return None
    upgrades = tuple(
        UpgradeView(
            u.to.value,
            wording.category_in_sentence(u.to),
            wording.upgrade_path(
                [(e.region.value, e.evidence) for e in u.add],
                criteria_set(a.criteria).clinical_lmn_needs,
            ),
            wording.path_how(u.emg_obtainable, u.reading, [r.value for r in u.needle_barred]),
        )
        for u in plan.upgrades
    )
    muscles: list[Sentence] = []
    for m in plan.muscles:
        mark = marks[(m.muscle, m.side)]
        text = f"S{mark.number} {mark.name}" + (f" ({m.side})" if m.side else "")
        if all(line.text != text for line in muscles):
            muscles.append(Sentence(text, m.reason_code, m.muscle))
    return PlanView(
        Sentence(plan.reason_text, plan.reason),
        upgrades,
        tuple(muscles),
        tuple(muscle_words(m) for m in plan.previously_spared),
        tuple(_line(t) for t in plan.timing),
    )


def _criteria_view(a: Assessment, marks: Marks) -> CriteriaView:
    deciding = deciding_rules(a)
    waiting = a.pattern_category != a.category
    missing = wording.missing_words(a.missing, a.next_category)
    why_not = wording.why_not_probable(a.why_not_probable)
    others = [f for f in a.trace if f not in deciding]
    return CriteriaView(
        id=a.criteria,
        title=a.title,
        citation=a.citation,
        category=a.category.value,
        category_words=wording.category(a.category),
        met=a.met,
        pattern_words=wording.category(a.pattern_category) if waiting else None,
        waits_on=wording.waits_on(
            a.prerequisites.missing, a.prerequisites.alternative_diagnosis
        ),
        deciding=tuple(_deciding(f) for f in deciding),
        also_fired=tuple(f.rule for f in others),
        also_met=wording.also_met(
            [(f.rule, f.grants.value if f.grants else None, f.statement) for f in others]
        ),
        missing_title=missing.title,
        missing=tuple(Sentence(text, " ".join(codes)) for text, codes in missing.lines),
        why_not_title=why_not.title if why_not else "",
        why_not=tuple(Sentence(text, " ".join(codes)) for text, codes in why_not.lines)
        if why_not
        else (),
        notes=tuple(Sentence(n.text, n.code) for n in a.notes),
        alternatives=tuple(
            Sentence(
                f"Reading \u201c{wording.READING[alt.option]}\u201d set to "
                f"{alt.value}: the category would be {wording.category(alt.category)}"
                + (
                    f" ({wording.category(alt.pattern_category)} on the findings)"
                    if alt.pattern_category != alt.category
                    else ""
                ),
                f"{alt.option}={alt.value}",
                alt.category.value,
            )
            for alt in a.alternatives
        ),
        plan=_plan(a, marks),
        readings=tuple(a.readings.model_dump(mode="json").items()),
        undecided=registry.undecided(a),
    )


def _because(a: Assessment, view: CriteriaView) -> str:
    """The deciding findings in words: the rule that gave the category with its evidence; or,
    when no category is met, what the first category needs; or what holds it back."""
    if view.pattern_words:
        return f"{view.pattern_words} on the findings; not met until {view.waits_on}."
    granting = [r for r in view.deciding if r.grants]
    if granting:
        r = granting[-1]
        found = "; ".join(r.evidence)
        return r.statement + (f" ({found})" if found else "")
    if view.missing:
        more = len(view.missing) - 2
        return f"{view.missing_title} " + "; ".join(m.text for m in view.missing[:2]) + (
            f"; and {more} more" if more > 0 else ""
        ) + "."
    return ""


def _grouped(items: list[tuple[str, Sentence]]) -> list[tuple[str, Sentence]]:
    """Lines said once each, with the criteria sets that give them ("rEEC, Awaji")."""
    order: list[Sentence] = []
    who: dict[str, list[str]] = {}
    for cid, line in items:
        if line.text not in who:
            order.append(line)
            who[line.text] = []
        who[line.text].append(short_name(cid))
    return [(", ".join(who[line.text]), line) for line in order]


def _by_sets(lines: list[tuple[str, Sentence]]) -> tuple[tuple[str, Sentence], ...]:
    """Lines given by the same criteria sets said together, as one paragraph each."""
    order: list[str] = []
    texts: dict[str, list[str]] = {}
    for who, line in lines:
        if who not in texts:
            order.append(who)
            texts[who] = []
        texts[who].append(line.text)
    return tuple((who, Sentence(" ".join(texts[who]))) for who in order)


def _codes(page_parts: Mapping[str, list[Sentence]]) -> tuple[tuple[str, Sentence], ...]:
    out: list[tuple[str, Sentence]] = []
    seen: set[tuple[str, str, str]] = set()
    for where, lines in page_parts.items():
        for line in lines:
            key = (line.text, line.code, line.source)
            if line.code and key not in seen:
                seen.add(key)
                out.append((where, line))
    return tuple(out)


def _sampled(case: Case, results: Mapping[str, Assessment]) -> list[SampledMuscle]:
    first = next(iter(results.values()))
    counted: dict[tuple[str, str | None], list[str]] = {}
    for a in results.values():
        for r in a.regions:
            for m in r.qualifying_muscles:
                counted.setdefault((m.muscle, m.side), []).append(a.criteria)
    out = []
    for number, study in enumerate(case.emg, start=1):
        muscle = studied_muscle(study, first.readings.accessory_muscles)
        findings = tuple(
            f
            for f in ("fibrillation_potentials", "positive_sharp_waves",
                      "fasciculation_potentials", "chronic_neurogenic_change")
            if getattr(study, f)
        )
        out.append(
            SampledMuscle(
                number, muscle.key, muscle.name, muscle.side, muscle.region, findings,
                tuple(counted.get((muscle.key, muscle.side), ())),
            )
        )
    return out


def _suggested(results: Mapping[str, Assessment]) -> list[Suggestion]:
    """Every plan's muscle suggestions, once per muscle and side, in the order first given.

    The plans already leave out what the case's contraindications exclude; nothing is added
    here that a plan did not suggest.
    """
    order: list[tuple[str, str | None]] = []
    found: dict[tuple[str, str | None], tuple[Region, list[tuple[str, str, str]]]] = {}
    for a in results.values():
        if a.plan is None:
            continue
        for m in a.plan.muscles:
            key = (m.muscle, m.side)
            if key not in found:
                order.append(key)
                found[key] = (m.region, [])
            found[key][1].append((a.criteria, m.reason, m.reason_code))
    known = catalogue()
    out = []
    for number, (muscle, side) in enumerate(order, start=1):
        region, reasons = found[(muscle, side)]
        name = known[muscle].name if muscle in known else muscle.replace("_", " ")
        out.append(Suggestion(number, muscle, name, side, region, tuple(reasons)))
    return out


def _regions(
    results: Mapping[str, Assessment],
    sampled: list[SampledMuscle],
    suggested: list[Suggestion],
) -> list[RegionView]:
    by_set = {a.criteria: {r.region: r for r in a.regions} for a in results.values()}
    first = next(iter(by_set.values()))
    out = []
    for region in REGION_ORDER:
        if region not in first:
            continue
        evidence = first[region]
        long = label("regions", region.value)
        name, _, rest = long.partition(" (")
        out.append(
            RegionView(
                region=region,
                name=name,
                description=rest.rstrip(")"),
                examined=evidence.examined,
                umn=evidence.umn,
                umn_signs=tuple(label("umn_signs", s) for s in evidence.umn_signs),
                lmn_signs=tuple(label("lmn_signs", s) for s in evidence.lmn_signs),
                clinical_lmn=Agreement(
                    tuple(
                        (cid, state_of(regs[region].clinical_lmn, regs[region].clinical_lmn_open))
                        for cid, regs in by_set.items()
                    )
                ),
                emg_lmn=Agreement(
                    tuple(
                        (cid, state_of(regs[region].emg_lmn, regs[region].emg_lmn_open))
                        for cid, regs in by_set.items()
                    )
                ),
                sampled=tuple(m for m in sampled if m.region is region),
                suggested=tuple(s for s in suggested if s.region is region),
                umn_flag=wording.FLAG_WORDS["umn"] if "umn" in evidence.reported_flags else "",
                lmn_flag=wording.FLAG_WORDS["lmn"] if "lmn" in evidence.reported_flags else "",
                sides=registry.sides(evidence),
                emg_as_reported=wording.emg_as_reported(region, evidence.emg_summaries),
                open_for=registry.open_for({cid: regs[region] for cid, regs in by_set.items()}),
                gold_coast_open=any(
                    regs[region].clinical_lmn_open and not regs[region].clinical_lmn
                    for regs in by_set.values()
                ),
            )
        )
    return out


#: A limb region as a clinician names the limb ("the right arm", not "the right cervical limb").
_LIMB = {"cervical": "arm", "lumbosacral": "leg"}


def _contraindications(case: Case) -> list[str]:
    """The limits on needling the case records, in words (the plan's cautions explain them)."""
    c = case.contraindications
    out = []
    if c.anticoagulated:
        out.append("anticoagulation or antiplatelet therapy")
    for site in c.lymphedema:
        out.append(f"lymphedema of the {site.side} {_LIMB.get(site.region, site.region)}")
    for site in c.skin_infection:
        out.append(f"skin infection of the {site.side} {_LIMB.get(site.region, site.region)}")
    if c.cardiac_device_side:
        out.append(f"implanted cardiac device on the {c.cardiac_device_side}")
    if c.chest_wall_concerns:
        out.append("chest wall concerns")
    return out


def case_date(case: Case) -> dt.date | None:
    """The date the case records, if its format carries one."""
    value = getattr(case, "date", None)
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def build_case_page(
    case: Case | Mapping[str, object],
    results: Mapping[str, Assessment],
    report_date: dt.date,
    header: ChartHeader | None = None,
) -> CasePage:
    """The page's content for one case and its Assessments (from `evaluate_all(..., plan=True)`).

    `report_date` is shown when the case itself records no date and no study date is given:
    the page never reads the clock, so the same case and date always give the same page.
    """
    header = header or ChartHeader()
    if not results:
        raise ValueError("a report needs at least one criteria set's Assessment")
    parsed = parse_case(case)
    first = next(iter(results.values()))
    sampled = _sampled(parsed, results)
    suggested = _suggested(results)
    regions = _regions(results, sampled, suggested)
    marks = {(s.key, s.side): s for s in suggested}
    recorded = header.study_date or case_date(parsed)
    markers = [
        Marker(
            f"{m.number}", m.region, m.side, "abnormal" if m.abnormal else "normal",
            f"{m.number}: {m.name}" + (f" ({m.side})" if m.side else "") + f", {m.result}",
            m.key,
        )
        for m in sampled
    ] + [
        Marker(
            f"S{s.number}", s.region, s.side, "suggested",
            f"S{s.number}: {s.name}" + (f" ({s.side})" if s.side else "") + ", suggested next",
            s.key,
        )
        for s in suggested
    ]
    views = [_criteria_view(a, marks) for a in results.values()]
    plans = [a.plan for a in results.values() if a.plan is not None]
    options = first.readings.model_dump(mode="json")
    summary = tuple(
        (a.title, view.headline if (view := registry.undecided(a)) else
         wording.category(a.category))
        for a in results.values()
    )
    return CasePage(
        patient=first.case_id or "(no patient id recorded)",
        date=(recorded or report_date).isoformat(),
        date_label="Study date" if header.study_date else (
            "Examination date" if recorded else "Report date"),
        summary=summary,
        warnings=tuple(_line(w) for w in first.warnings),
        phenotype=phenotype_line(first.phenotype),
        criteria=tuple(views),
        header=header,
        verdicts=tuple(
            Verdict(v.id, v.title, v.category, words, v.met, _because(a, v))
            for v, a, (_, words) in zip(views, results.values(), summary, strict=True)
        ),
        upgrades=group_upgrades(
            [(v.id, u) for v in views if v.plan is not None for u in v.plan.upgrades]
        ),
        next_steps=tuple(
            (who, line.text) for who, line in _grouped(
                [(v.id, v.plan.reason) for v in views if v.plan is not None]
            )
        ),
        timing=_by_sets(_grouped(
            [(v.id, t) for v in views if v.plan is not None for t in v.plan.timing]
        )),
        codes=_codes({
            "Red flags": [_line(w) for w in first.warnings],
            "Motor phenotype": [phenotype_line(first.phenotype)],
            "Next step": [v.plan.reason for v in views if v.plan is not None],
            "When": [t for v in views if v.plan is not None for t in v.plan.timing],
            "Needling cautions": [_line(c) for c in merged_cautions(plans)],
            "Muscles to sample next": [
                Sentence(f"S{s.number} {s.name}: {reason}", code, s.key)
                for s in suggested for _, reason, code in s.grouped
            ],
            "Muscles sampled": [Sentence(f"{m.number} {m.name}", m.key) for m in sampled],
        }),
        regions=tuple(regions),
        sampled=tuple(sampled),
        suggestions=tuple(suggested),
        body_map=draw_body_map(
            [
                RegionLabel(
                    r.region, r.name, r.examined, r.umn,
                    "yes" in f"{r.clinical_lmn.words} {r.emg_lmn.words}",
                    open_for=r.open_for,
                )
                for r in regions
            ],
            markers,
        ),
        cautions=tuple(_line(c) for c in merged_cautions(plans)),
        readings=tuple(
            (name, wording.READING[name], str(value)) for name, value in options.items()
        ),
        package_version=first.package_version,
        rules_version=first.rules_version,
        engine=f"{first.engine.name} {first.engine.version}",
        contraindications=tuple(_contraindications(parsed)),
        emg_summaries=registry.emg_summaries(
            parsed, {r.region: r.emg_lmn.words for r in regions}
        ),
        alternative_diagnosis=(
            wording.another_cause(parsed.alternative_diagnosis)
            if parsed.alternative_diagnosis is not None
            else None
        ),
    )


__all__ = ["CasePage", "ChartHeader", "Verdict", "build_case_page", "case_date", "muscle_words"]
