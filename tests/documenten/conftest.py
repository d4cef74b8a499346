import datetime as dt

import pytest

from tests.cases.conftest import naar_uitvoering, registreer  # noqa: F401


@pytest.fixture
def zaak(registreer):  # noqa: F811
    """A case of the Winterswijk consultant with a postal address, speaking Arabic."""
    from cases.models import Statushouder

    sh = registreer(talen=["ar"])
    Statushouder.objects.filter(pk=sh.pk).update(
        straat="Misterweg", huisnummer="12-A", postcode="7101 AB", woonplaats="Winterswijk"
    )
    return Statushouder.objects.select_related("gemeente").get(pk=sh.pk)


@pytest.fixture
def afspraak(zaak, consultant, vandaag):
    from agenda.models import Afspraak

    return Afspraak.objects.create(
        statushouder=zaak,
        soort="voortgangsgesprek",
        datum=vandaag + dt.timedelta(days=7),
        begintijd=dt.time(10, 0),
        eindtijd=dt.time(11, 0),
        plaats_soort="kantoor",
        plaats="Stadhuis, Stadskantoor 1",
        tolk_nodig=True,
        tolk_taal="ar",
        tolk_wijze="telefonisch",
        consultant=consultant,
    )
