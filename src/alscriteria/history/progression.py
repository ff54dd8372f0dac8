"""Progression from the findings of the visits themselves (criteria.md A.5).

Every criteria set requires progressive motor impairment, shown by history or by repeated
examination (A.3 prerequisites). A history is that repeated examination: progression is
documented when, between two visits at least `MINIMUM_MONTHS` apart, a region gains UMN
signs, a region gains LMN involvement, or a region's LMN findings worsen (a new sign of
weakness or wasting, or a muscle that was sampled without denervation with reinnervation
now shows it). Only findings recorded at both visits are compared: a region the earlier
visit did not examine, or a muscle it had not sampled, may have been abnormal all along.

The interval is El Escorial's: clinical and electrophysiological examinations at least six
months apart to show progression (criteria.md B.4.4, S6, the only interval any criteria
document gives). The serial EMG study (B.4.4, S14) repeats EMG every 3 months to find
evidence earlier; that is when to look again (A.4), not how far apart two examinations
must be for a change between them to count as progression.

A value the visit gives wins over the derived one, and the result says which was used.
Once documented, progression stays documented at later visits; so does a `true` given at
an earlier visit (a disease that has progressed has progressed), until a later visit gives
`false`: the latest judgement in the file is the clinician's judgement of the findings so
far, and after it only a change that visit had not seen documents progression.
"""

from __future__ import annotations

from collections.abc import Sequence

from alscriteria.anatomy.regions import REGION_ORDER
from alscriteria.case.dates import add_months, at_least_months_apart
from alscriteria.history.findings import VisitFindings
from alscriteria.history.model import Visit
from alscriteria.history.result import (
    Change,
    ChangeKind,
    ChangeTooSoon,
    Documentation,
    ProgressionBasis,
    ProgressionSource,
)

#: A registry's clinical LMN flag, and an EMG summary, in a change's findings (codes:
#: wording/progression.py FLAG_FINDING says them).
LMN_FLAG = "lmn_flag"
SUMMARY = "emg_summary"

#: The least interval between two visits whose findings are compared (criteria.md A.5,
#: B.4.4: El Escorial's "at least six months apart", S6).
MINIMUM_MONTHS = 6


def changes_between(earlier: VisitFindings, later: VisitFindings) -> list[Change]:
    """What spread or worsened from one visit to a later one, region by region.

    Needle findings count only when studied at the later visit itself: a study carried from
    an intermediate visit was made closer to the earlier one than the visits' dates say (that
    pair of visits is compared in its own right). Registry flags and per-limb findings count
    as the evaluation reads them; an LMN flag whose signs are not named at the earlier visit
    leaves nothing to compare the later signs with.
    """
    out: list[Change] = []
    # sampled clear before and denervated with reinnervation now, studied at this visit (a
    # set intersection: the comparison is made for many pairs of visits)
    worse_sites = {
        site
        for site in later.qualifying_sites & earlier.clear_sites
        if later.sites[site].visit == later.index
    }
    for region in REGION_ORDER:
        both_examined = region in earlier.examined and region in later.examined
        if both_examined and region not in earlier.umn and region in later.umn:
            after = list(later.umn[region])
            out.append(
                Change.said(
                    region=region,
                    kind="umn_new_region",
                    before=[],
                    after=after,
                    muscles=[],
                    new=list(after),  # the region had none: every sign is new
                )
            )
        comparable = both_examined and region not in earlier.lmn_unnamed
        new_signs = later.lmn[region] - earlier.lmn[region] if comparable else frozenset()
        new_muscles = sorted(
            later.sites[site].label for site in worse_sites if later.sites[site].region is region
        )
        # a summary given now that shows what a needle study then did not
        summary_now = (
            region in later.summarised_here
            and later.summary_lmn.get(region) is True
            and earlier.summary_clear(region)
        )
        fresh_by_flag = (
            both_examined and region in later.lmn_unnamed and earlier.lmn_involved(region) is False
        )
        if not new_signs and not new_muscles and not summary_now and not fresh_by_flag:
            continue
        before = sorted(earlier.lmn[region]) + earlier.qualifying(region)
        after = sorted(later.lmn[region]) + later.qualifying(region)
        if region in earlier.lmn_unnamed:
            before.append(LMN_FLAG)
        if region in later.lmn_unnamed:
            after.append(LMN_FLAG)
        if summary_now:
            after.append(SUMMARY)
        fresh = region in earlier.examined and earlier.lmn_involved(region) is False
        kind: ChangeKind = "lmn_new_region" if fresh else "lmn_worse"
        # what appeared, as the clinic names it: new signs, a summary now positive
        new = sorted(new_signs) + ([SUMMARY] if summary_now else [])
        out.append(
            Change.said(
                region=region, kind=kind, before=before, after=after, muscles=new_muscles, new=new
            )
        )
    return out


