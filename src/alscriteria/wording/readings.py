"""Each value of the disputed readings (criteria.md A.3.4) in the clinic's words.

The option titles are `categories.READING`; these say what choosing each value means, so a
page that offers the choice shows the meaning and sends the option's own name. Where a value
is the project's default it is the first of `Readings.options()`; nothing here decides.
"""

from __future__ import annotations

from alscriteria.wording.categories import READING

#: Where the values are defined: every phrase below restates docs/criteria.md A.3.4.
READING_VALUE_SOURCE = "docs/criteria.md A.3.4"

#: option -> value -> what the value means.
READING_VALUE: dict[str, dict[str, str]] = {
    "probable": {
        "separate": "UMN and LMN regions counted separately (at least two of each)",
        "aggregate": "UMN and LMN regions counted together (at least two in all)",
    },
    "rostral": {
        "some-pair": "some UMN region above some LMN region",
        "top-down": "the highest finding is a UMN sign",
    },
    "rostral_same_region": {
        "strict": "a UMN sign in the LMN sign's own region is not rostral to it",
        "counts": "a UMN sign in the LMN sign's own region counts as rostral",
    },
    "gap": {
        "residual-possible": "UMN signs in one region, LMN signs only below it: Possible "
        "(the residual reading)",
        "unclassified": "UMN signs in one region, LMN signs only below it: no category (the "
        "literal text)",
    },
    "lab_supported_emg": {
        "regions": "EMG-positive in two regions",
        "limbs": "EMG-positive in two limbs",
    },
    "root_independence": {
        "disjoint": "no root in common (and different nerves)",
        "not-identical": "root sets not identical (and different nerves)",
    },
    "accessory_muscles": {
        "bulbar": "counted as bulbar",
        "cervical": "counted as cervical",
    },
}


def reading_value(option: str, value: str) -> str:
    """A value in words; an unknown option or value raises KeyError (never its name shown)."""
    return READING_VALUE[option][value]


def reading_set_to(option: str, value: str) -> str:
    """One reading set to one value, as a result names it: the option's title, the value's
    meaning, and beside it the name typed for `--reading` ("... set to "EMG-positive in two
    limbs" (limbs)")."""
    meaning = reading_value(option, value)
    return f"\u201c{READING[option]}\u201d set to \u201c{meaning}\u201d ({value})"


__all__ = ["READING_VALUE", "READING_VALUE_SOURCE", "reading_set_to", "reading_value"]
