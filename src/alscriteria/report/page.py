"""The case report as data: what the HTML page says, decided here, drawn by the templates.

Everything a reader needs from the Assessments is turned into words (the wording table) and
plain values once, so the template only lays it out and a test can check the page against
the Assessment JSON. Plain language comes first; the codes (rule ids, reason codes) are kept
beside it for the small print.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from alscriteria import wording
from alscriteria.assess.assessment import Assessment
from alscriteria.assess.explain.deciding import deciding_rules
from alscriteria.assess.models.advice import Phenotype, PlanItem
from alscriteria.assess.models.explanations import RuleFiring
from alscriteria.assess.plan.needling import merged_cautions
from alscriteria.case.model import Case, parse_case
from alscriteria.criteria import criteria_set
from alscriteria.report import registry
from alscriteria.report.bodymap import Marker, RegionLabel, draw_body_map
from alscriteria.report.case_regions import (
    contraindication_lines,
    region_views,
    sampled_muscles,
    suggested_muscles,
)
from alscriteria.report.case_views import (
    CasePage,
    ChartHeader,
    CriteriaView,
    DecidingRule,
    Marks,
    PlanView,
    Sentence,
    UpgradeView,
    Verdict,
    group_upgrades,
)
from alscriteria.report.names import short_name
from alscriteria.wording.common import muscle_words
from alscriteria.wording.readings import reading_set_to


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
        f.rule,
        f.clause,
        f.citation,
        wording.rule_words(f.rule, grants, f.statement),
        grants,
        tuple(evidence),
    )


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
            wording.path_how(
                u.emg_obtainable, u.reading, [r.value for r in u.needle_barred], u.waits_on
            ),
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
        tuple(wording.withheld_words(w) for w in plan.spared_later),
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
        waits_on=wording.waits_on(a.prerequisites.missing, a.prerequisites.alternative_diagnosis),
        deciding=tuple(_deciding(f) for f in deciding),
        also_fired=tuple(f.rule for f in others),
        also_met=wording.also_met(
            [(f.rule, f.grants.value if f.grants else None, f.statement) for f in others]
        ),
        missing_title=missing.title,
        missing_summary=wording.missing_summary(missing),
        missing=tuple(Sentence(text, " ".join(codes)) for text, codes in missing.lines),
        why_not_title=why_not.title if why_not else "",
        why_not=tuple(Sentence(text, " ".join(codes)) for text, codes in why_not.lines)
        if why_not
        else (),
        notes=tuple(Sentence(n.text, n.code) for n in a.notes),
        alternatives=tuple(
            Sentence(
                f"Reading {reading_set_to(alt.option, alt.value)}: the category would be "
                f"{wording.category(alt.category)}"
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
    return view.missing_summary


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
    phenotype: Phenotype | None = None,
) -> CasePage:
    """The page's content for one case and its Assessments (from `evaluate_all(..., plan=True)`).

    `report_date` is shown when the case itself records no date and no study date is given:
    the page never reads the clock, so the same case and date always give the same page.
    `phenotype`: the one to show, where it is not the Assessments' own (a history's visit
    dates it from the onset, and its recorded function can exclude a flail limb: the page
    and its table of codes must say the same).
    """
    header = header or ChartHeader()
    if not results:
        raise ValueError("a report needs at least one criteria set's Assessment")
    parsed = parse_case(case)
    first = next(iter(results.values()))
    shown = first.phenotype if phenotype is None else phenotype
    sampled = sampled_muscles(parsed, results)
    suggested = suggested_muscles(results)
    regions = region_views(results, sampled, suggested)
    marks = {(s.key, s.side): s for s in suggested}
    recorded = header.study_date or case_date(parsed)
    markers = [
        Marker(
            f"{m.number}",
            m.region,
            m.side,
            "abnormal" if m.abnormal else "normal",
            f"{m.number}: {m.name}" + (f" ({m.side})" if m.side else "") + f", {m.result}",
            m.key,
        )
        for m in sampled
    ] + [
        Marker(
            f"S{s.number}",
            s.region,
            s.side,
            "suggested",
            f"S{s.number}: {s.name}" + (f" ({s.side})" if s.side else "") + ", suggested next",
            s.key,
        )
        for s in suggested
    ]
    views = [_criteria_view(a, marks) for a in results.values()]
    plans = [a.plan for a in results.values() if a.plan is not None]
    options = first.readings.model_dump(mode="json")
    summary = tuple(
        (
            a.title,
            view.headline if (view := registry.undecided(a)) else wording.category(a.category),
        )
        for a in results.values()
    )
    afters = {m.values.get("after") for p in plans for m in p.muscles}
    after = afters.pop() if len(afters) == 1 else None
    return CasePage(
        patient=first.case_id or "(no patient id recorded)",
        date=(recorded or report_date).isoformat(),
        date_label="Study date"
        if header.study_date
        else ("Examination date" if recorded else "Report date"),
        summary=summary,
        warnings=tuple(_line(w) for w in first.warnings),
        phenotype=phenotype_line(shown),
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
            (who, line.text)
            for who, line in _grouped([(v.id, v.plan.reason) for v in views if v.plan is not None])
        ),
        timing=_by_sets(
            _grouped([(v.id, t) for v in views if v.plan is not None for t in v.plan.timing])
        ),
        codes=_codes(
            {
                "Red flags": [_line(w) for w in first.warnings],
                "Motor phenotype": [phenotype_line(shown)],
                "Next step": [v.plan.reason for v in views if v.plan is not None],
                "When": [t for v in views if v.plan is not None for t in v.plan.timing],
                "Needling cautions": [_line(c) for c in merged_cautions(plans)],
                "Muscles to sample next": [
                    Sentence(f"S{s.number} {s.name}: {reason}", code, s.key)
                    for s in suggested
                    for _, reason, code in s.grouped
                ],
                "Muscles sampled": [Sentence(f"{m.number} {m.name}", m.key) for m in sampled],
            }
        ),
        regions=tuple(regions),
        sampled=tuple(sampled),
        suggestions=tuple(suggested),
        suggestions_wait=wording.MUSCLE_AFTER[str(after)] if after is not None else "",
        body_map=draw_body_map(
            [
                RegionLabel(
                    r.region,
                    r.name,
                    r.examined,
                    r.umn,
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
        contraindications=tuple(contraindication_lines(parsed)),
        emg_summaries=registry.emg_summaries(parsed, {r.region: r.emg_lmn.words for r in regions}),
        alternative_diagnosis=(
            wording.another_cause(parsed.alternative_diagnosis)
            if parsed.alternative_diagnosis is not None
            else None
        ),
    )


__all__ = ["CasePage", "ChartHeader", "Verdict", "build_case_page", "case_date", "muscle_words"]
