"""Every write on a case. Each state transition is one function that checks its preconditions, stamps
its date, writes a timeline event and an audit event. Errors are ValidationErrors in Dutch.

The package is the services API of cases: every public name of the modules below is importable from
`cases.services` (`services.stel_pip_vast`, `services.rond_af`), so callers need not know where a rule lives.

- common: the building blocks (today, the row lock, the timeline entry, the state transition)
- registratie: registration (warme overdracht)
- intake: the brede intake (start, save, finish)
- pip: the PIP versions, their checks, vaststellen and the concept's plan fields
- pip_doelen: the goals and actions of a PIP
- status: opschorten and hervatten
- termijn: the extension of the termijn and the PIP deadline
- afronding, toewijzing, verhuizing, gesprekken, participatie, verwijzingen, handhaving, routeafronding,
  bewaartermijn: closing, assigning, moving, conversations, participation, referrals, enforcement, the route
  records and anonymisation (imported by module: `from cases.services import gesprekken`)."""

from __future__ import annotations

# The modules callers use by name (`services.gesprekken.plan_gesprek`), loaded with the package as before.
from . import afronding as afronding
from . import gesprekken as gesprekken
from . import toewijzing as toewijzing
from .afronding import rond_af
from .intake import INTAKE_VELDEN, ROUTE_ADVIES, rond_intake_af, route_advies_voor, start_intake, werk_intake_bij
from .pip import (
    PIP_PLAN_VELDEN,
    TAALNIVEAUS,
    afwijking_fout,
    concept_versie,
    gevolgde_lesuren_bij_keurmerk,
    nieuwe_pip_versie,
    niveau_fout,
    stel_pip_vast,
    vastgestelde_versie,
    vastgestelde_versie_over_verhuizingen,
    werk_pip_concept_bij,
)
from .pip_doelen import (
    verwijder_actie,
    verwijder_doel,
    voeg_actie_toe,
    voeg_doel_toe,
    wijzig_actie,
    wijzig_doel,
    zet_actie_status,
)
from .registratie import REGISTRATIE_VELDEN, registreer_statushouder
from .status import hervat, schort_op
from .termijn import PIP_DEADLINE_REDEN_MAX, registreer_verlenging, verleng_pip_deadline
from .toewijzing import wijs_toe

__all__ = [
    "INTAKE_VELDEN",
    "PIP_DEADLINE_REDEN_MAX",
    "PIP_PLAN_VELDEN",
    "REGISTRATIE_VELDEN",
    "ROUTE_ADVIES",
    "TAALNIVEAUS",
    "afwijking_fout",
    "concept_versie",
    "gevolgde_lesuren_bij_keurmerk",
    "hervat",
    "nieuwe_pip_versie",
    "niveau_fout",
    "registreer_statushouder",
    "registreer_verlenging",
    "rond_af",
    "rond_intake_af",
    "route_advies_voor",
    "schort_op",
    "start_intake",
    "stel_pip_vast",
    "vastgestelde_versie",
    "vastgestelde_versie_over_verhuizingen",
    "verleng_pip_deadline",
    "verwijder_actie",
    "verwijder_doel",
    "voeg_actie_toe",
    "voeg_doel_toe",
    "werk_intake_bij",
    "werk_pip_concept_bij",
    "wijs_toe",
    "wijzig_actie",
    "wijzig_doel",
    "zet_actie_status",
]
