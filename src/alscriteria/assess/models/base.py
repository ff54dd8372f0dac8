"""The base every output model shares: closed to unknown keys, frozen, built when first used;
and the worded models, whose sentences come from the installed voice (`voice.py`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, Self, TypeVar

from pydantic import BaseModel, ConfigDict

from alscriteria.built import built
from alscriteria.voice import voice

M = TypeVar("M", bound=BaseModel)

#: What a sentence names, as data: a code (region, side, finding, catalogue key of a muscle),
#: a list of codes, a count, a flag or a date (ISO text). The words are made from these by the
#: voice; a front end in another language makes its own from the same values.
WordValue = str | int | bool | list[str] | None


def empty_list() -> list[Any]:
    """A field's default: an empty list of its own. A Python function, not `list`: building
    a model's schema (on its first use: `defer_build`) asks each default factory's
    signature, which for a builtin is parsed from its text signature (160 us a field on
    3.11, the first paying for compiling the tokenizer too) and for a function is read."""
    return []


def empty_dict() -> dict[str, Any]:
    """A field's default: an empty dict of its own (see `empty_list`)."""
    return {}


def unvalidated(cls: type[M], values: dict[str, Any]) -> M:
    """A model from values the evaluator made and typed itself, every field given, not
    validated again (validation is for data from outside: explanations are built for every
    case, and validating what the code just typed was a seventh of their cost). Tests hold
    such models equal, in JSON, to validated ones."""
    return built(cls, values, set(values))


def own_lists(kept: M) -> M:
    """A model kept for several results (the engine memo's phenotypes and notes, kept for
    every case; a region's findings under a fired rule, kept for every criteria set of a
    case), handed to one result with lists and dicts of its own, and nested models copied
    alike: the same values, fields and marks. A caller that changes a list in its result
    (sorts a note's regions) must not change another result, as no caller could before
    these models were shared; the frozen model itself cannot be changed."""
    return built(
        type(kept),
        {name: _own(value) for name, value in kept.__dict__.items()},
        set(kept.__pydantic_fields_set__),
        kept.__pydantic_private__,
        kept.__pydantic_extra__,
    )


def _own(value: Any) -> Any:
    """A field's value with containers of its own: a list (of codes, or of models, each
    copied alike), or a dict whose values may be lists of codes (a note's `values`)."""
    if type(value) is list:
        if value and isinstance(value[0], BaseModel):
            return [own_lists(item) for item in value]
        return value.copy()
    if type(value) is dict:
        return {key: item.copy() if type(item) is list else item for key, item in value.items()}
    return value


class OutputModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    @classmethod
    def built(cls, **values: Any) -> Self:
        """The model from the evaluator's own typed values (see `unvalidated`)."""
        return unvalidated(cls, values)


class Worded(BaseModel):
    """A model whose sentences are made from its own codes and values by the voice.

    `kind` names the voice's table; `worded` the fields the voice fills. Every other field is
    what the words are made from, so a front end rewords the model from its JSON alone (without
    the worded fields): `voice().say(kind, that JSON)` gives them back, as the tests hold for
    every generated case and history.
    """

    kind: ClassVar[str]
    worded: ClassVar[tuple[str, ...]] = ("text",)
    # named once per class: sentences are made for every case that reads its explanations
    _worded_keys: ClassVar[frozenset[str]] = frozenset()
    _field_names: ClassVar[tuple[str, ...]] = ()

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        cls._worded_keys = frozenset(cls.worded)
        cls._field_names = tuple(cls.__pydantic_fields__)

    @classmethod
    def voice_kind(cls, fields: Mapping[str, Any]) -> str:
        """The voice's table for these fields: the class's `kind` (a model whose own `kind`
        field tells its sentences apart, like a history's change, returns that)."""
        return cls.kind

    @classmethod
    def said(cls, **fields: Any) -> Self:
        """The model from its codes and values, its worded fields filled by the voice (not
        validated again, see `unvalidated`). Every field is laid out in the order the class
        declares them: a model built without validation serialises its own dict in that
        dict's order, and the JSON keeps its key order whichever fields the voice fills. A
        field not given, or one the model does not have, raises."""
        said = voice().say(cls.voice_kind(fields), fields)
        if said.keys() != cls._worded_keys:  # a voice fills the words, never a code
            raise TypeError(
                f"{cls.__name__}: the voice gave {sorted(said)}, not the worded fields "
                f"{sorted(cls.worded)}"
            )
        fields.update(said)
        names = cls._field_names
        try:
            ordered = {name: fields[name] for name in names}
        except KeyError:
            ordered = {}
        if len(ordered) != len(fields):  # every field given, and no other
            unknown = sorted(fields.keys() - set(names))
            missing = sorted(set(names) - fields.keys())
            raise TypeError(f"{cls.__name__}: fields not given {missing}, unknown {unknown}")
        return unvalidated(cls, ordered)
