"""A DUO simulator for the demo and the tests: DUO's side of the vendored specs (docs/standards/duo-m2m) with state,
over mutual TLS with a test CA (duo.pki), answering meldingen as DUO's rules say and notifying the gemeente."""

from .simulator import DuoSimulator
from .staat import INSTELLINGEN, Persoon, Verzoek, VerzondenNotificatie

__all__ = ["INSTELLINGEN", "DuoSimulator", "Persoon", "Verzoek", "VerzondenNotificatie"]
