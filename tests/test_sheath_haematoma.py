"""Rectus abdominis, the thoracic alternative under anticoagulation (A.4, B.4.2): a rectus
sheath haematoma is a known complication of anticoagulation (S152), so wherever the plan
names the muscle under anticoagulation a caution says where to sample it and what to watch
for (the session 13 hostile test found it offered as "a more superficial alternative" with
no caution of its own)."""

from __future__ import annotations

from typing import Any

import alscriteria

LIMBS = {
    "bulbar": {},
    "cervical": {"umn_signs": ["hoffmann"], "lmn_signs": ["weakness", "wasting"]},
    "lumbosacral": {"umn_signs": ["babinski"], "lmn_signs": ["weakness"]},
    "thoracic": {},
}


def _plan(anticoagulated: bool, emg: list[dict[str, Any]] | None = None) -> Any:
    case = {
        "progression": True,
        "other_causes_excluded": True,
        "contraindications": {"anticoagulated": anticoagulated},
        "regions": LIMBS,
        "emg": emg or [],
    }
    return alscriteria.evaluate(case, "revised-el-escorial", plan=True).plan


def test_rectus_abdominis_under_anticoagulation_carries_its_caution() -> None:
    plan = _plan(anticoagulated=True)
    assert any(m.muscle == "rectus_abdominis" for m in plan.muscles)
    (caution,) = [c for c in plan.cautions if c.code == "sheath_haematoma"]
    assert caution.values == {"muscles": ["rectus_abdominis"]}
    assert "above the umbilicus" in caution.text and "compress firmly" in caution.text
    assert "S152" in caution.source


def test_no_sheath_caution_without_anticoagulation() -> None:
    plan = _plan(anticoagulated=False)
    assert not [c for c in plan.cautions if c.code == "sheath_haematoma"]
