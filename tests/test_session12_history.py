"""Session 12: histories, function and stage over time (brief12-hist).

- one reading of "a milestone reached by a date", for the stage and the milestones shown;
- a King's stage shown lower than one shown at an earlier visit (only an ALSFRS-R estimate
  can fall: the recorded milestones accumulate) is said, cited, in the JSON, the timeline
  and the page;
- an interval beside the six months of A.5 is never shown on the wrong side of it;
- a flail limb named at an early visit that a later visit's record excludes says so.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from alscriteria.function.record import Milestone
from alscriteria.function.staging import kings_from_milestones, reached_by

DAY = date(2024, 3, 1)


def test_a_milestone_dated_the_day_of_the_visit_is_reached_by_it_and_not_before() -> None:
    tube = Milestone(status="provided", date=DAY)
    niv = Milestone(status="trialled", date=DAY)
    on_the_day = reached_by(DAY, DAY, tube, niv)
    assert (on_the_day.diagnosis, on_the_day.gastrostomy, on_the_day.niv) == (True, True, True)
    before = reached_by(DAY - timedelta(days=1), DAY, tube, niv)
    assert (before.diagnosis, before.gastrostomy, before.niv) == (False, False, False)
    # the stage reads the same answer: NIV reached gives 4B, the day before only the regions
    staged: Any = kings_from_milestones(DAY, ("upper_limb",), DAY, tube, niv)
    assert staged.stage == "4B"
    earlier: Any = kings_from_milestones(DAY - timedelta(days=1), ("upper_limb",), DAY, tube, niv)
    assert earlier.stage == "1"
