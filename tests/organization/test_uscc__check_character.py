"""The check character is computed from exactly 17 characters, never from a shorter prefix."""

import pytest

from workflows.organization.uscc import uscc_check_character, uscc_complete


@pytest.mark.parametrize("first", ["11321200000000000", "91320000MA1MXXXXX"[:16] + "0"])
def test_the_check_character_needs_all_17_characters(first):
    assert len(uscc_complete(first)) == 18
    with pytest.raises(ValueError, match="zip"):
        uscc_check_character(first[:16])
    with pytest.raises(ValueError, match="zip"):
        uscc_check_character(first + "0")