def first_documentation(
    visits: Sequence[Visit],
    findings: Sequence[VisitFindings],
    months: int = MINIMUM_MONTHS,
    baseline: int | None = None,
) -> Documentation | None:
    """The earliest later visit whose findings differ from an earlier one's, at least
    `months` before it, in a way that documents progression (the longest interval first).

    `baseline`: a visit whose `false` judged the findings up to it. Only visits after it
    can document progression, and a change counts only in a region where the later visit
    differs from the baseline too (what the clinician had already seen is not new)."""
    base = -1 if baseline is None else baseline
    for j in range(max(base + 1, 1), len(visits)):
        # regions where visit j differs from the baseline (every region without one)
        new_regions = (
            {c.region for c in changes_between(findings[base], findings[j])} if base >= 0 else None
        )
        if new_regions is not None and not new_regions:
            continue
        for i in range(j):
            if not at_least_months_apart(visits[i].date, visits[j].date, months):
                break  # later earlier visits are closer still
            changes = changes_between(findings[i], findings[j])
            if new_regions is not None and i < base:
                changes = [c for c in changes if c.region in new_regions]
            if changes:
                return _documentation(visits, i, j, changes)
    return None


def change_too_soon(
    visits: Sequence[Visit],
    findings: Sequence[VisitFindings],
    later: int,
    start: int = 0,
    months: int = MINIMUM_MONTHS,
) -> ChangeTooSoon | None:
    """A change that the findings of visit index `later` show against an earlier visit (from
    `start`) under `months` before it, the widest pair first (a pair at least `months` apart
    would document progression). A repeat examination `months` after the earlier visit that
    still shows the change documents progression (A.5): that is the date given."""
    found = _first_change(visits, findings, later, range(start, later), months, apart=False)
    if found is None:
        return None
    since = visits[found.earlier_visit - 1].date
    return ChangeTooSoon(**dict(found), documentable_from=add_months(since, months))


def change_not_counted(
    visits: Sequence[Visit],
    findings: Sequence[VisitFindings],
    later: int,
    start: int,
    months: int = MINIMUM_MONTHS,
) -> Documentation | None:
    """A change at visit index `later` against an earlier visit from `start` at least
    `months` before it: after a `false` given at `start`, such a change documents nothing
    when the later visit does not differ from `start` in that region (A.5)."""
    return _first_change(visits, findings, later, range(start, later), months, apart=True)


def _first_change(
    visits: Sequence[Visit],
    findings: Sequence[VisitFindings],
    later: int,
    earlier: range,
    months: int,
    apart: bool,
) -> Documentation | None:
    """The first earlier visit (in `earlier`, widest pair first) whose findings differ from
    those of visit index `later`, among the visits at least `months` before it (`apart`) or
    under `months` before it (not `apart`); the visits are in date order, so the ones at
    least `months` before come first."""
    for i in earlier:
        if at_least_months_apart(visits[i].date, visits[later].date, months) != apart:
            if apart:
                break
            continue
        changes = changes_between(findings[i], findings[later])
        if changes:
            return _documentation(visits, i, later, changes)
    return None


