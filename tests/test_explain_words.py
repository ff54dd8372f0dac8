"""The explanations' words made from their codes (issue 22 point 2): a note, the regions EMG
summaries leave open, an undecided category and the motor phenotype carry the codes and values
their sentences name (regions, catalogue keys of muscles, readings, dates), never a phrase,
and the English voice makes the same sentence from their JSON alone.

tests/test_voice.py holds the rewording for generated cases; these pin the values whose
rewording is subtle, and the sentences they give, word for word."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from alscriteria import evaluate_all, evaluate_history
from alscriteria.anatomy.catalogue import catalogue
from alscriteria.anatomy.regions import Region
from alscriteria.assess.models.advice import Phenotype
from alscriteria.assess.models.base import Worded
from alscriteria.assess.models.explanations import Note, OpenRegion, Undecided
from alscriteria.wording.voice import english

SITUATIONS = Path(__file__).parent / "situations"
GOLDEN = Path(__file__).parent / "golden"


def situation(name: str) -> dict[str, Any]:
    case: dict[str, Any] = json.loads((SITUATIONS / f"{name}.json").read_text())["case"]
    return case


def reworded(model: Worded) -> dict[str, str]:
    """The worded fields made again from the model's JSON without them."""
    data = json.loads(model.model_dump_json(exclude=set(model.worded)))
    return english().say(model.kind, data)


def assert_rewords(model: Worded) -> None:
    assert reworded(model) == {name: getattr(model, name) for name in model.worded}


def notes(case: dict[str, Any], code: str, **readings: str) -> list[Note]:
    found = [
        n for a in evaluate_all(case, readings or None).values() for n in a.notes if n.code == code
    ]
    assert found, code
    return found


# --- the JSON keeps its key order ---------------------------------------------------------


def test_a_worded_model_serialises_its_fields_in_declared_order() -> None:
    """The voice fills `text` last, but the JSON keys keep the order the model declares
    (a consumer reading the JSON by position, or a golden file, sees no change)."""
    case = situation("bulbar_by_trapezius_only__anticoagulated_second_look_spares_the_tongue")
    a = evaluate_all(case)["gold-coast"]
    for model in (a.phenotype, *a.notes):
        assert list(json.loads(model.model_dump_json())) == list(type(model).model_fields)


def test_a_worded_model_refuses_a_field_it_does_not_have() -> None:
    with pytest.raises(TypeError, match=r"not given \[\], unknown \['colour'\]"):
        Note.said(code="emg_taken_as_reported", regions=[], muscles=[], values={}, colour=1)
    with pytest.raises(KeyError, match="own_summary"):
        OpenRegion.said(region=Region.CERVICAL, missing=["weakness_and_wasting"])


# --- notes ---------------------------------------------------------------------------------


def test_the_accessory_note_names_the_second_look_by_catalogue_keys() -> None:
    """The second look (the cranial muscles left, in their safe order) travels as keys and
    the anticoagulation as a flag; the sentence names them and puts the tongue last."""
    case = situation("bulbar_by_trapezius_only__anticoagulated_second_look_spares_the_tongue")
    (note,) = notes(case, "bulbar_emg_by_accessory_muscle_only")
    assert note.muscles == ["trapezius (left)"]
    assert note.values["anticoagulated"] is True
    look = note.values["second_look"]
    assert isinstance(look, list) and look[-1] == "genioglossus"
    assert all(key in catalogue() for key in look)
    assert note.text.endswith(
        "A second look at a muscle a cranial nerve supplies would confirm the bulbar region: "
        "masseter, orbicularis oris, frontalis or genioglossus (under anticoagulation the "
        "tongue comes last: a tongue or floor-of-mouth haematoma can threaten the airway)."
    )
    assert note.text.startswith(
        "The bulbar region is EMG-positive only through Trapezius (upper) (left) (spinal "
        "accessory nerve)"
    )
    assert_rewords(note)


