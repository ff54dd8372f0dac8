"""The session 12 clinical review of single cases: each finding fixed, held by a test."""

from __future__ import annotations

import json
from typing import Any

import pytest

import alscriteria

BLOCK = {
    "conduction_block": [{"nerve": "ulnar", "segment": "forearm", "at_entrapment_site": False}]
}
DENERVATED = {"fibrillation_potentials": True, "chronic_neurogenic_change": True}


def _arm(umn_signs: list[str]) -> dict[str, Any]:
    """One arm's weakness and wasting, two denervated left-arm muscles, an ulnar block
    outside an entrapment site, and the UMN signs given in the cervical region."""
    return {
        "progression": True,
        "other_causes_excluded": True,
        "regions": {
            "cervical": {"umn_signs": umn_signs, "lmn_signs": ["weakness", "wasting"]},
            "bulbar": {},
            "lumbosacral": {},
        },
        "emg": [
            {"muscle": "first_dorsal_interosseous", "side": "left", **DENERVATED},
            {"muscle": "biceps_brachii", "side": "left", **DENERVATED},
        ],
        "nerve_conduction": BLOCK,
    }


@pytest.mark.parametrize(
    "signs", [["hyperreflexia"], ["retained_reflexes_in_wasted_muscle"], ["reflex_spread"]]
)
def test_brisk_or_retained_reflexes_keep_mmn_in_view(signs: list[str]) -> None:
    """EFNS/PNS 2010 (S139, Table 1's footnote): slightly increased tendon reflexes, in
    particular in the affected arm, do not exclude MMN. The flag said the UMN signs
    "exclude multifocal motor neuropathy by its consensus criteria" beside a brisk reflex."""
    a = alscriteria.evaluate(_arm(signs), "gold-coast")
    codes = [w.code for w in a.warnings]
    assert "consider_mmn_reflexes" in codes
    assert "consider_mmn_despite_umn" not in codes
    (flag,) = [w for w in a.warnings if w.code == "consider_mmn_reflexes"]
    assert "consider multifocal motor neuropathy (MMN), which is treatable" in flag.text
    assert "do not exclude it" in flag.text
    assert "exclude multifocal motor neuropathy" not in flag.text


@pytest.mark.parametrize("signs", [["hoffmann"], ["clonus"], ["hyperreflexia", "spasticity"]])
def test_uMN_signs_beyond_reflexes_argue_against_mmn_without_saying_it_is_excluded(
    signs: list[str],
) -> None:
    """A pathological reflex, clonus or spasticity: MMN's criteria exclude them, and the flag
    says they argue against it (not "exclude", which the brisk reflexes beside them made
    wrong), and still asks for the block to be reviewed before ALS is accepted."""
    a = alscriteria.evaluate(_arm(signs), "gold-coast")
    (flag,) = [w for w in a.warnings if w.code.startswith("consider_mmn")]
    assert flag.code == "consider_mmn_despite_umn"
    assert "argue against multifocal motor neuropathy" in flag.text
    assert "review it" in flag.text


def test_a_registry_umn_flag_names_no_sign_and_argues_against_mmn() -> None:
    case = _arm([])
    case["regions"]["cervical"] = {"umn": True, "lmn_signs": ["weakness", "wasting"]}
    codes = [w.code for w in alscriteria.evaluate(case, "gold-coast").warnings]
    assert "consider_mmn_despite_umn" in codes


def test_reflex_signs_are_not_called_pathological_reflexes() -> None:
    """A brisk reflex is a reflex sign, not a pathological reflex (Turner 2022 lists them
    apart): the flail phenotype names the kind."""
    a = alscriteria.evaluate(_arm(["hyperreflexia"]), "gold-coast")
    assert "other than reflex signs (brisk or pathological reflexes, in" in a.phenotype.text
    assert "other than pathological reflexes" not in a.phenotype.text


