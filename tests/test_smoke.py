import pytest

from tests.factories import StatushouderFactory


@pytest.mark.django_db
def test_factory_and_fixture(achterhoek, consultant):
    sh = StatushouderFactory(gemeente=achterhoek.gemeenten["Winterswijk"], consultant=consultant)
    assert sh.pk and len(achterhoek.gemeenten) == 8