def test_the_gap_notes_carry_their_regions_as_codes() -> None:
    case = situation("awaji_lower__laboratory_supported_with_one_umn_region")
    (note,) = notes(case, "residual_possible_used")
    assert note.values == {"umn_regions": ["bulbar"], "lmn_regions": ["cervical", "lumbosacral"]}
    assert note.text.startswith(
        "UMN signs only in the bulbar region and LMN signs only below it (the cervical and "
        "lumbosacral regions): the criteria give this pattern no category; this tool calls it "
        "Possible"
    )
    assert_rewords(note)
    (other,) = notes(case, "pattern_not_covered", gap="unclassified")
    assert other.values == note.values
    assert "with the reading 'gap' set to unclassified this tool gives none" in other.text
    assert_rewords(other)


#: UMN signs in the legs only and EMG evidence in arms and legs: revised El Escorial's
#: laboratory-supported Probable, and Awaji below Probable (no UMN sign rostral to LMN).
LEGS_UMN_EMG_BOTH: dict[str, Any] = {
    "progression": True,
    "other_causes_excluded": True,
    "regions": {"lumbosacral": {"umn_signs": ["babinski"]}},
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
            "medial_gastrocnemius",
            "vastus_medialis",
        )
    ],
}


@pytest.mark.parametrize(
    ("case", "code", "reading", "value", "opening"),
    [
        (
            json.loads((GOLDEN / "not-met__limb_pair_shares_nerve.json").read_text())["case"],
            "limb_muscles_share_root_or_nerve",
            "root_independence",
            "not-identical",
            "A limb region needs two abnormal muscles with different nerves and root sets that "
            "differ (A.2, A.3.4 not-identical reading)",
        ),
        (
            LEGS_UMN_EMG_BOTH,
            "no_laboratory_supported_category",
            "probable",
            "aggregate",
            "Revised El Escorial gives Probable ALS, laboratory-supported, on these findings and "
            "Awaji a lower category: Awaji has no laboratory-supported category (its EMG counts "
            "as LMN signs instead), and its Probable needs some UMN signs rostral to LMN signs "
            "(A.3.1.3, A.3.2, reading 'probable' set to aggregate;",
        ),
    ],
)
def test_a_reading_that_words_a_note_another_way_travels_as_its_value(
    case: dict[str, Any], code: str, reading: str, value: str, opening: str
) -> None:
    """The note's code stays; the reading that picks its other wording is a value."""
    for note in notes(case, code, **{reading: value}):
        assert note.values == {reading: value}
        assert note.text.startswith(opening)
        assert_rewords(note)


def test_fasciculations_already_studied_are_a_value_not_another_code() -> None:
    case = situation("benign_twitching__no_repeat_because_symptoms_persist")
    for note in notes(case, "fasciculations_alone_are_not_clinical_lmn"):
        assert note.values == {"studied": True}
        assert "already studied with EMG, only what the needle found counts" in note.text
        assert_rewords(note)


def test_named_muscles_follow_their_names_the_others_their_keys() -> None:
    """Two notes name muscles as the clinic does and list them by those names; the others
    list them by key. "Gastrocnemius (medial head)" is `medial_gastrocnemius`: the two
    orders differ, and each note keeps its own."""
    muscles = ["gluteus_medius (right)", "medial_gastrocnemius (right)"]
    fields = {"regions": [Region.LUMBOSACRAL], "muscles": muscles, "values": {}}
    named = english().say("note", {**fields, "code": "paraspinals_never_independent"})
    assert named["text"].startswith(
        "Gastrocnemius (medial head) (right) and Gluteus medius (right): the catalogue"
    )
    keyed = english().say("note", {**fields, "code": "left_and_right_are_one_muscle"})
    assert keyed["text"].endswith(
        "Gluteus medius (right) and Gastrocnemius (medial head) (right) in the lumbosacral region."
    )


# --- what EMG summaries leave open ---------------------------------------------------------

#: A bulbar summary that may rest on the trapezius alone, which the reading counts as cervical,
#: beside one abnormal cervical muscle: the cervical region has no summary of its own.
BULBAR_SUMMARY: dict[str, Any] = {
    "progression": True,
    "other_causes_excluded": True,
    "regions": {
        "bulbar": {"umn_signs": ["jaw_jerk"], "emg": {"lmn_evidence": "yes"}},
        "cervical": {"umn_signs": ["hoffmann"]},
        "lumbosacral": {"umn_signs": ["babinski"]},
    },
    "emg": [
        {
            "muscle": "first_dorsal_interosseous",
            "side": "right",
            "chronic_neurogenic_change": True,
            "fibrillation_potentials": True,
        }
    ],
}


