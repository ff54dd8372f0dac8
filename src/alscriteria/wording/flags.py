"""The pictures a red flag names, in words: bulbar pictures, mimic findings, LMN signs confined
to limbs, findings resting on the accessory nerve.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from alscriteria.wording.sayings import Saying

if TYPE_CHECKING:
    pass
from alscriteria.wording.common import muscle_names, regions_phrase

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


#: The models this room words, by kind (see `wording/voice.py`).
SAYINGS: dict[str, Saying] = {}
