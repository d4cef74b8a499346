from django.core.exceptions import ValidationError


def bsn_elfproef(value: str) -> bool:
    """The BSN variant of the elfproef: 9 digits, weights 9..2 and -1, sum divisible by 11, not 0."""
    if len(value) != 9 or not value.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(value[:8], range(9, 1, -1), strict=True)) - int(value[8])
    return total % 11 == 0 and total != 0


def validate_bsn(value: str) -> None:
    if not bsn_elfproef(value):
        raise ValidationError(
            "Dit is geen geldig BSN: het moet uit 9 cijfers bestaan en voldoen aan de elfproef.", code="bsn"
        )


def mask_bsn(value: str) -> str:
    """For lists and logs: only the last three digits."""
    return f"******{value[-3:]}" if value else ""