def undecided(case: dict[str, Any]) -> Undecided:
    found = evaluate_all(case, {"accessory_muscles": "cervical"})["awaji"].undecided
    assert found is not None
    return found


def test_a_region_without_a_summary_of_its_own_says_the_summaries() -> None:
    found = undecided(BULBAR_SUMMARY)
    bulbar, cervical = found.regions
    assert (bulbar.region, bulbar.own_summary) == (Region.BULBAR, True)
    assert bulbar.text.startswith("The bulbar summary does not say whether the changes lie")
    assert (cervical.region, cervical.own_summary) == (Region.CERVICAL, False)
    assert cervical.missing == ["accessory_muscle_from_bulbar"]
    assert cervical.text == (
        "The summaries do not say whether the bulbar summary rests on sternocleidomastoid or "
        "trapezius, which this reading counts as cervical: one of them may pair with the "
        "cervical findings."
    )
    for region in found.regions:
        assert isinstance(region, OpenRegion)
        assert_rewords(region)
    assert found.text == (
        "Cannot be decided from the summaries given: the findings allow Possible ALS or "
        "Probable ALS."
    )
    assert_rewords(found)


def test_an_undecided_category_held_at_not_met_says_so_from_its_categories() -> None:
    """Prerequisites unmet: `categories` is not met alone while the pattern allows two; the
    sentence's parenthesis is made from that, with no flag beside it."""
    found = undecided({**BULBAR_SUMMARY, "other_causes_excluded": None})
    assert [str(c) for c in found.categories] == ["not-met"]
    assert [str(c) for c in found.pattern_categories] == ["possible", "probable"]
    assert found.text.endswith(
        "Possible ALS or Probable ALS. (The category is not met until the prerequisites are, "
        "whichever it is.)"
    )
    assert_rewords(found)


# --- the motor phenotype -------------------------------------------------------------------


def test_a_pls_phenotype_held_by_its_needle_study_rewords_from_iso_dates() -> None:
    """A history grades PLS by its latest needle study (S70): the years from onset at the
    visit and at that study are values, the dates travel as ISO text in JSON and as dates
    from the core, and both give the same sentence."""
    umn = {
        "bulbar": {},
        "thoracic": {},
        "cervical": {"umn_signs": ["hoffmann", "hyperreflexia"]},
        "lumbosacral": {"umn_signs": ["babinski", "spasticity"]},
    }
    normal = [
        {"muscle": "first_dorsal_interosseous", "side": "right"},
        {"muscle": "tibialis_anterior", "side": "right"},
        {"muscle": "genioglossus"},
    ]
    history = {
        "onset": "2019-02-01",
        "visits": [
            {"date": "2022-06-01", "other_causes_excluded": True, "regions": umn, "emg": normal},
            {"date": "2023-06-15", "other_causes_excluded": True, "regions": umn},
        ],
    }
    phenotype = evaluate_history(history, plan=False).visits[-1].phenotype
    assert isinstance(phenotype, Phenotype)
    data = json.loads(phenotype.model_dump_json())
    assert (data["code"], data["years_from_onset"], data["needle_study_years"]) == (
        "pls_probable",
        4,
        3,
    )
    assert (data["needle_study_date"], data["needle_study_due"]) == ("2022-06-01", "2023-02-01")
    assert phenotype.text == (
        "Primary lateral sclerosis, probable: UMN signs only, in the cervical and lumbosacral "
        "regions, 4 years from onset, but the latest needle study without active LMN "
        "degeneration was done 2022-06-01, 3 years from onset; definite needs a needle EMG "
        "from 2023-02-01 on (4 years from onset)."
    )
    assert_rewords(phenotype)


def test_a_bulbar_region_set_aside_is_named_from_the_muscles_keys() -> None:
    case = situation("bulbar_by_trapezius_only__anticoagulated_second_look_spares_the_tongue")
    phenotype = evaluate_all(case)["gold-coast"].phenotype
    assert phenotype.bulbar_rests_on == ["trapezius"]
    assert "it rests on the trapezius alone" in phenotype.text
    assert_rewords(phenotype)
