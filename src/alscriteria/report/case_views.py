"""What the case page shows, as plain data the template reads: each region's findings as every
criteria set reads them, each set's verdict and plan, the muscles sampled and suggested.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from alscriteria import wording
from alscriteria.anatomy.regions import Region
from alscriteria.anatomy.vocabulary import label
from alscriteria.criteria.category import Category
from alscriteria.report.bodymap import BodyMap
from alscriteria.report.names import short_name
from alscriteria.report.registry import SideView, SummaryView, UndecidedView

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
    missing_summary: str
    """What the next category lacks in one sentence (wording.missing_summary)."""
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
    #: the spared muscles not to be sampled first, each with why and its source (A.4, B.4.2)
    spared_later: tuple[str, ...] = ()


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
            ("study-date", "Study date", self.study_date.isoformat() if self.study_date else None),
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
        return self.words[len(head) :].strip() if self.words.startswith(head) else ""


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
    suggestions_wait: str = ""
    """What every muscle suggested waits on, in words (the mimic work-up, B.4.1), for the
    next step's one line of muscles, which gives no reasons; empty when nothing."""


Marks = dict[tuple[str, str | None], Suggestion]
