"""Issue 19, sections 1 and 8: wording that is exact per criteria set, and explanations a
neurologist can follow (alternatives said as alternatives, why not Probable, the UMN region
behind laboratory support, rule ids kept for the audit, why Awaji can be lower)."""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any

import pytest
from hypothesis import given, settings
from rich.console import Console

from alscriteria import evaluate, evaluate_all, wording
from alscriteria.assess.assessment import Assessment
from alscriteria.assess.models.explanations import Shortfall
from alscriteria.cli.render import assessment_panel
from alscriteria.criteria import CRITERIA, criteria_set
from alscriteria.criteria.category import Category
from alscriteria.report import case_report
from alscriteria.schemas import assessment_schema
from report_helpers import parse_page
from strategies import any_cases, examples

#: UMN signs in the legs only, weakness in the arms: every clinical upgrade path names LMN.
LEGS_UMN_ARMS_WEAK: dict[str, Any] = {
    "progression": True,
    "other_causes_excluded": True,
    "regions": {
        "cervical": {"lmn_signs": ["weakness"]},
        "lumbosacral": {"umn_signs": ["babinski"], "lmn_signs": ["weakness"]},
    },
}

LAB_SUPPORTED_ONE_UMN_REGION: dict[str, Any] = {
    "progression": True,
    "other_causes_excluded": True,
    "regions": {"bulbar": {"umn_signs": ["jaw_jerk"]}},
    "emg": [
        {
            "muscle": m,
            "side": "right",
            "fibrillation_potentials": True,
            "chronic_neurogenic_change": True,
        }
        for m in (
            "first_dorsal_interosseous",
            "biceps_brachii",
            "tibialis_anterior",
            "medial_gastrocnemius",
        )
    ],
}


def _panel(a: Assessment) -> str:
    console = Console(file=io.StringIO(), width=200, no_color=True, color_system=None)
    console.print(assessment_panel(a))
    return " ".join(console.file.getvalue().split())  # type: ignore[attr-defined]


# --- 1. the clinical LMN phrase per criteria set ---------------------------------------


def test_the_clinical_lmn_phrase_follows_each_criteria_sets_definition() -> None:
    """Revised El Escorial and Awaji count weakness OR wasting, Gold Coast only weakness AND
    wasting (A.2): the upgrade paths say so, in the terminal and on the page."""
    results = evaluate_all(LEGS_UMN_ARMS_WEAK, plan=True)
    page = case_report(LEGS_UMN_ARMS_WEAK, results, dt.date(2024, 5, 1))
    rows = [r.text() for r in parse_page(page).find_all("tr")]
    seen = set()
    for cid, a in results.items():
        assert a.plan is not None
        clinical = [u for u in a.plan.upgrades if any(e.evidence == "clinical_lmn" for e in u.add)]
        if not clinical:
            continue
        seen.add(cid)
        needs = criteria_set(cid).clinical_lmn_needs
        said = wording.EVIDENCE[needs]["clinical_lmn"]
        other = "weakness and wasting" if needs == "weakness_or_wasting" else "weakness or wasting"
        assert other not in said
        panel = _panel(a)  # the terminal shows the first three paths
        shown = any(e.evidence == "clinical_lmn" for u in a.plan.upgrades[:3] for e in u.add)
        assert (said in panel) == shown and other not in panel
        assert any(said in r for r in rows)
    assert seen >= {"revised-el-escorial", "awaji"}


def test_the_evidence_phrases_differ_only_where_the_definitions_differ() -> None:
    either, both = wording.EVIDENCE["weakness_or_wasting"], wording.EVIDENCE["weakness_and_wasting"]
    assert either.keys() == both.keys()
    assert [k for k in either if either[k] != both[k]] == ["clinical_lmn"]
    assert "or wasting" in either["clinical_lmn"] and "and wasting" in both["clinical_lmn"]
    assert {c.clinical_lmn_needs for c in CRITERIA.values()} == set(wording.EVIDENCE)


# --- 1. flags, not summaries, said once --------------------------------------------------


def test_regions_open_only_for_their_flag_are_said_once_together() -> None:
    lines = wording.open_region_lines(
        [
            ("cervical", ["weakness_and_wasting"], "x"),
            ("thoracic", ["chronic_neurogenic_change"], "The thoracic summary does not say y."),
            ("lumbosacral", ["weakness_and_wasting"], "x"),
        ]
    )
    assert [where for where, _, _ in lines] == ["thoracic", "cervical, lumbosacral"]
    text = lines[1][1]
    assert text.startswith("The yes/no clinical LMN flags of the cervical and lumbosacral regions")
    assert "summar" not in text


def test_a_region_open_for_its_summary_and_its_flag_says_each_of_its_own() -> None:
    text = wording.open_emg("cervical", ["chronic_neurogenic_change", "weakness_and_wasting"])
    assert text.startswith("The cervical summary does not say whether there was chronic")
    assert "The yes/no clinical LMN flag of the cervical region does not say" in text


