"""What a saying is: the words for one kind of worded model, made from that model's fields
(its codes and values, as Python objects from the core or as JSON from a front end)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

#: The worded fields by name: a sentence, or a list of them (a history's withheld muscles).
Saying = Callable[[Mapping[str, Any]], dict[str, Any]]
