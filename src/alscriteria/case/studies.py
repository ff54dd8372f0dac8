"""What was measured: each needle EMG study of a muscle, nerve conduction, and what makes
needling unsafe (the sides and limbs it concerns).
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    ValidationInfo,
    field_validator,
)

from alscriteria.anatomy.catalogue import (
    ROOT_PATTERN,
    catalogue,
    muscle_key_form,
    nearest_muscle,
    region_roots,
    resolve_muscle,
    root_sort_key,
)
from alscriteria.anatomy.independence import normal_nerve
from alscriteria.anatomy.regions import Region
from alscriteria.case.words import LIMITS, BoundedText, Side

#: Names a muscle outside the catalogue may not take: the codes a history's change lists
#: beside its muscles (the LMN signs that document progression, a registry's flag given
#: without its signs, an EMG summary), so a front end never mistakes one for the other.
FINDING_CODES = ("weakness", "wasting", "umn_flag", "lmn_flag", "emg_summary")

#: Words that put a side into a muscle's name ("deltoid (left)", "R FDI", "tib_ant_lt",
#: "FDI dx", "deltoideus links", "bíceps izq"), by the language EMG reports write them in.
#: The side has a field of its own, which the plan, the body map and a history's comparison
#: of visits read: a side in the name is read by none of them, and a label adds the field's
#: side after the name ("Deltoid (left) (left)"). No catalogue key, name or alias holds one
#: (tests/test_muscle_side_names.py), so a name with one is never a muscle's true name.
#: Left out on purpose: French "droit" (also the rectus muscles: "droit fémoral", "droit de
#: l'abdomen"; the feminine "droite" is kept), and single letters but l and r ("G" is
#: gluteus in "G med", "I" a Roman numeral, "D" and "S" too short to be sure of). Spanish
#: "der" is kept though German has the article: German reports name muscles in Latin.
SIDES_WRITTEN: dict[str, tuple[str, ...]] = {
    "English": ("left", "lt", "l", "right", "rt", "r"),
    "Latin and Italian": (
        "dx", "dex", "dexter", "dextra", "destro", "destra",
        "sx", "sin", "sn", "sinister", "sinistra", "sinistro",
    ),
    "Spanish": (
        "der", "dch", "dcho", "dcha", "derecho", "derecha",
        "izq", "izdo", "izda", "izquierdo", "izquierda",
    ),
    "Portuguese": ("dir", "direito", "direita", "esq", "esquerdo", "esquerda"),
    "French": ("droite", "gauche"),
    "German and Dutch": (
        "re", "rechts", "rechte", "rechter", "rechten", "rechtes",
        "li", "links", "linke", "linker", "linken", "linkes",
    ),
}  # fmt: skip
SIDE_WORDS = frozenset(word for words in SIDES_WRITTEN.values() for word in words)
#: A record is one side's study: "deltoid (bilateral)" is two studies written as one.
BOTH_SIDES = frozenset(
    {
        "bilateral",
        "bilat",
        "bilaterale",
        "bilatéral",
        "bilatérale",
        "beidseits",
        "beidseitig",
        "bds",
    }
)
#: A word, with the apostrophe of an elided article kept on it where a letter follows: the
#: "l" of French and Italian "l'abdomen" is no side; the quoted "'L'" is.
_WORD = r"[^\W_]+(?:['\u2019](?=[^\W\d_]))?"
_WORDS = re.compile(_WORD)
_WORDS_SPLIT = re.compile(f"({_WORD})")


def side_in_name(name: str) -> str | None:
    """The side word a muscle's name carries as a word of its own, as written, or None:
    "L5" and "levator" hold no side, "(L)" and "Left" do."""
    words: list[str] = _WORDS.findall(name)
    for word in words:
        if word.lower() in SIDE_WORDS or word.lower() in BOTH_SIDES:
            return word
    return None


def name_without_side(name: str) -> str:
    """The name with its side words taken out, for the message that refuses it."""
    sided = SIDE_WORDS | BOTH_SIDES
    kept = (w for w in _WORDS_SPLIT.split(name) if w.lower() not in sided)
    text = re.sub(
        r"[(\[]\W*[)\]]|['\"\u2018\u2019\u201c\u201d]\W*['\"\u2018\u2019\u201c\u201d]",
        " ",
        "".join(kept),
    )
    return " ".join(text.replace("_", " ").split()).strip(" ,;:-/")


def _name_instead(bare: str, has_anatomy: bool) -> str:
    """What to write for the muscle once its side is taken out: only a name the case will
    accept. The catalogue key the rest of the name means; else, for a record of its own
    anatomy, the rest of the name as its own; else the catalogue key nearest it, as a
    question; else no name ("ADM R": "ADM", hand or foot, is no catalogue name)."""
    if not bare:
        return "name the muscle itself"
    key = resolve_muscle(bare)
    if key is not None:
        return f"name the muscle {key!r}" + (
            " without region, roots and nerve (the catalogue gives them)" if has_anatomy else ""
        )
    if has_anatomy:
        return f"name the muscle {bare!r}"
    hint = nearest_muscle(bare)
    did_you_mean = f" (did you mean {hint!r}?)" if hint else ""
    return (
        f"name the muscle as the catalogue does{did_you_mean}: {bare!r} is not a catalogue "
        f"name ({CATALOGUE_HINT}), or give a muscle outside the catalogue its region, roots "
        "and nerve"
    )


#: Where the catalogue is listed, as a message ends; the web service says its own (it has no
#: `alscriteria muscles` to run).
CATALOGUE_HINT = "`alscriteria muscles` lists the catalogue"

#: The root names a study takes, said out in words: a list of ranges ("C1-C8") read, just
#: after a range was refused, as if a range were allowed.
ROOT_NAMES = "CN1 to CN12, C1 to C8, T1 to T12, L1 to L5 or S1 to S5"


def root_problem(bad: list[str]) -> str:
    """Why roots are refused and what to write: each root on its own ("C5, C6" for the range
    "C5-C6", which a case does not take)."""
    ranged = [r for r in bad if "-" in r]
    example = (
        f"; write a range such as {ranged[0]!r} as its roots one by one (for example C5, C6)"
        if ranged
        else ""
    )
    names = ", ".join(repr(r) for r in bad)
    verb = "is not a root name" if len(bad) == 1 else "are not root names"
    return f"{names} {verb}: each root is one of {ROOT_NAMES}{example}"


def side_problem(name: str, has_anatomy: bool) -> str | None:
    """Why a name with a side in it is refused, and what to write instead (field paths and
    the allowed sides named), or None."""
    word = side_in_name(name)
    if word is None:
        return None
    instead = _name_instead(name_without_side(name), has_anatomy)
    if word.lower() in BOTH_SIDES:
        return (
            f"muscle {name!r} names both sides; a record is one side's study: give one "
            f"record for each side, with the side in `side` (allowed: left, right), and {instead}"
        )
    return (
        f"muscle {name!r} has a side in its name ({word!r}); give the side in `side` "
        f"(allowed: left, right) and {instead}"
    )


class MuscleStudy(BaseModel):
    """One muscle sampled with the needle, and what it showed."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    muscle: str = Field(
        description="catalogue key (see `alscriteria muscles`)", max_length=LIMITS["text"]
    )
    side: Side | None = None
    fibrillation_potentials: StrictBool = False
    positive_sharp_waves: StrictBool = False
    fasciculation_potentials: StrictBool = False
    chronic_neurogenic_change: StrictBool = False
    region: Region | None = Field(
        default=None, description="only for a muscle outside the catalogue"
    )
    roots: tuple[str, ...] | None = Field(default=None, description="only outside the catalogue")
    nerve: BoundedText | None = Field(default=None, description="only outside the catalogue")

    @field_validator("nerve", mode="after")
    @classmethod
    def _nerve_as_compared(cls, value: str | None) -> str | None:
        """Only for a muscle outside the catalogue: "Ulnar Nerve" is written "ulnar". Without
        a name the muscle's independence from another cannot be decided, so none is refused."""
        if value is None:
            return None
        name = normal_nerve(value)
        if not name or name == "nerve":
            raise ValueError(f"{value!r} does not name a nerve (for example: ulnar, median)")
        return name

    @field_validator("roots", mode="after")
    @classmethod
    def _roots_are_roots(cls, value: tuple[str, ...] | None) -> tuple[str, ...] | None:
        if value is None:
            return None
        cleaned = tuple(r.strip().upper() for r in value)
        bad = [r for r in cleaned if not ROOT_PATTERN.match(r)]
        if bad:
            raise ValueError(root_problem(bad))
        if not cleaned:
            raise ValueError("a muscle outside the catalogue needs at least one root")
        return tuple(sorted(set(cleaned), key=root_sort_key))

    def anatomy_problem(self) -> str | None:
        """Why this record's anatomy cannot be used, or None (A.1: catalogue, or its own)."""
        known = catalogue()
        own = {"region": self.region, "roots": self.roots, "nerve": self.nerve}
        if self.muscle not in known:
            sided = side_problem(self.muscle, any(v is not None for v in own.values()))
            if sided is not None:
                return sided
        if self.muscle in known:
            given = [name for name, value in own.items() if value is not None]
            if given:
                return (
                    f"{self.muscle!r} is in the catalogue, which gives its region, roots and "
                    f"nerve; remove {', '.join(given)}"
                )
            return None
        as_key = resolve_muscle(self.muscle) or muscle_key_form(self.muscle)
        if as_key in known:
            return (
                f"{self.muscle!r} is the catalogue muscle {as_key!r}; write {as_key!r} "
                "without region, roots and nerve (the catalogue gives them)"
            )
        missing = [name for name, value in own.items() if value is None]
        if missing:
            hint = nearest_muscle(self.muscle)
            did_you_mean = f" (did you mean {hint!r}?)" if hint else ""
            return (
                f"muscle {self.muscle!r} is not in the catalogue{did_you_mean}: a muscle "
                f"outside the catalogue needs its region, roots and nerve (missing: "
                f"{', '.join(missing)}); {CATALOGUE_HINT}"
            )
        if self.muscle != self.muscle.strip() or not self.muscle.strip():
            return f"muscle {self.muscle!r}: a name without leading or trailing spaces"
        if self.muscle in FINDING_CODES:
            return (
                f"muscle {self.muscle!r}: a name the results use as a finding code "
                f"({', '.join(FINDING_CODES)}); give the muscle its own name"
            )
        assert self.region is not None and self.roots is not None
        allowed = region_roots()[self.region]
        foreign = [root for root in self.roots if root not in allowed]
        if foreign:
            return (
                f"muscle {self.muscle!r}: roots {', '.join(foreign)} are not roots of the "
                f"{self.region.value} region (its roots: "
                f"{', '.join(sorted(allowed, key=root_sort_key))})"
            )
        return None

    @property
    def is_normal(self) -> bool:
        return not (
            self.fibrillation_potentials
            or self.positive_sharp_waves
            or self.fasciculation_potentials
            or self.chronic_neurogenic_change
        )