@pytest.mark.parametrize(
    ("missing", "source"),
    [
        ([["weakness_and_wasting"]], "the yes/no flags"),
        ([["independent_muscles"]], "the summaries"),
        ([["weakness_and_wasting"], ["independent_muscles"]], "the summaries and yes/no flags"),
    ],
)
def test_an_open_category_names_what_leaves_it_open(missing: list[list[str]], source: str) -> None:
    assert wording.open_sources(missing) == source


# --- 8. alternatives said as alternatives ------------------------------------------------


def _shortfall(rule: str, code: str, category: str | None) -> Shortfall:
    return Shortfall(
        rule=rule, category=Category(category) if category else None, code=code, have=0, need=1
    )


def test_missing_says_the_prerequisites_are_required_and_the_rules_are_alternatives() -> None:
    words = wording.missing_words(
        [
            _shortfall("x.prerequisites", "progression", None),
            _shortfall("x.possible_one_region", "regions_with_umn_and_lmn", "possible"),
            _shortfall("x.possible_residual", "umn_regions", "possible"),
            _shortfall("x.possible_residual", "lmn_regions", "possible"),
        ],
        "possible",
    )
    assert words.title == "Missing for Possible ALS: the prerequisites, and any one of:"
    texts = [t for t, _ in words.lines]
    assert texts[0].startswith("Prerequisite: progression must be documented")
    # one line per alternative: a rule's own requirements are joined, all of them needed
    assert texts[1] == "UMN and LMN signs together in at least 1 region (have 0)"  # a clause
    # the residual rule (A.3.4 gap) is no clause of the criteria: beside the clauses its
    # line names the one pattern they leave out, never "UMN and LMN signs anywhere"
    assert texts[2] == wording.GAP_PATTERN
    assert "(have 0)" not in texts[2]
    assert "only by the 'gap' reading" in texts[2]
    assert words.lines[2][1] == ("umn_regions", "lmn_regions")


@pytest.mark.parametrize(
    ("gate", "rules", "title"),
    [
        (False, 1, "Missing for Probable ALS: all of:"),
        (True, 1, "Missing for Probable ALS: the prerequisites, and all of:"),
        (False, 2, "Missing for Probable ALS: any one of:"),
        (True, 0, "Missing for Probable ALS: the prerequisites"),
    ],
)
def test_the_missing_title_says_how_its_lines_combine(gate: bool, rules: int, title: str) -> None:
    shortfalls = [_shortfall("x.prerequisites", "progression", None)] if gate else []
    shortfalls += [_shortfall(f"x.rule{i}", "umn_regions", "probable") for i in range(rules)]
    assert wording.missing_words(shortfalls, "probable").title == title


# --- 8. why not Probable ---------------------------------------------------------------


def test_below_laboratory_support_the_result_says_why_not_probable_in_json_and_text() -> None:
    case = {
        "progression": True,
        "other_causes_excluded": True,
        "regions": {"lumbosacral": {"umn_signs": ["babinski"], "lmn_signs": ["weakness"]}},
    }
    a = evaluate(case, "revised-el-escorial")
    assert a.next_category is Category.PROBABLE_LABORATORY_SUPPORTED
    assert [(s.rule, s.category, s.code) for s in a.why_not_probable] == [
        ("revised-el-escorial.probable", Category.PROBABLE, "umn_regions"),
        ("revised-el-escorial.probable", Category.PROBABLE, "lmn_regions"),
        ("revised-el-escorial.probable", Category.PROBABLE, "umn_rostral_to_lmn"),
    ]
    data = json.loads(a.model_dump_json())
    assert [s["code"] for s in data["why_not_probable"]] == [
        "umn_regions",
        "lmn_regions",
        "umn_rostral_to_lmn",
    ]
    assert Assessment.model_validate(data) == a  # a stored result keeps it
    panel = _panel(a)
    assert "Why not Probable ALS: each of these is missing:" in panel
    assert "UMN signs in at least 2 regions (have 1)" in panel
    # and only there: Awaji has no laboratory-supported rung
    assert evaluate(case, "awaji").why_not_probable == []


def test_the_schema_describes_why_not_probable() -> None:
    schema = json.dumps(assessment_schema())
    assert "why_not_probable" in schema and "A.3.1.3" in schema


@settings(max_examples=examples(150))
@given(any_cases)
def test_why_not_probable_is_given_exactly_below_laboratory_support(case: dict[str, Any]) -> None:
    for a in evaluate_all(case).values():
        below = a.next_category is Category.PROBABLE_LABORATORY_SUPPORTED
        assert bool(a.why_not_probable) == below
        assert all(s.category is Category.PROBABLE for s in a.why_not_probable)


