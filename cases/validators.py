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


# Synthetic data never uses a real BSN: generated numbers come from 9999xxxxx, the range RvIG uses for
# the test persons of the BRP test environment, and pass the elfproef (9,090 numbers in that range).
TEST_BSN_PREFIX = "9999"


def iter_test_bsns(start: int = 0):
    """Yield the valid BSNs of the test range in order, skipping the first `start` of them; wraps around."""
    geldig = [f"{TEST_BSN_PREFIX}{n:05d}" for n in range(100_000) if bsn_elfproef(f"{TEST_BSN_PREFIX}{n:05d}")]
    i = start
    while True:
        yield geldig[i % len(geldig)]
        i += 1
