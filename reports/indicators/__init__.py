"""The indicators of DESIGN.md §6, one module per group; importing this package registers them all.

instroom.py     I1 instroom, I1b intake gestart, I1c zonder PIP
doorlooptijd.py I2 huisvesting → intake, I2b huisvesting → eerste les, I3 intake → PIP, I4 PIP binnen norm,
                I5 routeverdeling
uitvoering.py   I6 duaal, I7 caseload, I8 aanwezigheid, I9 examens, I10 voortgang op tijd
resultaat.py    I11 termijn, I12 participatie, I13 Z-route uren
trechter.py     T1 cohorttrechter (groep "trechter": not a dashboard section or sheet; read by reports.kerncijfers)
"""

from . import doorlooptijd, instroom, resultaat, trechter, uitvoering  # noqa: F401  (registers the indicators)
from .base import REGISTER, Indicator

VOLGORDE = (
    "I1", "I1b", "I1c", "I2", "I2b", "I3", "I4", "I5", "I6", "I7", "I8", "I9", "I10", "I11", "I12", "I13", "T1",
)  # fmt: skip


def alle() -> list[Indicator]:
    """The registered indicators in report order."""
    return [REGISTER[code] for code in VOLGORDE if code in REGISTER]
