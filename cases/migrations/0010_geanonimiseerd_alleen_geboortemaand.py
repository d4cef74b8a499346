"""An anonymised case keeps only its month of birth (issue 17, item 13): the cases anonymised before this migration
get the first of their birth month, and the database refuses an anonymised case with any other day, so that no
later write brings a full date of birth back. The age groups of the reports read only the birth month
(reports.indicators.resultaat.geboren_na), so old reports keep their numbers. Not reversible: the day is gone; going
back only drops the rule."""

from django.db import migrations

VOORUIT = """
UPDATE cases_statushouder SET geboortedatum = date_trunc('month', geboortedatum)::date
    WHERE geanonimiseerd_op IS NOT NULL AND extract(day FROM geboortedatum) <> 1;
ALTER TABLE cases_statushouder ADD CONSTRAINT statushouder_geanonimiseerd_geboortemaand
    CHECK (geanonimiseerd_op IS NULL OR extract(day FROM geboortedatum) = 1);
"""
TERUG = "ALTER TABLE cases_statushouder DROP CONSTRAINT statushouder_geanonimiseerd_geboortemaand;"


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0009_adres"),
    ]

    operations = [migrations.RunSQL(VOORUIT, TERUG)]
