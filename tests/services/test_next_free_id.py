"""The id suggested for a new employee: the next of the store's numbered series, never one that
a deactivated employee still holds."""

from __future__ import annotations

import pytest

from shiftcheck.domain.staff import next_employee_id
from shiftcheck.services.context import Services


@pytest.mark.parametrize(
    ("ids", "expected"),
    [
        (["E001", "E002", "E003", "E004", "E005", "E006"], "E007"),
        (["E001", "E003"], "E004"),  # after the highest: a gap may be someone's history
        (["E009", "E010"], "E011"),
        (["E1", "E2"], "E3"),  # padded as the store pads
        (["E99"], "E100"),  # past the padding, the number just grows
        (["1001", "1002"], "1003"),
        (["S-01", "E001", "E002", "E007"], "E008"),  # the most used series
        (["zhang.wei", "E004"], "E005"),
        ([], "E001"),  # the example the id rule gives
        (["zhang.wei", "li.na"], None),  # no numbered series to follow
        (["E" + "9" * 31], None),  # the next would be 33 characters: over the limit
    ],
)
def test_next_id_follows_the_series(ids: list[str], expected: str | None) -> None:
    assert next_employee_id(ids) == expected


def test_service_counts_every_id_on_the_list(staffed: Services) -> None:
    # staffed: E001 (supervisor), E002, E003
    assert staffed.staff.next_free_id() == "E004"
    staffed.staff.add("E004", "王强", "3690")
    staffed.staff.add("E005", "赵敏", "4826")
    staffed.staff.deactivate("E005")
    assert staffed.staff.next_free_id() == "E006"  # E005 keeps their id and history
    staffed.staff.add("E006", "刘洋", "5173")
    assert staffed.staff.next_free_id() == "E007"