class LimbSite(BaseModel):
    """One limb: a limb region on one side."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    region: Region
    side: Side

    @field_validator("region", mode="after")
    @classmethod
    def _is_limb(cls, value: Region) -> Region:
        if not value.is_limb:
            raise ValueError(
                f"{value.value!r} is not a limb region; allowed: cervical, lumbosacral"
            )
        return value


class Contraindications(BaseModel):
    """What limits needling (criteria.md A.4, B.4.2); the planner never suggests against it."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    anticoagulated: StrictBool = Field(
        default=False, description="anticoagulant or antiplatelet therapy"
    )
    lymphedema: tuple[LimbSite, ...] = ()
    skin_infection: tuple[LimbSite, ...] = ()
    cardiac_device_side: Side | None = Field(
        default=None, description="side of an implanted pacemaker or defibrillator"
    )
    chest_wall_concerns: StrictBool = Field(
        default=False, description="reasons to avoid chest wall needling (pneumothorax risk)"
    )


class ConductionBlock(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    nerve: BoundedText
    segment: BoundedText
    at_entrapment_site: StrictBool = False

    @field_validator("nerve", "segment")
    @classmethod
    def _named(cls, value: str, info: ValidationInfo) -> str:
        """A block with no nerve or no segment named is half a record: it would raise the
        MMN red flag (a block outside entrapment sites, B.4.1) on what nobody recorded (a
        page row with only the nerve typed sent an empty segment)."""
        if not value.strip():
            example = "'ulnar'" if info.field_name == "nerve" else "'forearm' or 'upper arm'"
            raise ValueError(
                f"is empty; name the {info.field_name} of the block (for example {example}), "
                "or leave the block out"
            )
        return value


class NerveConduction(BaseModel):
    """Nerve conduction flags: they never change a category, they add mimic warnings."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    conduction_block: tuple[ConductionBlock, ...] = Field(
        default=(), max_length=LIMITS["conduction_blocks"]
    )
    demyelinating_slowing: StrictBool = Field(
        default=False, description="conduction slowing in the demyelinating range"
    )
    abnormal_sensory: Literal["none", "mild", "marked"] = "none"
