"""Unified social credit code (GB 32100-2015): checksum and a validator with one message per fault."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
LENGTH = 18

USCC_WRONG_LENGTH = _("A unified social credit code has 18 characters; this one has %(length)d.")
USCC_BAD_CHARACTER = _(
    "Character %(char)r at position %(position)d is not allowed "
    "(only digits and capital letters other than I, O, Z, S and V)."
)
USCC_BAD_CHECK = _(
    "The check character is wrong: it is %(given)r, but the first 17 characters require %(expected)r."
)


def uscc_check_character(first17: str) -> str:
    total = sum(ALPHABET.index(c) * w for c, w in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def validate_uscc(value: str) -> None:
    if len(value) != LENGTH:
        raise ValidationError(USCC_WRONG_LENGTH, code="length", params={"length": len(value)})
    for position, char in enumerate(value, start=1):
        if char not in ALPHABET:
            raise ValidationError(
                USCC_BAD_CHARACTER, code="character", params={"char": char, "position": position}
            )
    expected = uscc_check_character(value[:17])
    if value[17] != expected:
        raise ValidationError(
            USCC_BAD_CHECK, code="check", params={"given": value[17], "expected": expected}
        )


def uscc_complete(first17: str) -> str:
    """Append the check character: used by the demo data and the tests."""
    return first17 + uscc_check_character(first17)
