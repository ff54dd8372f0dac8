"""The plan's needle waits on the work-up of a treatable-mimic finding (criteria.md A.4,
B.4.1; session 12).

Before, a conduction block outside an entrapment site (a multifocal motor neuropathy
picture), demyelinating slowing or marked sensory abnormality changed only the first line of
the plan's When section, and only where the case also said other causes were excluded: the
paths said "EMG can look for this now", the muscles (the tongue, the thoracic paraspinals)
were offered as for any other case, and a repeat EMG in 3 months followed. Now the work-up
leads by name whatever the exclusion says, and each item that would send a needle in to
raise the category carries what it waits on (`Upgrade.waits_on`, `values.after` of a muscle
or a repeat timing), worded at the edge. A first study (nerve conduction and needle EMG
together) is itself part of the work-up and is not held back.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from hypothesis import given, settings

from alscriteria import evaluate_all, parse_case
from alscriteria.assess.plan.timing import REPEAT_TIMINGS
from alscriteria.assess.red_flags import treatable_mimic_findings
from alscriteria.report import case_report
from strategies import examples
from strategies.variants import reported_cases
from wording_helpers import terminal_text

LEADS = {"mimic_workup_first", "mimic_workup_before_exclusion"}


@settings(max_examples=examples(300))
@given(reported_cases())
def test_every_needle_that_would_raise_the_category_waits_on_the_mimic_workup(
    case: dict[str, Any],
) -> None:
    parsed = parse_case(case)
    pending = parsed.alternative_diagnosis is None and bool(treatable_mimic_findings(parsed))
    for a in evaluate_all(case, plan=True).values():
        plan = a.plan
        assert plan is not None
        first_study = any(t.code == "first_electrodiagnostic_study" for t in plan.timing)
        leads = [t.code for t in plan.timing if t.code in LEADS]
        if not pending:
            assert leads == []
            assert all(u.waits_on is None for u in plan.upgrades)
            assert all("after" not in m.values for m in plan.muscles)
            assert all("after" not in t.values for t in plan.timing)
            continue
        # the work-up leads the When section, named, whatever the exclusion says
        assert plan.timing[0].code in LEADS and len(leads) == 1
        conflict = parsed.other_causes_excluded is True
        want = "mimic_workup_first" if conflict else "mimic_workup_before_exclusion"
        assert leads == [want]
        for u in plan.upgrades:
            assert u.waits_on == ("mimic_workup" if u.emg_obtainable else None)
        for t in plan.timing:
            assert (t.values.get("after") == "mimic_workup") is (t.code in REPEAT_TIMINGS)
        if not first_study:
            assert all(m.values.get("after") == "mimic_workup" for m in plan.muscles)
            assert all("only once the mimic work-up" in m.reason for m in plan.muscles)


def test_the_terminal_says_it_on_every_path_muscle_and_repeat() -> None:
    """The conflict case (exclusion recorded beside a block): the lead line was there
    before; the paths, the muscles and the repeat said "now" and nothing else."""
    case = {
        "progression": True,
        "other_causes_excluded": True,
        "regions": {
            "cervical": {"umn_signs": ["hoffmann"], "lmn_signs": ["weakness", "wasting"]},
            "lumbosacral": {"lmn_signs": ["weakness"]},
        },
        "emg": [
            {"muscle": m, "side": "left", "fibrillation_potentials": True, **_CHRONIC}
            for m in ("first_dorsal_interosseous", "biceps_brachii")
        ],
        "nerve_conduction": {
            "conduction_block": [
                {"nerve": "ulnar", "segment": "forearm", "at_entrapment_site": False}
            ]
        },
    }
    results = evaluate_all(case, plan=True)
    plan = results["revised-el-escorial"].plan
    assert plan is not None and plan.timing[0].code == "mimic_workup_first"
    [repeat] = [t for t in plan.timing if t.code == "repeat_in_3_months"]
    assert repeat.source.endswith("; B.4.1 (S36, S37, S139); B.4.3 (S29)")
    shown = terminal_text(results)
    assert "EMG can look for this now" not in shown
    assert "once the mimic work-up has found no treatable cause" in shown
    # without the block the same case is planned as before
    del case["nerve_conduction"]
    plain = evaluate_all(case, plan=True)["revised-el-escorial"].plan
    assert plain is not None and plain.timing[0].code == "repeat_in_3_months"
    assert "EMG can look for this now" in terminal_text(evaluate_all(case, plan=True))


_CHRONIC = {"chronic_neurogenic_change": True}


def test_the_page_says_it_on_the_next_steps_line_of_muscles() -> None:
    """The page's next step lists the muscles without their reasons: it says once what
    they wait on, and nothing where nothing waits."""
    path = Path(__file__).parent / "situations"
    case = json.loads(
        (path / "mimic_pending__mmn_picture_exclusion_not_recorded_needle_waits.json").read_text()
    )["case"]
    page = case_report(case, evaluate_all(case, plan=True), dt.date(2026, 1, 15))
    waits = "Sample next, only once the mimic work-up has found no treatable cause:</strong>"
    assert waits in page
    del case["nerve_conduction"]
    plain = case_report(case, evaluate_all(case, plan=True), dt.date(2026, 1, 15))
    assert "<strong>Sample next:</strong>" in plain and waits not in plain
