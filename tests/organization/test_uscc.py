"""Unified social credit codes: valid ones pass, each fault has its own message."""

import pytest
from django.core.exceptions import ValidationError

from tests.factories import DepartmentFactory
from workflows.organization.uscc import (
    USCC_BAD_CHARACTER,
    USCC_BAD_CHECK,
    USCC_WRONG_LENGTH,
    uscc_complete,
    validate_uscc,
)


@pytest.mark.parametrize(
    "code",
    [
        "914403001922038216",
        "91330100799655058B",
        "11100000000013127D",
        "12100000400000624D",
        uscc_complete("11321200014000041"),
    ],
)
def test_valid_codes_are_accepted(code):
    validate_uscc(code)


def _message(code: str) -> tuple[str, str]:
    with pytest.raises(ValidationError) as exc_info:
        validate_uscc(code)
    return exc_info.value.code, exc_info.value.messages[0]


@pytest.mark.parametrize("code", ["91440300192203821", "9144030019220382160", ""])
def test_code_of_wrong_length_is_rejected_with_the_length(code):
    error_code, message = _message(code)

    assert error_code == "length"
    assert message == USCC_WRONG_LENGTH % {"length": len(code)}


@pytest.mark.parametrize(
    ("code", "char", "position"),
    [
        ("9144030019220382I6", "I", 17),
        ("O14403001922038216", "O", 1),
        ("91440300192203821z", "z", 18),
        ("9144030019 2038216", " ", 11),
    ],
)
def test_code_with_a_character_outside_the_alphabet_is_rejected_naming_it(code, char, position):
    error_code, message = _message(code)

    assert error_code == "character"
    assert message == USCC_BAD_CHARACTER % {"char": char, "position": position}


def test_code_with_a_wrong_check_character_is_rejected_naming_the_right_one():
    error_code, message = _message("91110000100001780A")

    assert error_code == "check"
    assert message == USCC_BAD_CHECK % {"given": "A", "expected": "1"}


def test_the_three_faults_have_different_messages():
    messages = {
        _message("123")[1],
        _message("9144030019220382I6")[1],
        _message("91110000100001780A")[1],
    }

    assert len(messages) == 3


@pytest.mark.django_db
def test_department_with_a_bad_code_fails_validation_on_the_uscc_field():
    department = DepartmentFactory.build(uscc="91110000100001780A")

    with pytest.raises(ValidationError) as exc_info:
        department.full_clean()

    assert exc_info.value.message_dict["uscc"] == [USCC_BAD_CHECK % {"given": "A", "expected": "1"}]
