"""Audit events go over the "audit" connection: in autocommit it commits each event at once, so an
event survives the rollback of the request transaction that it describes."""

AUDIT_DB = "audit"


class AuditRouter:
    def db_for_read(self, model, **hints):
        return AUDIT_DB if model._meta.app_label == "audit" else None

    db_for_write = db_for_read

    def allow_relation(self, obj1, obj2, **hints):
        return None

    def allow_migrate(self, db, app_label, **hints):
        # Both aliases are the same database: migrate once, through "default".
        return db == "default"
