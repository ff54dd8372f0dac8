"""The one Jinja2 environment of the report package (the only importer of jinja2).

Templates and the stylesheet are package data (`report/templates/`), so a page is built
offline from an installed package. Autoescaping is on for every template: ids, muscle and
nerve names come from the input, and none of them may become markup. Undefined names are
errors, so a template that asks for a value the view-model lacks fails in the tests rather
than printing an empty cell in a patient's chart.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import jinja2

from alscriteria import wording
from alscriteria.report.bodymap import LINE_HEIGHT, SHADE_WORDS
from alscriteria.report.names import short_name
from alscriteria.report.text import finalize
from alscriteria.report.visitchart import marker_path

#: The stylesheet every page inlines (a page must open with no network and no other file).
STYLESHEET = "report.css"


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("alscriteria.report", "templates"),
        autoescape=jinja2.select_autoescape(
            enabled_extensions=("html", "j2", "svg"), default_for_string=True, default=True
        ),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=finalize,
    )
    env.globals["stylesheet"] = stylesheet()
    env.globals["line_height"] = LINE_HEIGHT
    env.globals["shade_words"] = SHADE_WORDS
    env.filters["category_words"] = wording.category
    env.filters["short_name"] = short_name
    env.globals["marker_path"] = marker_path
    return env


@cache
def stylesheet() -> str:
    return (
        resources.files("alscriteria.report")
        .joinpath("templates", STYLESHEET)
        .read_text(encoding="utf-8")
    )


def render(template: str, **context: Any) -> str:
    """A template of `report/templates/` filled with `context`."""
    return environment().get_template(template).render(**context)


__all__ = ["environment", "render", "stylesheet"]
