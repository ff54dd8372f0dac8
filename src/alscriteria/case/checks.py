"""The checks across fields that a single field's type cannot make: signs where a region cannot
show them, region flags that deny a side's signs, one muscle name with two anatomies.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping

from alscriteria.anatomy.catalogue import alias_form, root_span
from alscriteria.anatomy.regions import Region
from alscriteria.anatomy.vocabulary import region_signs, sign_regions
from alscriteria.case.findings import EMG_SUMMARY_FINDINGS, EMGSummary, RegionFindings, SideFindings
from alscriteria.case.studies import MuscleStudy


def one_name_two_anatomies(studies: tuple[MuscleStudy, ...]) -> list[str]:
    """Records of one muscle outside the catalogue must give it one anatomy.

    Names are compared as the catalogue compares them ("Rhomboid major" and
    "rhomboid_major" are one muscle): otherwise letter case would decide whether two records
    are one muscle or an independent pair (A.2).
    """
    first: dict[str, tuple[int, MuscleStudy]] = {}
    problems = []
    for i, study in enumerate(studies):
        if study.region is None:
            continue
        name = alias_form(study.muscle)
        if name not in first:
            first[name] = (i, study)
            continue
        j, earlier = first[name]
        if (earlier.region, frozenset(earlier.roots or ()), earlier.nerve) != (
            study.region,
            frozenset(study.roots or ()),
            study.nerve,
        ):
            problems.append(
                f"emg[{i}]: muscle {study.muscle!r} is given another anatomy than in emg[{j}] "
                f"({earlier.muscle!r}: {_anatomy(earlier)}; here: {_anatomy(study)}); one "
                "muscle has one region, root set and nerve: give it the same in every record, "
                "or name the two muscles differently"
            )
    return problems


def _anatomy(study: MuscleStudy) -> str:
    """The anatomy a record gives, roots last and written as the catalogue writes them
    (`root_span`): "C5, C7" is two roots, where a dash would claim C6 between them."""
    region = study.region.value if study.region is not None else "no region"
    return f"{region}, {study.nerve} nerve, roots {root_span(study.roots or ())}"


def misplaced_signs(regions: Mapping[Region, RegionFindings]) -> tuple[list[str], bool]:
    """UMN signs recorded in a region where they cannot be elicited (data/sign_regions.json):
    counted, a Babinski sign in the bulbar region would make a UMN region out of a typo. Sides
    and limb-pair independence belong to the limb regions only. Also says whether the case
    holds registry input (sides, flags, EMG summaries), found on the same pass."""
    problems: list[str] = []
    registry = False
    for region, findings in regions.items():
        signs = findings.umn_signs
        if signs and not signs_of(region).issuperset(signs):
            problems.extend(_signs_out_of_place(region, signs, f"regions.{region.value}"))
        if (
            findings.emg is None
            and findings.left is None
            and findings.right is None
            and findings.umn is None
            and findings.lmn is None
        ):
            continue
        registry = True
        where = f"regions.{region.value}"
        problems.extend(_flag_contradicts_signs(findings, where))
        for side, given in findings.sides:
            problems.extend(_region_flag_denies_side(findings, side, given, where))
        for side, given in findings.sides:
            if not region.is_limb:
                problems.append(
                    f"{where}.{side}: sides are for the limb regions only (cervical, "
                    f"lumbosacral); give the {region.value} findings for the whole region"
                )
                break
            problems.extend(_signs_out_of_place(region, given.umn_signs, f"{where}.{side}"))
            problems.extend(_flag_contradicts_signs(given, f"{where}.{side}"))
        for part, summary in findings.emg_summaries:
            at = where if part == "region" else f"{where}.{part}"
            if summary.independent_muscles is not None and not region.is_limb:
                problems.append(
                    f"{at}.emg.independent_muscles: only for the limb regions (cervical, "
                    f"lumbosacral); in the {region.value} region one muscle is enough"
                )
            if summary.lmn_evidence is False and _meets_awaji(summary, region.is_limb):
                problems.append(
                    f"{at}.emg.lmn_evidence: false (no muscle with chronic neurogenic change "
                    "and active denervation), but the summary reports such muscles"
                )
    return problems, registry


@functools.cache
def signs_of(region: Region) -> frozenset[str]:
    """The UMN signs a region can show (data/sign_regions.json)."""
    return frozenset(region_signs(region.value))


def _meets_awaji(summary: EMGSummary, limb: bool) -> bool:
    """Whether the summary reports a muscle with chronic change and active denervation (or,
    in a limb, an independent pair of them), which `lmn_evidence: no` denies."""
    active = any(getattr(summary, name) for name in EMG_SUMMARY_FINDINGS[1:5])
    return (bool(summary.chronic_neurogenic_change) and active) or bool(
        limb and summary.independent_muscles
    )


def _region_flag_denies_side(
    findings: RegionFindings, side: str, given: SideFindings, where: str
) -> list[str]:
    """A region flagged "no" with signs (or a "yes") on one of its limbs."""
    problems = []
    if findings.umn is False and (given.umn_signs or given.umn):
        problems.append(f"{where}.umn: false, but {where}.{side} has UMN signs")
    weak_or_wasted = given.lmn or any(s in ("weakness", "wasting") for s in given.lmn_signs)
    if findings.lmn is False and weak_or_wasted:
        problems.append(f"{where}.lmn: false, but {where}.{side} has weakness or wasting")
    return problems


def _flag_contradicts_signs(findings: RegionFindings | SideFindings, where: str) -> list[str]:
    """A "no" flag beside the signs it denies: one of the two is a data error, and which one
    cannot be told."""
    problems = []
    if findings.umn is False and findings.umn_signs:
        problems.append(f"{where}.umn: false, but umn_signs lists {list(findings.umn_signs)}")
    counted = [s for s in findings.lmn_signs if s in ("weakness", "wasting")]
    if findings.lmn is False and counted:
        problems.append(f"{where}.lmn: false, but lmn_signs lists {counted}")
    return problems


def _signs_out_of_place(region: Region, signs: tuple[str, ...], where: str) -> list[str]:
    allowed = region_signs(region.value)
    problems = []
    for i, sign in enumerate(signs):
        if sign not in allowed:
            homes = ", ".join(sign_regions()[sign])
            problems.append(
                f"{where}.umn_signs[{i}]: {sign!r} is not a UMN sign of the {region.value} "
                f"region (it belongs to: {homes}); {region.value} signs: {', '.join(allowed)}"
            )
    return problems
