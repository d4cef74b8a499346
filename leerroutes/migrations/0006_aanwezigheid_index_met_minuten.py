"""The attendance index carries the minutes (an index-only scan for the reports' sums). Built CONCURRENTLY, so a
running installation keeps taking attendance from the providers while the index on its millions of rows is made."""

from django.contrib.postgres.operations import AddIndexConcurrently, RemoveIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("leerroutes", "0005_inschrijving_levenscyclus_routeafronding")]

    operations = [
        AddIndexConcurrently(
            model_name="aanwezigheid",
            index=models.Index(
                fields=["inschrijving", "datum"],
                include=["geplande_minuten", "aanwezige_minuten"],
                name="aanwezigheid_insch_datum_min",
            ),
        ),
        RemoveIndexConcurrently(model_name="aanwezigheid", name="aanwezigheid_insch_datum_idx"),
    ]
