"""Short names of the criteria sets, for where a page has little room (map, table heads).

Every page that uses one also says what it stands for.
"""

from __future__ import annotations

SHORT_NAME = {"revised-el-escorial": "rEEC", "awaji": "Awaji", "gold-coast": "Gold Coast"}


def short_name(criteria_id: str) -> str:
    return SHORT_NAME.get(criteria_id, criteria_id)


__all__ = ["SHORT_NAME", "short_name"]
