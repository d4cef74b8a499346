"""The reference data of the data migrations (leerroutes, onderdelen, role groups) around transactional tests: their
flush at the end removes it, and the tests of other modules need it back. (serialized_rollback does not work here:
the flush's post_migrate signal recreates the role groups, and restoring the serialized copy then collides.)

A module of transactional tests imports the two autouse fixtures:
`from tests.referentiedata import referentiedata, referentiedata_na_flush  # noqa: F401`."""

import pytest


def laad():
    """Leerroutes and onderdelen (data migration leerroutes 0003) and the role groups, idempotently."""
    from importlib import import_module

    from django.apps import apps

    from inburgering.accounts.roles import sync_role_groups

    import_module("leerroutes.migrations.0003_referentiedata").load(apps, None)
    sync_role_groups()


@pytest.fixture(autouse=True)
def referentiedata(transactional_db):
    """Put back what an earlier transactional test's flush removed."""
    laad()


@pytest.fixture(scope="module", autouse=True)
def referentiedata_na_flush(django_db_blocker):
    """After the module's last test (and its flush), for the tests of other modules."""
    yield
    with django_db_blocker.unblock():
        laad()
        from django.db import connections

        connections.close_all()
