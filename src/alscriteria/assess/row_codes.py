"""What a cohort row gives of a patient beside the categories: the red flags' codes and the
motor phenotype's code, read without building the worded models they are codes of.

A row (cohort/rows.py) writes `[w.code for w in a.warnings]` and `a.phenotype.code`, and
nothing else of either. Read through the Assessment, every row paid for the worded flags
and phenotype (kept in the engine memo for every case alike) and then for each result's own
copies of them (`own_lists`), about a third of a row's time, to keep a few short codes. The
codes are a function of what the worded models are a function of: the pattern of the
findings as the flags read it (`red_flags.flags_key`) and as the phenotype reads it
(`phenotype.phenotype_key`, with whether another cause is recorded). So they are kept in the
engine memo under those keys, as codes only, and both under the pattern itself (a row reads
the two together: one look-up, not two keys made and looked up); a miss builds them the one
way there is (`flags_of_pattern`, `motor_phenotype`), with models left unworded (the words
are never read, and wording was most of a miss), and keeps their codes.

What a key does not hold is read the way the Assessment reads it: the conduction flags
(they name the case's own nerves) and the flags beside another recorded cause, a field
already built (read, or loaded from JSON), and an Assessment whose explanations are not an
`Explainer` of this package. Tests hold the codes equal to those of the Assessment's own
fields for every generated case and reading (tests/test_row_codes.py).
"""

from __future__ import annotations

from typing import Any

from alscriteria.assess.assessment import Assessment
from alscriteria.assess.explain.explainer import Explainer
from alscriteria.assess.models.advice import Phenotype, PlanItem
from alscriteria.assess.models.base import WordValue
from alscriteria.assess.phenotype import motor_phenotype, phenotype_key
from alscriteria.assess.red_flags import any_conduction_finding, flags_key, flags_of_pattern
from alscriteria.case.model import Case
from alscriteria.regions.masks import FindingsPattern
from alscriteria.rules.engine import RuleEngine


def row_codes(a: Assessment) -> tuple[list[str], str]:
    """The red flags' codes, most specific first, and the phenotype's code: what
    `[w.code for w in a.warnings]` and `a.phenotype.code` give, each list the caller's own."""
    built = a.__dict__
    source = None if "warnings" in built and "phenotype" in built else a._explained()
    if not isinstance(source, Explainer):
        return [w.code for w in a.warnings], a.phenotype.code
    ctx = source.ctx
    case = ctx.case
    pattern = ctx.pattern(source.readings)
    engine = ctx.engine
    if "warnings" not in built and "phenotype" not in built and not _flags_of_its_own(case):
        # both from the pattern alone: kept under the pattern itself, each built on a miss
        # under its own key (which most patterns share with others); no other cause is
        # recorded here (_flags_of_its_own)
        codes = engine.remember(
            "row_codes",
            pattern,
            lambda: (_flag_codes(engine, pattern), _phenotype_code(engine, pattern, False)),
        )
        return list(codes[0]), codes[1]
    if "warnings" in built or _flags_of_its_own(case):
        flags = [w.code for w in a.warnings]
    else:
        flags = list(_flag_codes(engine, pattern))
    if "phenotype" in built:
        return flags, a.phenotype.code
    return flags, _phenotype_code(engine, pattern, case.alternative_diagnosis is not None)


def _flags_of_its_own(case: Case) -> bool:
    """Whether the case raises flags no key holds: beside another recorded cause, or from
    its nerve conduction record (red_flags.red_flags)."""
    return case.alternative_diagnosis is not None or any_conduction_finding(case)


def _flag_codes(engine: RuleEngine, pattern: FindingsPattern) -> tuple[str, ...]:
    """The codes of the flags the pattern raises by itself, kept for every case alike in
    what the flags read (a closed domain: region masks, flags, accessory-nerve muscle keys).
    Codes are not words: no voice is part of the key."""
    key = flags_key(pattern)
    return engine.remember(
        "red_flag_codes", key, lambda: tuple(f.code for f in flags_of_pattern(key, _unworded))
    )


def _unworded(code: str, **values: WordValue) -> PlanItem:
    """A red flag with its code and values and no words, for its code alone (never handed
    out: only the code is kept)."""
    return PlanItem.built(code=code, text="", source="", values=values)


def _phenotype_code(engine: RuleEngine, pattern: FindingsPattern, alternative: bool) -> str:
    """The phenotype's code, kept for every case alike in what the phenotype reads (without
    dates, as a case outside a history has none)."""
    key = phenotype_key(pattern)
    return engine.remember(
        "phenotype_code",
        (key, alternative),
        lambda: motor_phenotype(key, alternative=alternative, said=_unworded_phenotype).code,
    )


def _unworded_phenotype(**fields: Any) -> Phenotype:
    """A phenotype with its codes and no words, for its code alone (never handed out)."""
    return Phenotype.built(**fields, text="", source="", needs_text="")


__all__ = ["row_codes"]
