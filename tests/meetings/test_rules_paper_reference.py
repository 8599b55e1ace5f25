"""Paper references: V/<year>/<number>, the number with at least three digits."""

import pytest

from meetings.rules import paper_reference


@pytest.mark.parametrize(
    "year, number, reference",
    [
        (2026, 41, "V/2026/041"),
        (2026, 1, "V/2026/001"),
        (2027, 999, "V/2027/999"),
        (2026, 1000, "V/2026/1000"),
    ],
)
def test_reference_is_v_year_and_zero_padded_number(year, number, reference):
    assert paper_reference(year, number) == reference