def _documentation(
    visits: Sequence[Visit], earlier: int, later: int, changes: list[Change]
) -> Documentation:
    """The two visits (indices) and what changed between them, as a result names them."""
    return Documentation(
        earlier_visit=earlier + 1,
        earlier_date=visits[earlier].date,
        later_visit=later + 1,
        later_date=visits[later].date,
        days_apart=(visits[later].date - visits[earlier].date).days,
        changes=changes,
    )


class _Uncounted:
    """The latest changes that document nothing yet, searched once per visit: too soon (under
    `months` apart), or not counted against a `false` given (from which the search starts)."""

    def __init__(self, visits: Sequence[Visit], findings: Sequence[VisitFindings], months: int):
        self.visits, self.findings, self.months = visits, findings, months
        self.soon: ChangeTooSoon | None = None
        self.judged_out: Documentation | None = None
        self.start = self.searched = 0
        self.judged: int | None = None  # the visit number of the latest `false` given

    def up_to(self, k: int) -> None:
        for j in range(self.searched + 1, k + 1):
            args = (self.visits, self.findings, j, self.start, self.months)
            self.soon = change_too_soon(*args) or self.soon
            if self.judged is not None:
                self.judged_out = change_not_counted(*args) or self.judged_out
        self.searched = max(self.searched, k)

    def judged_at(self, k: int) -> None:
        self.soon, self.judged_out = None, None
        self.start = self.searched = k
        self.judged = k + 1


def _compared(visits: Sequence[Visit], k: int, months: int) -> str:
    """What visit index `k` had to compare with: nothing (the first visit), no visit
    `months` before it, or at least one (A.5)."""
    if k == 0:
        return "first_visit"
    if not at_least_months_apart(visits[0].date, visits[k].date, months):
        return "none_far_enough"
    return "compared"


def progression_bases(
    visits: Sequence[Visit], findings: Sequence[VisitFindings], months: int = MINIMUM_MONTHS
) -> list[ProgressionBasis]:
    """For each visit, the progression its Assessments use and where it came from."""
    documented = first_documentation(visits, findings, months)
    out = []
    first_true: int | None = None
    # the latest changes that document nothing yet: a `false` given judged what came before,
    # so the search starts again from that visit
    uncounted = _Uncounted(visits, findings, months)
    for k, visit in enumerate(visits):
        given = visit.case.progression
        by_findings = documented is not None and documented.later_visit <= k + 1
        shown_doc = documented if by_findings else None
        source: ProgressionSource
        value: bool | None
        from_visit: int | None = None
        if given is not None:
            value, source = given, "file"
        elif by_findings:
            value, source = True, "findings"
        elif first_true is not None:
            value, source, from_visit = True, "earlier_visit", first_true + 1
        else:
            value, source = None, "not_documented"
        if source == "not_documented":
            uncounted.up_to(k)
        too_soon = uncounted.soon if source == "not_documented" else None
        if given is True and first_true is None:
            first_true = k
        out.append(
            ProgressionBasis.said(
                value=value,
                source=source,
                in_file=given,
                from_findings=by_findings,
                documented_by=shown_doc,
                from_visit=from_visit,
                minimum_months=months,
                too_soon=too_soon,
                not_counted=uncounted.judged_out if source == "not_documented" else None,
                values={
                    "judged_at_visit": uncounted.judged,
                    "compared": _compared(visits, k, months),
                },
            )
        )
        if given is False:
            # the clinician judged the findings so far: from here on, only a change from
            # this visit on documents progression
            documented = first_documentation(visits, findings, months, baseline=k)
            first_true = None
            uncounted.judged_at(k)
    return out


__all__ = [
    "MINIMUM_MONTHS",
    "change_not_counted",
    "change_too_soon",
    "changes_between",
    "first_documentation",
    "progression_bases",
]