def test_revised_el_escorial_never_says_emg_supplies_lmn_evidence() -> None:
    """Revised El Escorial counts EMG only toward laboratory-supported Probable (A.3.1.3):
    its "EMG cannot raise" line must not say EMG can then supply the LMN evidence, as
    Awaji's may (A.3.2). LMN in both limb regions with UMN signs in one."""
    case = {
        "progression": True,
        "other_causes_excluded": True,
        "regions": {
            "cervical": {"umn_signs": ["hoffmann"], "lmn_signs": ["weakness", "wasting"]},
            "lumbosacral": {"umn_signs": ["babinski"], "lmn_signs": ["weakness", "wasting"]},
            "bulbar": {},
            "thoracic": {},
        },
        "emg": [
            {"muscle": m, "side": "right", **DENERVATED}
            for m in ("first_dorsal_interosseous", "biceps_brachii", "tibialis_anterior")
        ]
        + [{"muscle": "vastus_lateralis", "side": "right", **DENERVATED}],
    }
    results = alscriteria.evaluate_all(case, plan=True)
    seen = set()
    for cid, a in results.items():
        assert a.plan is not None
        for item in a.plan.timing:
            if item.code != "emg_cannot_raise":
                continue
            seen.add(cid)
            if cid == "revised-el-escorial":
                assert "then_emg" not in item.values
                assert "needle EMG of the" not in item.text
            elif cid == "awaji":
                assert item.values.get("then_emg")
    assert seen == {"revised-el-escorial", "awaji"}


@pytest.mark.parametrize(
    ("regions", "signs"),
    [
        (
            {
                "bulbar": {
                    "umn_signs": ["pseudobulbar_affect"],
                    "lmn_signs": ["weakness", "wasting"],
                }
            },
            ["pseudobulbar_affect"],
        ),
        (
            {
                "cervical": {
                    "umn_signs": ["loss_of_dexterity"],
                    "lmn_signs": ["weakness", "wasting"],
                }
            },
            ["loss_of_dexterity"],
        ),
    ],
)
def test_gold_coast_says_when_its_umn_evidence_rests_on_signs_it_does_not_list(
    regions: dict[str, Any], signs: list[str]
) -> None:
    """Shefner 2020 (B.3.2) lists no pseudobulbar affect, and excludes slowed movement due to
    LMN weakness; Part A counts both in every set (A.1), so the Gold Coast result says its
    UMN evidence rests on them (the session 12 single-case review), in a read and in the
    stitched JSON alike; the other sets say nothing."""
    case = {"progression": True, "other_causes_excluded": True, "regions": regions}
    results = alscriteria.evaluate_all(case)
    gold = results["gold-coast"]
    dumped = json.loads(gold.model_dump_json())
    (note,) = [n for n in dumped["notes"] if n["code"] == "gold_coast_unlisted_umn_signs"]
    assert note["values"]["signs"] == signs
    assert "which that list does not name" in note["text"]
    read = alscriteria.evaluate_all(case)["gold-coast"]
    assert [n.code for n in read.notes] == [n["code"] for n in dumped["notes"]]
    for cid in ("revised-el-escorial", "awaji"):
        assert all(n.code != "gold_coast_unlisted_umn_signs" for n in results[cid].notes)


@pytest.mark.parametrize(
    "regions",
    [
        {"bulbar": {"umn_signs": ["pseudobulbar_affect", "jaw_jerk"]}},
        {"cervical": {"umn_signs": ["loss_of_dexterity"]}},
        {"cervical": {"umn_signs": ["hoffmann"], "lmn_signs": ["weakness"]}},
    ],
)
def test_no_such_note_where_gold_coast_has_a_sign_it_lists(regions: dict[str, Any]) -> None:
    """A listed sign beside the unlisted one, or loss of dexterity without weakness or
    wasting to explain it, needs no note."""
    case = {"progression": True, "other_causes_excluded": True, "regions": regions}
    gold = alscriteria.evaluate_all(case)["gold-coast"]
    assert all(
        n["code"] != "gold_coast_unlisted_umn_signs"
        for n in json.loads(gold.model_dump_json())["notes"]
    )
