"""Clinical situations (issue "Results a clinician can act on"): what each result says and
advises, not only its category. Each file in tests/situations is named by its situation and
was worked out by hand: expected categories, red flags, plan situation, notes and paths.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings

from alscriteria import InvalidCaseError, evaluate, evaluate_all, parse_case, wording
from alscriteria.assess.assessment import Assessment
from alscriteria.assess.explain.deciding import deciding_rules
from alscriteria.assess.red_flags import red_flags
from alscriteria.case.model import Case
from alscriteria.case.readings import DEFAULT_READINGS
from alscriteria.regions.evidence import gather_evidence
from strategies import any_cases, examples
from strategies.variants import fasciculations_only_cases
from wording_helpers import terminal_text

SITUATIONS = sorted((Path(__file__).parent / "situations").glob("*.json"))


@pytest.mark.parametrize("path", SITUATIONS, ids=[p.stem for p in SITUATIONS])
def test_situation(path: Path) -> None:
    spec: dict[str, Any] = json.loads(path.read_text())
    assert spec["clauses"] and spec["description"]
    without_plan = evaluate_all(spec["case"])
    with_plan = evaluate_all(spec["case"], plan=True)
    for cid, want in spec["expect"].items():
        a, p = without_plan[cid], with_plan[cid]
        if "category" in want:
            assert (a.category.value, a.pattern_category.value) == (
                want["category"],
                want["pattern_category"],
            ), cid
        if "warnings" in want:
            # red flags are in every result, plan or not, the same in both
            assert [w.code for w in a.warnings] == want["warnings"], cid
            assert a.warnings == p.warnings
        assert p.plan is not None
        if "plan_reason" in want:
            assert p.plan.reason == want["plan_reason"], cid
            assert p.plan.reason_text == wording.plan_reason(
                want["plan_reason"], p.prerequisites.missing
            )
        if "upgrades" in want:
            assert len(p.plan.upgrades) == want["upgrades"], cid
        if "muscles" in want:
            assert len(p.plan.muscles) == want["muscles"], cid
        if "timing" in want:
            assert [t.code for t in p.plan.timing] == want["timing"], cid
        if "muscle_keys" in want:
            assert [m.muscle for m in p.plan.muscles] == want["muscle_keys"], cid
        if "cautions" in want:
            assert [c.code for c in p.plan.cautions] == want["cautions"], cid
        if "previously_spared" in want:
            spared = want["previously_spared"]  # the muscles, or how many
            listed = p.plan.previously_spared
            assert (len(listed) if isinstance(spared, int) else listed) == spared, cid
        if "spared_later" in want:  # spared, but not to be sampled first (A.4, B.4.2)
            later = [[s.muscle, s.side, s.caution] for s in p.plan.spared_later_sites]
            assert later == want["spared_later"], cid
            assert len(p.plan.spared_later) == len(later), cid
        if "first_path" in want:
            first = [[e.region.value, e.evidence] for e in p.plan.upgrades[0].add]
            assert first == want["first_path"], cid
        if "first_clinical_path" in want:
            clinical = next(u for u in p.plan.upgrades if not u.emg_obtainable)
            assert [[e.region.value, e.evidence] for e in clinical.add] == want[
                "first_clinical_path"
            ], cid
        for code, fragment in want.get("text_present", {}).items():
            items = [*p.plan.timing, *p.plan.cautions]
            texts = [i.text for i in items if i.code == code] + [
                m.reason for m in p.plan.muscles if m.reason_code == code
            ]
            assert any(fragment in t for t in texts), (cid, code, texts)
        if "prerequisites_missing" in want:
            assert a.prerequisites.missing == want["prerequisites_missing"], cid
            assert a.prerequisites.met is False
        for code in want.get("notes_absent", []):
            assert code not in {n.code for n in a.notes}, cid
        for code, regions in want.get("notes", {}).items():
            [note] = [n for n in a.notes if n.code == code]
            assert [r.value for r in note.regions] == regions
            assert all(r in note.text for r in regions)
        for code, words in want.get("note_text", {}).items():
            assert any(n.code == code and words in n.text for n in a.notes), (cid, code)
        if "why_not_probable" in want:
            assert [s.code for s in a.why_not_probable] == want["why_not_probable"], cid
        if "deciding_regions" in want:
            [deciding] = [f for f in deciding_rules(a) if f.grants is not None]
            assert [r.value for r in deciding.regions] == want["deciding_regions"], cid
    if "phenotype" in spec:
        # the motor phenotype (A.6) is the patient's: one, the same under every criteria set
        assert {a.phenotype.code for a in without_plan.values()} == {spec["phenotype"]}
        pairs = zip(with_plan.values(), without_plan.values(), strict=True)
        assert all(p.phenotype == a.phenotype for p, a in pairs)
    dumped = json.dumps([a.model_dump(mode="json") for a in with_plan.values()])
    for absent in spec.get("text_absent", []):
        assert absent not in dumped
    said = "\n".join(_texts(with_plan))  # notes, flags, shortfalls and plan, as shown
    for present in spec.get("text_present", []):
        assert present in said
    # what the terminal says: at least once, exactly once, never
    terminal = terminal_text(with_plan)
    for words in spec.get("terminal_present", []):
        assert words in terminal, words
    for words in spec.get("terminal_once", []):
        assert terminal.count(words) == 1, words
    for words in spec.get("terminal_absent", []):
        assert words not in terminal, words


def test_case_id_is_in_every_result_and_the_json_output(capsys: pytest.CaptureFixture[str]) -> None:
    from alscriteria.cli.app import main

    path = Path(__file__).parents[1] / "examples" / "probable.json"
    assert main(["evaluate", str(path), "--json"]) == 0
    results = json.loads(capsys.readouterr().out)
    case_id = json.loads(path.read_text())["id"]
    assert {r["case_id"] for r in results.values()} == {case_id}
    assert main(["evaluate", str(path)]) == 0
    lines = [line for line in capsys.readouterr().out.splitlines() if line.strip()]
    assert lines[0] == f"Patient {case_id}"
    assert "Revised El Escorial (2000):" in lines[1]  # the one-line summary comes next


@pytest.mark.parametrize(
    ("region", "sign", "home"),
    [
        ("bulbar", "babinski", "lumbosacral"),
        ("lumbosacral", "jaw_jerk", "bulbar"),
        ("cervical", "absent_abdominal_reflexes", "thoracic"),
        ("thoracic", "hoffmann", "cervical"),
    ],
)
def test_a_sign_outside_its_regions_is_refused(region: str, sign: str, home: str) -> None:
    with pytest.raises(InvalidCaseError) as caught:
        parse_case({"regions": {region: {"umn_signs": [sign]}}})
    [message] = caught.value.problems
    assert f"regions.{region}.umn_signs[0]" in message and f"belongs to: {home}" in message


def test_every_warning_and_plan_item_has_wording_and_a_source() -> None:
    for code, (text, source) in wording.PLAN_ITEM.items():
        assert text and source and "docs/criteria.md" in source, code
    for code in wording.PLAN_REASON:
        assert wording.plan_reason(code)


# --- properties ------------------------------------------------------------------------

_BAD_WORDING = re.compile(r"\b1 (regions|limbs|muscles|paths)\b|\ba (LMN|UMN|EMG)\b|\(met\)")


def _texts(assessments: dict[str, Assessment]) -> list[str]:
    out: list[str] = []
    for a in assessments.values():
        out += [n.text for n in a.notes] + [w.text for w in a.warnings]
        out += [a.phenotype.text, a.phenotype.needs_text]
        out += [wording.shortfall(s.code, s.have, s.need) for s in a.missing]
        if a.plan is not None:
            out += [a.plan.reason_text] + [m.reason for m in a.plan.muscles]
            out += [i.text for i in (*a.plan.timing, *a.plan.cautions)]
    return out


@settings(max_examples=examples(300))
@given(any_cases)
def test_wording_has_no_broken_plurals_or_articles(case: dict[str, Any]) -> None:
    for text in _texts(evaluate_all(case, plan=True)):
        assert not _BAD_WORDING.search(text), text


@settings(max_examples=examples(200))
@given(fasciculations_only_cases())
def test_no_plan_for_fasciculations_only_offers_a_muscle_or_a_path(case: dict[str, Any]) -> None:
    """Twitching alone: no upgrade path ever; muscles only to study a twitching region that
    no needle has been in yet (A.2), never once every such region has been studied."""
    studied = {parse_case(case).emg[i].muscle for i in range(len(case["emg"]))}
    for a in evaluate_all(case, plan=True).values():
        assert not a.met
        assert a.plan is not None and a.plan.upgrades == []
        assert a.plan.timing[0].code == "fasciculations_alone"
        if a.plan.reason == "fasciculations_only":
            assert a.plan.muscles == []
        else:
            assert a.plan.reason == "fasciculations_not_yet_studied"
            unstudied = {
                r.region.value for r in a.regions if r.lmn_signs and r.muscles_studied == 0
            }
            assert {m.region.value for m in a.plan.muscles} <= unstudied
            assert not {m.muscle for m in a.plan.muscles} & studied


def test_a_custom_muscle_needs_a_named_nerve() -> None:
    for nerve in ("", "  ", "nerve", "Nerve"):
        with pytest.raises(InvalidCaseError, match="does not name a nerve"):
            parse_case(
                {
                    "emg": [
                        {
                            "muscle": "x_muscle",
                            "region": "cervical",
                            "roots": ["C5"],
                            "nerve": nerve,
                        }
                    ]
                }
            )


@settings(max_examples=examples(200))
@given(any_cases)
def test_red_flags_are_the_same_with_or_without_a_plan(case: dict[str, Any]) -> None:
    plain = evaluate_all(case)
    planned = evaluate_all(case, plan=True)
    model = Case.model_validate(case)
    want = red_flags(model, gather_evidence(model, DEFAULT_READINGS))
    for cid in plain:
        assert plain[cid].warnings == planned[cid].warnings == want
        assert evaluate(case, cid).warnings == want
