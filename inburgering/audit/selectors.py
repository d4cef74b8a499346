from .models import AuditEvent


def events_for_statushouder(statushouder):
    """'Wie zag dit dossier?': every processing of this person's data, newest first."""
    return AuditEvent.objects.over(statushouder.uuid)
