"""Golden cases: hand-worked clinical patterns, each naming the clause of criteria.md it exercises.

The expected categories in tests/golden were worked out by hand from Part A, not by running
the engine. The file name starts with the headline category.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from alscriteria import CRITERIA, evaluate_all
from alscriteria.case.readings import DEFAULT_READINGS
from alscriteria.criteria.category import Category

GOLDEN = sorted((Path(__file__).parent / "golden").glob("*.json"))


def load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text())
    return data


@pytest.mark.parametrize("path", GOLDEN, ids=[p.stem for p in GOLDEN])
def test_golden_case(path: Path) -> None:
    golden = load(path)
    assert golden["clauses"], "every golden case cites the clause it exercises"
    results = evaluate_all(golden["case"], golden["readings"])
    for criteria, want in golden["expect"].items():
        got = results[criteria]
        assert (got.category.value, got.pattern_category.value) == (
            want["category"],
            want["pattern_category"],
        ), (
            f"{criteria}: {got.category} / {got.pattern_category}; trace {[t.rule for t in got.trace]}"
        )
        assert got.met == (got.category is not Category.NOT_MET)
    for criteria, notes in golden["notes"].items():
        codes = {n.code for n in results[criteria].notes}
        assert set(notes) <= codes, (criteria, codes)
    for criteria, alternatives in golden["alternatives"].items():
        got_alts = [
            [a.option, a.value, a.category.value, a.pattern_category.value]
            for a in results[criteria].alternatives
        ]
        assert got_alts == alternatives, criteria


def test_golden_names_start_with_a_category() -> None:
    names = {c.value for c in Category}
    for path in GOLDEN:
        assert path.stem.split("__")[0] in names, path.name


def _default_runs() -> list[tuple[dict[str, Any], dict[str, Any]]]:
    runs = []
    for path in GOLDEN:
        golden = load(path)
        if not golden["readings"]:
            runs.append((golden, evaluate_all(golden["case"])))
    return runs


def test_every_rule_fires_somewhere_and_is_a_deciding_miss_elsewhere() -> None:
    """Each rule of the default readings fires in some golden case, and in another case it does
    not fire while the category stays below what the rule would grant (its absence decided)."""
    runs = _default_runs()
    for cset in CRITERIA.values():
        for rule in cset.rules(DEFAULT_READINGS):
            fired_in = [g for g, r in runs if rule.id in {t.rule for t in r[cset.id].trace}]
            assert fired_in, f"{rule.id} fires in no golden case"
            if rule.category is None:
                deciding = [
                    g
                    for g, r in runs
                    if rule.id not in {t.rule for t in r[cset.id].trace}
                    and r[cset.id].pattern_category is not Category.NOT_MET
                ]
            else:
                granted = Category(rule.category)
                deciding = [
                    g
                    for g, r in runs
                    if rule.id not in {t.rule for t in r[cset.id].trace}
                    and cset.rank(r[cset.id].pattern_category) < cset.rank(granted)
                ]
            assert deciding, f"{rule.id} is never the deciding miss"


def test_missing_names_the_next_category_requirements() -> None:
    results = evaluate_all(
        {
            "progression": True,
            "other_causes_excluded": True,
            "regions": {"cervical": {"umn_signs": ["hoffmann"], "lmn_signs": ["weakness"]}},
        }
    )
    awaji = results["awaji"]
    assert awaji.category is Category.POSSIBLE
    assert awaji.next_category is Category.PROBABLE
    codes = {(m.code, m.have, m.need) for m in awaji.missing}
    assert ("umn_regions", 1, 2) in codes and ("lmn_regions", 1, 2) in codes
    eec = results["revised-el-escorial"]
    assert eec.next_category is Category.PROBABLE_LABORATORY_SUPPORTED
    assert {(m.code, m.have, m.need) for m in eec.missing} == {("emg_regions", 0, 2)}


def test_prerequisites_shortfall_is_reported() -> None:
    results = evaluate_all(
        {
            "progression": None,
            "other_causes_excluded": False,
            "regions": {
                "cervical": {"umn_signs": ["hoffmann"], "lmn_signs": ["weakness", "wasting"]}
            },
        }
    )
    gc = results["gold-coast"]
    assert gc.category is Category.NOT_MET and gc.pattern_category is Category.ALS
    assert gc.prerequisites.missing == ["progression", "other_causes_excluded"]
    assert {(m.code, m.have) for m in gc.missing} == {
        ("progression", "unknown"),
        ("other_causes_excluded", "false"),
    }


def test_trace_shows_the_evidence_of_the_deciding_rule() -> None:
    golden = load(Path(__file__).parent / "golden" / "probable__single_thoracic_muscle.json")
    awaji = evaluate_all(golden["case"])["awaji"]
    probable = next(t for t in awaji.trace if t.rule == "awaji.probable")
    assert probable.clause.startswith("A.3.2") and "Carvalho" in probable.citation
    assert [r.value for r in probable.rostral_pair or []] == ["cervical", "lumbosacral"]
    thoracic = next(e for e in probable.evidence if e.region.value == "thoracic")
    assert thoracic.emg_muscles == ["thoracic_paraspinals"]
    region = next(r for r in awaji.regions if r.region.value == "thoracic")
    assert region.emg_lmn and region.lmn and not region.clinical_lmn
    assert region.emg_muscles[0].roots[0] == "T6"
