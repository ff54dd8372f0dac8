"""What a registry record gives the case page: per-limb signs, yes/no flags, EMG conclusions
taken as reported, and a category the summaries leave open (docs/criteria.md A.1 "Registry
input", A.2 "From an EMG summary").

A registry records less than an examination, and the engine says so rather than guessing
(A.2: "open is never guessed"). The page must say it as plainly: which signs were only a
yes/no flag, which EMG was a summary without muscles, and, beside the category itself, every
category the summaries allow. These are the words; page.py places them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from alscriteria import wording
from alscriteria.anatomy.regions import Region
from alscriteria.anatomy.vocabulary import label
from alscriteria.assess.assessment import Assessment
from alscriteria.assess.models.explanations import RegionEvidence
from alscriteria.case.findings import EMGSummary
from alscriteria.case.model import Case
from alscriteria.report.names import short_name
from alscriteria.wording.common import where
from alscriteria.wording.evidence import FLAG_WORDS, side_words

#: The EMG summary's fields in the order a report gives them, in words.
SUMMARY_FIELDS = (
    ("lmn_evidence", "EMG evidence of LMN involvement (the conclusion)"),
    ("chronic_neurogenic_change", "chronic neurogenic change"),
    ("fibrillation_potentials", "fibrillation potentials"),
    ("positive_sharp_waves", "positive sharp waves"),
    ("fasciculation_potentials", "fasciculation potentials"),
    ("active_denervation", "active denervation (kind not given)"),
    ("independent_muscles", "in independent muscles (different roots and nerves)"),
)


def flags(reported: list[str]) -> list[str]:
    return [FLAG_WORDS.get(f, f"{f}: yes (flag)") for f in reported]


@dataclass(frozen=True)
class SideView:
    side: str
    limb: str
    findings: tuple[str, ...]
    short: tuple[str, ...]
    """The same findings in the few words the body map's tag has room for."""
    emg_summary: bool


def sides(evidence: RegionEvidence) -> tuple[SideView, ...]:
    out = []
    for s in evidence.sides:
        limb, long = side_words(evidence.region, s)
        _, short = side_words(evidence.region, s, short=True)
        out.append(
            SideView(s.side, limb, tuple(long), tuple(short), s.side in evidence.emg_summaries)
        )
    for name in evidence.emg_summaries:  # a limb with an EMG summary and no signs
        if name != "region" and all(v.side != name for v in out):
            out.append(SideView(name, where(evidence.region, name), (), (), True))
    return tuple(sorted(out, key=lambda v: v.side != "right"))


@dataclass(frozen=True)
class OpenRegionView:
    region: str
    text: str
    missing: tuple[str, ...]


@dataclass(frozen=True)
class UndecidedView:
    """A category the EMG summaries (or a clinical LMN flag) leave open, in words."""

    categories: tuple[str, ...]
    allowed: str
    """ "Possible ALS or Probable ALS, laboratory-supported"."""
    headline: str
    """The category and what the summaries allow, said together, never one without the other."""
    text: str
    regions: tuple[OpenRegionView, ...]
    decides: str = ""
    """What would decide it: a muscle-by-muscle report, or the signs named."""


def undecided(a: Assessment) -> UndecidedView | None:
    u = a.undecided
    if u is None:
        return None
    allowed = " or ".join(wording.category(c) for c in u.categories)
    return UndecidedView(
        tuple(c.value for c in u.categories),
        allowed,
        f"{wording.category(a.category)} \u2014 cannot be decided from "
        f"{wording.open_sources([o.missing for o in u.regions])}: {allowed}",
        u.text,
        tuple(
            OpenRegionView(where, text, tuple(missing))
            for where, text, missing in wording.open_region_lines(
                [(o.region.value, o.missing, o.text) for o in u.regions]
            )
        ),
        wording.what_decides([o.missing for o in u.regions]),
    )


@dataclass(frozen=True)
class SummaryView:
    """One EMG conclusion of the case as the report gave it, and how each set read it."""

    region: Region
    region_name: str
    where: str
    said: tuple[str, ...]
    read: str
    """EMG LMN as the criteria sets read the region ("yes for Awaji; open for rEEC")."""


def _said(summary: EMGSummary) -> tuple[str, ...]:
    out = []
    for name, words in SUMMARY_FIELDS:
        value = getattr(summary, name)
        if value is not None:
            out.append(f"{words}: {'yes' if value else 'no'}")
    return tuple(out) or ("nothing stated",)


def emg_summaries(case: Case, read: Mapping[Region, str]) -> tuple[SummaryView, ...]:
    """Every EMG conclusion the case carries, region first then each limb, in region order;
    `read` is each region's EMG LMN as the criteria sets read it, in words."""
    out = []
    for region, findings in case.regions.items():
        name = label("regions", region.value).split(" (")[0]
        places: list[tuple[str, EMGSummary | None]] = [("region", findings.emg)]
        places += [
            ("right", findings.right.emg if findings.right else None),
            ("left", findings.left.emg if findings.left else None),
        ]
        for place, summary in places:
            if summary is not None:
                out.append(
                    SummaryView(
                        region, name, where(region, place), _said(summary), read.get(region, "")
                    )
                )
    order = list(Region)
    return tuple(sorted(out, key=lambda v: order.index(v.region)))


def open_for(per_set: Mapping[str, RegionEvidence]) -> tuple[str, ...]:
    """The criteria sets (short names) for which a summary or flag leaves the region open."""
    return tuple(
        short_name(cid)
        for cid, r in per_set.items()
        if (r.emg_lmn_open and not r.emg_lmn) or (r.clinical_lmn_open and not r.clinical_lmn)
    )


__all__ = [
    "OpenRegionView",
    "SideView",
    "SummaryView",
    "UndecidedView",
    "emg_summaries",
    "flags",
    "open_for",
    "sides",
    "undecided",
]
