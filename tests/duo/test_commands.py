"""The DUO management commands explain themselves (`--help`), in Dutch by default."""

import pytest
from django.core.management import load_command_class


@pytest.mark.parametrize(
    ("opdracht", "tekst"),
    [
        ("duo_simulator", "De DUO-simulator"),
        ("duo_notificatie_server", "mutual TLS"),
        ("duo_bench_notificaties", "SS139-notificaties"),
    ],
)
def test_help(opdracht, tekst):
    hulp = load_command_class("duo", opdracht).create_parser("manage.py", opdracht).format_help()
    assert tekst in hulp
