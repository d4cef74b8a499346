"""Issue 15 part 9: cases.services is split by concern, and every public name stays importable from the package."""

import ast
import importlib
from pathlib import Path

import pytest

from cases import services

PAKKET = Path(services.__file__).parent

# Where each name of the former single module lives now.
VERHUISD = {
    "registratie": ["REGISTRATIE_VELDEN", "registreer_statushouder"],
    "intake": [
        "INTAKE_VELDEN", "ROUTE_ADVIES", "route_advies_voor", "start_intake", "werk_intake_bij", "rond_intake_af",
    ],
    "pip": [
        "PIP_PLAN_VELDEN", "TAALNIVEAUS", "concept_versie", "vastgestelde_versie",
        "vastgestelde_versie_over_verhuizingen", "niveau_fout", "afwijking_fout", "gevolgde_lesuren_bij_keurmerk",
        "stel_pip_vast", "nieuwe_pip_versie", "werk_pip_concept_bij",
    ],
    "pip_doelen": [
        "voeg_doel_toe", "wijzig_doel", "verwijder_doel", "voeg_actie_toe", "wijzig_actie", "verwijder_actie",
        "zet_actie_status",
    ],
    "status": ["schort_op", "hervat"],
    "termijn": ["registreer_verlenging", "verleng_pip_deadline", "PIP_DEADLINE_REDEN_MAX"],
}  # fmt: skip


@pytest.mark.parametrize(("module", "namen"), VERHUISD.items())
def test_each_name_lives_in_its_module_and_is_reexported(module, namen):
    mod = importlib.import_module(f"cases.services.{module}")
    for naam in namen:
        assert naam in services.__all__, naam
        assert getattr(services, naam) is getattr(mod, naam), naam


def test_all_is_explicit_and_complete():
    assert len(services.__all__) == len(set(services.__all__))
    for naam in services.__all__:
        assert hasattr(services, naam), naam
    assert {"rond_af", "wijs_toe"} <= set(services.__all__)
    verwacht = {naam for namen in VERHUISD.values() for naam in namen} | {"rond_af", "wijs_toe"}
    assert set(services.__all__) == verwacht


def test_package_init_holds_no_rules():
    """The package's __init__ only re-exports: no function of its own (the rules are in the modules)."""
    boom = ast.parse((PAKKET / "__init__.py").read_text())
    assert not [n for n in boom.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))]
    assert len((PAKKET / "__init__.py").read_text().splitlines()) < 120


def test_the_modules_callers_use_by_name_are_loaded_with_the_package():
    assert services.gesprekken.plan_gesprek
    assert services.afronding.rond_af is services.rond_af
    assert services.toewijzing.wijs_toe is services.wijs_toe
