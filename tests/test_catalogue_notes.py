"""Where the catalogue's anatomy decides (issue 19 section 10): paraspinals that can never
pair, and a bulbar region made EMG-positive by an accessory-nerve muscle alone."""

from __future__ import annotations

from typing import Any

from alscriteria import evaluate_all
from alscriteria.anatomy.catalogue import catalogue
from alscriteria.anatomy.independence import never_independent, spanning_paraspinal

DENERVATED = {"fibrillation_potentials": True, "chronic_neurogenic_change": True}


def test_only_the_paraspinals_never_pair_and_only_under_the_default_reading() -> None:
    spanning = {key for key in catalogue() if spanning_paraspinal(key, "disjoint")}
    assert spanning == {"cervical_paraspinals", "lumbosacral_paraspinals"}
    assert not any(spanning_paraspinal(key, "not-identical") for key in catalogue())
    # the default reading leaves a few limb muscles without a partner too; the note is the
    # paraspinals' (a muscle of one level cures it), not theirs
    assert never_independent("triceps", "disjoint")


def _paraspinal_case() -> dict[str, Any]:
    return {
        "regions": {"cervical": {"umn_signs": ["hoffmann"]}},
        "emg": [
            {"muscle": "cervical_paraspinals", "side": "left", **DENERVATED},
            {"muscle": "deltoid", "side": "left", **DENERVATED},
        ],
    }


def test_the_paraspinal_note_follows_the_root_reading() -> None:
    case = _paraspinal_case()
    for a in evaluate_all(case).values():
        [note] = [n for n in a.notes if n.code == "paraspinals_never_independent"]
        assert note.muscles == ["cervical_paraspinals (left)"]
        assert "Cervical paraspinals (left)" in note.text
    # under the not-identical reading the same muscles may pair: no such note
    for a in evaluate_all(case, {"root_independence": "not-identical"}).values():
        assert "paraspinals_never_independent" not in {n.code for n in a.notes}


def test_a_level_specific_paraspinal_pairs_and_gets_no_note() -> None:
    case = {
        "regions": {"cervical": {"umn_signs": ["hoffmann"]}},
        "emg": [
            {
                "muscle": "C7 paraspinal",
                "region": "cervical",
                "roots": ["C7"],
                "nerve": "C7 dorsal ramus",
                "side": "right",
                **DENERVATED,
            },
            {"muscle": "first_dorsal_interosseous", "side": "right", **DENERVATED},
        ],
    }
    for a in evaluate_all(case).values():
        assert "paraspinals_never_independent" not in {n.code for n in a.notes}
        [cervical] = [r for r in a.regions if r.region.value == "cervical"]
        assert cervical.emg_lmn


def test_the_accessory_note_only_where_the_accessory_muscle_decides() -> None:
    base: dict[str, Any] = {
        "progression": True,
        "other_causes_excluded": True,
        "regions": {
            "bulbar": {"umn_signs": ["jaw_jerk"]},
            "cervical": {"umn_signs": ["hoffmann"], "lmn_signs": ["weakness", "wasting"]},
        },
        "emg": [{"muscle": "trapezius", "side": "right", **DENERVATED}],
    }
    awaji = evaluate_all(base)["awaji"]
    assert awaji.category.value == "probable"
    [note] = [n for n in awaji.notes if n.code == "bulbar_emg_by_accessory_muscle_only"]
    assert note.muscles == ["trapezius (right)"] and "Zhao et al. 2025" in note.text
    assert any(alt.option == "accessory_muscles" for alt in awaji.alternatives)
    # with the genioglossus abnormal too, the trapezius decides nothing
    with_tongue = {**base, "emg": [*base["emg"], {"muscle": "genioglossus", **DENERVATED}]}
    for a in evaluate_all(with_tongue).values():
        assert "bulbar_emg_by_accessory_muscle_only" not in {n.code for n in a.notes}
    # counted as cervical (the alternative reading) the note has nothing to say
    cervical = evaluate_all(base, {"accessory_muscles": "cervical"})["awaji"]
    assert "bulbar_emg_by_accessory_muscle_only" not in {n.code for n in cervical.notes}
