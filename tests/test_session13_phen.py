"""Session 13 clinical review of the flail limbs (criteria.md A.6): the 12-month boundary,
one reading for every reader; a limb examined per side and found normal is not a flail
limb's second limb; a flail limb's other limb whose sampled muscles are normal."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from alscriteria.assess.phenotype import within_first_12_months
from alscriteria.history import evaluate_history

_ARMS = {
    "bulbar": {},
    "cervical": {"lmn_signs": ["weakness", "wasting"]},
    "lumbosacral": {},
    "thoracic": {},
}


@pytest.mark.parametrize(
    ("onset", "day_before", "anniversary"),
    [
        ("2021-02-10", "2022-02-09", "2022-02-10"),
        # 29 February: 12 calendar months end on the last day of February (case/dates.py)
        ("2020-02-29", "2021-02-27", "2021-02-28"),
    ],
)
def test_the_12_month_boundary_is_one_day_for_every_reader(
    onset: str, day_before: str, anniversary: str
) -> None:
    """ "Within 12 months of onset" (S71) is read once (`within_first_12_months`, calendar
    months as A.5 counts them): the provisional flail limb (assess/phenotype.py), the
    exclusion by function recorded later (history/flail.py) and the flail limb established
    by its first 12 months (history/phenotype_course.py) all turn on the anniversary. The
    history's exclusion read `<= 365` days and the phenotype `< 365`, so the anniversary
    day of a common year was both inside and outside the 12 months."""
    legs_lost = {"functional_involvement": ["upper_limb", "lower_limb"]}
    legs_weak = {**_ARMS, "lumbosacral": {"lmn_signs": ["weakness", "wasting"]}}
    first_visit = {"date": onset[:4] + "-06-01", "regions": _ARMS}
    for day, inside in ((day_before, True), (anniversary, False)):
        assert within_first_12_months(date.fromisoformat(onset), date.fromisoformat(day)) is inside
        # the exclusion by function recorded at that visit (history/flail.py, assess)
        visits = [first_visit, {"date": day, "regions": _ARMS, **legs_lost}]
        first, second = evaluate_history({"onset": onset, "visits": visits}, plan=False).visits
        assert (first.phenotype_excluded is not None) is inside
        assert second.phenotype.code == ("progressive_muscular_atrophy" if inside else "flail_arm")
        # the provisional flail limb (assess/phenotype.py) and the flail limb established by
        # its first 12 months, kept after spread (history/phenotype_course.py)
        later = {"date": str(int(onset[:4]) + 3) + "-06-01", "regions": legs_weak}
        visits = [first_visit, {"date": day, "regions": _ARMS}, later]
        _, second, third = evaluate_history({"onset": onset, "visits": visits}, plan=False).visits
        assert second.phenotype.code == "flail_arm"
        assert ("under_12_months" in second.phenotype.needs) is inside
        assert third.phenotype.code == ("progressive_muscular_atrophy" if inside else "flail_arm_spread")
