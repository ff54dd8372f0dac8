"""Every sentence the project says, in one package: codes in the core, words here.

The models say *what* (a code, a number); these tables say it in the clinic's words. The CLI,
the pages and any embedding tool share them, so one fix corrects every screen. Each room holds
one kind of sentence: categories and shortfalls, notes, a region's evidence line, the plan and
the red flags, their pictures, the phenotype; and over a history, progression (what changed
between visits), next_visit (the visit to come, revisiting another cause) and staging (function
and stage).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from alscriteria.wording.categories import (
    CATEGORY,
    CATEGORY_IN_SENTENCE,
    GAP_PATTERN,
    GAP_SHORTFALL,
    MET_COUNT,
    MET_COUNT_MEANING,
    PREREQUISITE,
    PREREQUISITE_SHORT,
    READING,
    RULE_IN_WORDS,
    SHORTFALL,
    MissingWords,
    also_met,
    category,
    category_in_sentence,
    missing_words,
    rule_words,
    shortfall,
    why_not_probable,
)
from alscriteria.wording.common import (
    LIMB,
    listed,
    muscle_names,
    muscle_words,
    plural,
    regions_phrase,
    the_regions,
    where,
)
from alscriteria.wording.evidence import (
    FLAG_SHORT,
    FLAG_WORDS,
    emg_as_reported,
    evidence_line,
    flags_short,
    side_words,
    withheld_words,
)
from alscriteria.wording.flags import (
    BULBAR_PICTURE,
    CONFINED_LIMBS,
    LMN_KIND,
    MIMIC_FINDING,
    RESTING_ON_ACCESSORY,
    lmn_where,
    resting_on_accessory,
)
from alscriteria.wording.notes import (
    NOTE,
    OPEN_EMG,
    OPEN_FLAG,
    note,
    open_emg,
    open_flags,
    open_region_lines,
    open_sources,
    undecided,
    what_decides,
)
from alscriteria.wording.phenotype import (
    ACCESSORY_ASIDE,
    LMN_EMG_ONLY,
    PHENOTYPE,
    PHENOTYPE_BY_NEEDLE_STUDY,
    PHENOTYPE_BY_NEEDLE_STUDY_LATE,
    PHENOTYPE_DURATION,
    PHENOTYPE_NEED,
    PHENOTYPE_PATTERN,
    PHENOTYPE_PATTERN_ONLY,
    accessory_aside,
    lmn_regions_words,
    phenotype,
    phenotype_needs,
)
from alscriteria.wording.plan import (
    CLINICAL_FINDING,
    EVIDENCE,
    FIRST_STUDY,
    MUSCLE_AFTER,
    MUSCLE_REASON,
    PATH_BARRED,
    PATH_HOW,
    PATH_READING,
    PATH_WAITS,
    PLAN_REASON,
    REEXAMINE,
    another_cause,
    exclusion_not_restated,
    first_study_where,
    muscle_reason,
    path_how,
    plan_item,
    plan_reason,
    second_look,
    second_look_of,
    upgrade_path,
    visit_waits,
    waits_on,
)
from alscriteria.wording.plan_items import PLAN_ITEM

if TYPE_CHECKING:  # imported when first used (`__getattr__`): only a history speaks them
    from alscriteria.wording.next_visit import (
        CONFIRM_BULBAR,
        NEXT_VISIT_SOURCE,
        REVISIT,
        REVISIT_SOURCE,
        SAMPLING_ROW,
        next_visit_text,
        repeat_when,
        revisit_text,
    )
    from alscriteria.wording.progression import (
        CALENDAR_LEGEND,
        CHANGE,
        NEW_MUSCLES,
        NOT_DOCUMENTED,
        PROGRESSION_SOURCE,
        WORSE_PARTS,
        change_text,
        decimal_misleads,
        documentation_text,
        interval_figure,
        interval_words,
        progression_text,
        too_soon_text,
        visit_when,
    )
    from alscriteria.wording.staging import (
        STAGING_SOURCE,
        delta_fs_figure,
        measure,
        slope_figure,
        slope_legend,
        staging_text,
    )

#: The rooms only a history speaks (what changed, the next visit, function and stage), and
#: the names each gives: imported when a name is first used, so a case's words do not load
#: the staging systems (PEP 562).
_LATER = {
    "alscriteria.wording.next_visit": (
        "CONFIRM_BULBAR",
        "NEXT_VISIT_SOURCE",
        "REVISIT",
        "REVISIT_SOURCE",
        "SAMPLING_ROW",
        "next_visit_text",
        "repeat_when",
        "revisit_text",
    ),
    "alscriteria.wording.progression": (
        "CALENDAR_LEGEND",
        "CHANGE",
        "NEW_MUSCLES",
        "NOT_DOCUMENTED",
        "PROGRESSION_SOURCE",
        "WORSE_PARTS",
        "change_text",
        "decimal_misleads",
        "documentation_text",
        "interval_figure",
        "interval_words",
        "progression_text",
        "too_soon_text",
        "visit_when",
    ),
    "alscriteria.wording.staging": (
        "STAGING_SOURCE",
        "delta_fs_figure",
        "measure",
        "slope_figure",
        "slope_legend",
        "staging_text",
    ),
}
_LATER_NAMES = {name: module for module, names in _LATER.items() for name in names}


def __getattr__(name: str) -> Any:
    module = _LATER_NAMES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """Every name the package gives, those given on first use included (tab completion,
    help() and tools that introspect read dir(), not __all__)."""
    return sorted({*globals(), *_LATER_NAMES})


__all__ = [
    "ACCESSORY_ASIDE",
    "BULBAR_PICTURE",
    "CALENDAR_LEGEND",
    "CATEGORY",
    "CATEGORY_IN_SENTENCE",
    "CHANGE",
    "CLINICAL_FINDING",
    "CONFINED_LIMBS",
    "CONFIRM_BULBAR",
    "EVIDENCE",
    "FIRST_STUDY",
    "FLAG_SHORT",
    "FLAG_WORDS",
    "GAP_PATTERN",
    "GAP_SHORTFALL",
    "LIMB",
    "LMN_EMG_ONLY",
    "LMN_KIND",
    "MET_COUNT",
    "MET_COUNT_MEANING",
    "MIMIC_FINDING",
    "MUSCLE_AFTER",
    "MUSCLE_REASON",
    "NEW_MUSCLES",
    "NEXT_VISIT_SOURCE",
    "NOTE",
    "NOT_DOCUMENTED",
    "OPEN_EMG",
    "OPEN_FLAG",
    "PATH_BARRED",
    "PATH_HOW",
    "PATH_READING",
    "PATH_WAITS",
    "PHENOTYPE",
    "PHENOTYPE_BY_NEEDLE_STUDY",
    "PHENOTYPE_BY_NEEDLE_STUDY_LATE",
    "PHENOTYPE_DURATION",
    "PHENOTYPE_NEED",
    "PHENOTYPE_PATTERN",
    "PHENOTYPE_PATTERN_ONLY",
    "PLAN_ITEM",
    "PLAN_REASON",
    "PREREQUISITE",
    "PREREQUISITE_SHORT",
    "PROGRESSION_SOURCE",
    "READING",
    "REEXAMINE",
    "RESTING_ON_ACCESSORY",
    "REVISIT",
    "REVISIT_SOURCE",
    "RULE_IN_WORDS",
    "SAMPLING_ROW",
    "SHORTFALL",
    "STAGING_SOURCE",
    "WORSE_PARTS",
    "MissingWords",
    "accessory_aside",
    "also_met",
    "another_cause",
    "category",
    "category_in_sentence",
    "change_text",
    "decimal_misleads",
    "delta_fs_figure",
    "documentation_text",
    "emg_as_reported",
    "evidence_line",
    "exclusion_not_restated",
    "first_study_where",
    "flags_short",
    "interval_figure",
    "interval_words",
    "listed",
    "lmn_regions_words",
    "lmn_where",
    "measure",
    "missing_words",
    "muscle_names",
    "muscle_reason",
    "muscle_words",
    "next_visit_text",
    "note",
    "open_emg",
    "open_flags",
    "open_region_lines",
    "open_sources",
    "path_how",
    "phenotype",
    "phenotype_needs",
    "plan_item",
    "plan_reason",
    "plural",
    "progression_text",
    "regions_phrase",
    "repeat_when",
    "resting_on_accessory",
    "revisit_text",
    "rule_words",
    "second_look",
    "second_look_of",
    "shortfall",
    "side_words",
    "slope_figure",
    "slope_legend",
    "staging_text",
    "the_regions",
    "too_soon_text",
    "undecided",
    "upgrade_path",
    "visit_waits",
    "visit_when",
    "waits_on",
    "what_decides",
    "where",
    "why_not_probable",
    "withheld_words",
]
