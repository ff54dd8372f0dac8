"""The pictures a red flag names, in words: bulbar pictures, mimic findings, LMN signs confined
to limbs, findings resting on the accessory nerve.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from alscriteria.anatomy.catalogue import catalogue
from alscriteria.wording.common import listed, muscle_names, regions_phrase
from alscriteria.wording.sayings import Saying

#: Isolated bulbar involvement in words, by what it holds: LMN signs, or UMN signs only
#: (pseudobulbar signs, whose mimics are lesions of the corticobulbar pathways; myasthenia
#: gives no UMN sign, so it is sought where speech or swallowing is weak).
BULBAR_PICTURE: dict[str, dict[str, str]] = {
    "lmn": {
        "picture": "Findings confined to the bulbar region, LMN signs among them",
        "brain": "a brainstem or skull base lesion",
        "myasthenia": " myasthenia gravis",
        "kennedy": (
            ", and in a man Kennedy disease (spinal and bulbar muscular atrophy: androgen "
            "receptor CAG repeat)"
        ),
    },
    "umn_only": {
        "picture": "UMN signs only (pseudobulbar signs), confined to the bulbar region",
        "brain": "bilateral vascular, demyelinating or structural lesions of the "
        "corticobulbar pathways, or a brainstem lesion",
        "myasthenia": ", where speech or swallowing is weak, myasthenia gravis",
        "kennedy": "",
    },
}

#: The nerve conduction findings that point to a treatable mimic, as a sentence names them.
MIMIC_FINDING = {
    "conduction_block": "motor conduction block outside entrapment sites",
    "demyelinating_slowing": "conduction slowing in the demyelinating range",
    "marked_sensory_abnormality": "markedly abnormal sensory conduction",
}

#: After the regions of a pattern flag: the bulbar region set aside, and what it rests on.
RESTING_ON_ACCESSORY = (
    " with the bulbar region resting on the {muscles} alone (counted as bulbar by the "
    "default reading; Zhao 2025, S75),"
)


def resting_on_accessory(where: str, muscles: Sequence[str]) -> str:
    """A pattern flag's regions (`where`) with the clause for a bulbar region set aside."""
    lead = where if where.endswith(",") else where + ","
    return lead + RESTING_ON_ACCESSORY.format(muscles=muscle_names(muscles))


#: The limbs a confined pattern flag names, by region and whether the per-limb record shows
#: one limb only, and the arm picture it is: flail arm is bilateral (S71, S88).
CONFINED_LIMBS = {
    ("cervical", False): {"limbs": "the arms", "picture": "a flail-arm picture"},
    ("cervical", True): {
        "limbs": "one arm",
        "picture": "not flail arm, which involves both arms, unless the other arm follows",
    },
    ("lumbosacral", False): {"limbs": "the legs"},
    ("lumbosacral", True): {"limbs": "one leg"},
}

#: Both arms' LMN involvement on EMG alone is not the flail-arm picture either: flail arm is
#: weakness and wasting of both arms (S71), as the phenotype says (lmn_arms_emg_only, A.6).
CONFINED_EMG_ONLY_PICTURE = (
    "not flail arm, which is weakness and wasting of both arms, unless the arms weaken"
)

#: What a pattern red flag calls the LMN involvement it rests on, keyed by whether it is
#: EMG evidence alone (A.2: fasciculation potentials with chronic change are not signs).
LMN_KIND = {False: "LMN signs", True: "EMG evidence of LMN involvement"}


def lmn_where(clinical: Sequence[str], emg_only: Sequence[str]) -> str:
    """ "LMN signs in the cervical region, EMG evidence of LMN involvement in the
    lumbosacral region,": a pattern flag's regions, each kind named for what it is (a
    clause after both kinds closes with a comma, so the flag's "and" reads on)."""
    parts = [
        f"{LMN_KIND[kind]} in {regions_phrase(list(regions))}"
        for kind, regions in ((False, clinical), (True, emg_only))
        if regions
    ]
    return ", ".join(parts) + ("," if len(parts) > 1 else "")


def mimic_findings(codes: Sequence[str]) -> str:
    """The treatable-mimic conduction findings (codes of `MIMIC_FINDING`) as a sentence lists
    them."""
    return listed([MIMIC_FINDING[code] for code in codes])


def _findings(values: Mapping[str, Any]) -> dict[str, str]:
    return {"findings": mimic_findings(values["findings"])}


def _blocks(values: Mapping[str, Any]) -> dict[str, str]:
    """The blocks outside entrapment sites, each nerve with its segment (the case's words)."""
    pairs = zip(values["nerves"], values["segments"], strict=True)
    return {"where": ", ".join(f"{nerve} ({segment})" for nerve, segment in pairs)}


def _bulbar(values: Mapping[str, Any]) -> dict[str, str]:
    picture = dict(BULBAR_PICTURE[values["picture"]])
    if not values["kennedy"]:
        picture["kennedy"] = ""
    return picture


def _confined(values: Mapping[str, Any]) -> dict[str, str]:
    limbs = CONFINED_LIMBS[(values["region"], bool(values["one_limb"]))]
    if values["emg_only"] and "picture" in limbs and not values["one_limb"]:
        limbs = {**limbs, "picture": CONFINED_EMG_ONLY_PICTURE}
    return {"lmn": LMN_KIND[bool(values["emg_only"])], **limbs}


def _pure_lmn(values: Mapping[str, Any]) -> dict[str, str]:
    where = lmn_where(values["clinical"], values["emg_only"])
    accessory = values["accessory"]
    if accessory:
        where = resting_on_accessory(where, [catalogue()[key].name for key in accessory])
    return {"regions": where}


def _umn_only(values: Mapping[str, Any]) -> dict[str, str]:
    return {"regions": regions_phrase(list(values["regions"]))}


#: The red flags' phrases, by code, from the values each flag carries (`PlanItem.values`);
#: a code not here names nothing. The plan room's saying for "plan_item" reads them.
#: What the cord flag says of the region above the neck (`values.bulbar`): found clear on
#: examination, or not examined, where "nothing on examination" would misstate the record
#: and a bulbar sign would argue against a lesion of the cervical cord, though not against
#: one at the foramen magnum, which gives lower cranial nerve signs too (S58, S151).
ABOVE_THE_NECK = {
    None: "nothing above the neck on examination",
    "not_examined": (
        "nothing recorded above the neck (the bulbar region was not examined clinically: "
        "examine it; a "
        "bulbar UMN or LMN sign would argue against a lesion of the cervical cord, though not "
        "against one at the foramen magnum, which the imaging should then include)"
    ),
}


def _above_the_neck(values: Mapping[str, Any]) -> dict[str, str]:
    return {"above": ABOVE_THE_NECK[values.get("bulbar")]}


FLAG_PHRASES: dict[str, Callable[[Mapping[str, Any]], dict[str, str]]] = {
    "consider_cervical_myelopathy": _above_the_neck,
    "mimic_conflicts_with_exclusion": _findings,
    "conduction_findings_beside_another_cause": _findings,
    "consider_mmn": _blocks,
    "consider_mmn_reflexes": _blocks,
    "consider_mmn_despite_umn": _blocks,
    "consider_bulbar_mimics": _bulbar,
    "consider_flail_arm_mimics": _confined,
    "consider_lumbosacral_imaging": _confined,
    "consider_pure_lmn_mimics": _pure_lmn,
    "consider_umn_only_mimics": _umn_only,
}

#: The models this room words, by kind (see `wording/voice.py`): none of its own. A red flag
#: is a `PlanItem`, worded by the plan room with `FLAG_PHRASES`.
SAYINGS: dict[str, Saying] = {}
