"""A flail limb named beside nerve conduction findings that point to a treatable mimic gives
no survival figure (A.6): the figure describes ALS, and an MMN picture may read as a flail
arm until the block is explained (the session 13 hostile test found "61 against 35 months"
beside the MMN red flag)."""

from __future__ import annotations

import json
from typing import Any

import alscriteria

ARMS = {"bulbar": {}, "cervical": {"lmn_signs": ["weakness", "wasting"]}, "lumbosacral": {}}
BLOCK = {"conduction_block": [{"nerve": "ulnar", "segment": "forearm"}]}


def _phenotype(**extra: Any) -> dict[str, Any]:
    case = {"progression": True, "regions": ARMS, **extra}
    a = alscriteria.evaluate(case, "awaji")
    document = json.loads(a.model_dump_json())["phenotype"]
    assert document["text"] == a.phenotype.text  # stitched = read
    return document


def test_no_survival_figure_beside_a_block_outside_entrapment_sites() -> None:
    found = _phenotype(nerve_conduction=BLOCK)
    assert found["code"] == "flail_arm" and "mimic_findings_explained" in found["needs"]
    assert "61 months" not in found["text"]
    assert "withheld until the nerve conduction findings" in found["text"]


def test_the_figure_without_the_block() -> None:
    found = _phenotype()
    assert found["code"] == "flail_arm"
    assert "Median survival was 61 months" in found["text"]