# --- 8. the UMN region behind laboratory support -----------------------------------------


def test_the_laboratory_supported_rule_names_its_umn_region() -> None:
    a = evaluate(LAB_SUPPORTED_ONE_UMN_REGION, "revised-el-escorial")
    [rule] = [f for f in a.trace if f.grants is Category.PROBABLE_LABORATORY_SUPPORTED]
    assert [r.value for r in rule.regions] == ["bulbar", "cervical", "lumbosacral"]
    [bulbar] = [e for e in rule.evidence if e.region.value == "bulbar"]
    assert bulbar.umn_signs == ["jaw_jerk"] and bulbar.emg_muscles == []
    assert "bulbar: UMN: Brisk jaw jerk" in _panel(a)


# --- 8. clinical words for the reader, rule ids for the audit ----------------------------


def test_the_reader_gets_clauses_in_words_and_the_audit_block_gets_the_rule_ids() -> None:
    case = {
        "progression": True,
        "other_causes_excluded": True,
        "regions": {
            "cervical": {"umn_signs": ["hoffmann"], "lmn_signs": ["weakness"]},
            "lumbosacral": {"umn_signs": ["babinski"]},
        },
    }
    results = evaluate_all(case, plan=True)
    a = results["revised-el-escorial"]
    fired = {f.rule for f in a.trace}
    assert {
        "revised-el-escorial.possible_one_region",
        "revised-el-escorial.possible_umn_two_regions",
    } <= fired
    panel = _panel(a)
    assert not any(rule in panel for rule in fired)
    assert (
        "Other clauses also met: UMN signs in two or more regions (with or without LMN "
        "signs) (Possible ALS)" in panel
    )
    assert "by the residual reading" not in panel
    tree = parse_page(case_report(case, results, dt.date(2024, 5, 1)))
    column = tree.by_id("set-revised-el-escorial").text()
    assert not any(rule in column for rule in fired)
    [audit] = tree.find_all("section", class_="audit")
    assert all(rule in audit.text() for rule in fired)
    # the JSON keeps every rule id
    assert fired <= {f["rule"] for f in a.model_dump(mode="json")["trace"]}


def test_the_residual_rule_is_never_offered_as_another_clause_met() -> None:
    said = wording.also_met(
        [
            ("x.possible_residual", "possible", "UMN and LMN signs both present; by ..."),
            ("x.possible_one_region", "possible", "UMN and LMN signs together in one region."),
        ]
    )
    assert (
        said == "Other clauses also met: UMN and LMN signs together in one region (Possible ALS)."
    )
    assert wording.also_met([("x.possible_residual", "possible", "s")]) == ""


def test_the_unclassified_gap_is_said_in_words_too() -> None:
    case = {
        "progression": True,
        "other_causes_excluded": True,
        "regions": {
            "bulbar": {"umn_signs": ["jaw_jerk"]},
            "lumbosacral": {"lmn_signs": ["weakness"]},
        },
    }
    a = evaluate(case, "revised-el-escorial", {"gap": "unclassified"})
    [note] = [n for n in a.notes if n.code == "pattern_not_covered"]
    assert note.text.startswith(
        "UMN signs only in the bulbar region and LMN signs only below it (the lumbosacral "
        "region): the criteria give this pattern no category"
    )
    panel = _panel(a)
    assert "unclassified reading" not in panel and "possible_residual" not in panel


# --- 8. why Awaji can be lower ------------------------------------------------------------


def test_awaji_below_laboratory_support_says_why() -> None:
    a = evaluate(LAB_SUPPORTED_ONE_UMN_REGION, "awaji")
    [note] = [n for n in a.notes if n.code == "no_laboratory_supported_category"]
    assert "UMN signs in at least two regions" in note.text
    assert "S12" in note.text and "S19" in note.text
    aggregate = evaluate(LAB_SUPPORTED_ONE_UMN_REGION, "awaji", {"probable": "aggregate"})
    # with the aggregate reading Awaji is Probable here: nothing to explain
    assert aggregate.category is Category.PROBABLE
    assert "no_laboratory_supported_category" not in {n.code for n in aggregate.notes}


@settings(max_examples=examples(200))
@given(any_cases)
def test_the_awaji_note_is_given_exactly_when_awaji_is_below_laboratory_support(
    case: dict[str, Any],
) -> None:
    results = evaluate_all(case)
    ree, awaji = results["revised-el-escorial"], results["awaji"]
    lower = (
        ree.pattern_category is Category.PROBABLE_LABORATORY_SUPPORTED
        and awaji.pattern_category in (Category.NOT_MET, Category.POSSIBLE)
    )
    assert ("no_laboratory_supported_category" in {n.code for n in awaji.notes}) == lower
    for a in (ree, results["gold-coast"]):
        assert "no_laboratory_supported_category" not in {n.code for n in a.notes}
