"""The four letter templates with their A2 texts (documenten.brieven.STANDAARD); a beheerder edits them later."""

from django.db import migrations

# The default texts live in one place; get_or_create never overwrites a beheerder's edits.
from documenten.brieven import STANDAARD


def vul(apps, schema_editor):
    BriefSjabloon = apps.get_model("documenten", "BriefSjabloon")
    for soort, teksten in STANDAARD.items():
        BriefSjabloon.objects.get_or_create(soort=str(soort), defaults=teksten)


class Migration(migrations.Migration):
    dependencies = [("documenten", "0001_initial")]

    operations = [migrations.RunPython(vul, migrations.RunPython.noop)]
