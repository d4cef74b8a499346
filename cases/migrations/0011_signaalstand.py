"""The stored signals of Vandaag (cases.Signaalstand) and the per-case counter that tells when one is out of date
(cases.Signaalversie). Statement-level triggers on every table the signals read raise the counter of each case a
statement touches, in the writing transaction: ORM saves, bulk writes of the provider API, raw SQL and deletes
alike. A stand is computed in one snapshot with the counter it saw, so a write that commits while a stand is being
computed leaves that stand out of date rather than wrong (cases/signaalstand.py). The bulk loader of the demo seed
switches these triggers off for its load (cases/demo/bulk.py)."""

import django.core.serializers.json
import django.db.models.deletion
from django.db import migrations, models

FUNCTIE = """
CREATE FUNCTION cases_signaalversie_verhogen() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    bron text;
BEGIN
    -- TG_ARGV[0]: a SELECT of the touched cases' ids from the transition table %I (alias r).
    FOREACH bron IN ARRAY CASE TG_OP WHEN 'INSERT' THEN ARRAY['nieuw'] WHEN 'DELETE' THEN ARRAY['oud']
                                     ELSE ARRAY['oud', 'nieuw'] END LOOP
        EXECUTE format(
            'INSERT INTO cases_signaalversie AS v (statushouder_id, versie) '
            'SELECT x.s, 1 FROM (SELECT DISTINCT s FROM (' || TG_ARGV[0] || ') y(s) WHERE s IS NOT NULL) x '
            'ORDER BY x.s ON CONFLICT (statushouder_id) DO UPDATE SET versie = v.versie + 1',
            bron);
    END LOOP;
    RETURN NULL;
END $$;
"""

# The tables the signals read (cases.signals and the signals other apps register), with the cases a row is about.
BRONNEN = {
    "cases_statushouder": "SELECT r.id FROM %I r",
    "cases_voortgangsgesprek": "SELECT r.statushouder_id FROM %I r",
    "cases_handhavingsstap": "SELECT r.statushouder_id FROM %I r",
    "leerroutes_inschrijving": "SELECT r.statushouder_id FROM %I r",
    "leerroutes_aanwezigheid": (
        "SELECT i.statushouder_id FROM %I r JOIN leerroutes_inschrijving i ON i.id = r.inschrijving_id"
    ),
    "duo_voorstel": "SELECT r.statushouder_id FROM %I r",
    "taken_taak": "SELECT r.statushouder_id FROM %I r",
    "partners_gemeente": "SELECT s.id FROM %I r JOIN cases_statushouder s ON s.gemeente_id = r.id",
    "partners_organisatie": "SELECT i.statushouder_id FROM %I r JOIN leerroutes_inschrijving i ON i.organisatie_id = r.id",
}

MOMENTEN = {
    "insert": ("INSERT", "NEW TABLE AS nieuw"),
    "update": ("UPDATE", "OLD TABLE AS oud NEW TABLE AS nieuw"),
    "delete": ("DELETE", "OLD TABLE AS oud"),
}


def _triggers() -> tuple[str, str]:
    aan, uit = [FUNCTIE], []
    for tabel, ids in BRONNEN.items():
        for moment, (wanneer, overgang) in MOMENTEN.items():
            naam = f"signaalversie_na_{moment}"
            aan.append(
                f"CREATE TRIGGER {naam} AFTER {wanneer} ON {tabel} REFERENCING {overgang} FOR EACH STATEMENT "
                f"EXECUTE FUNCTION cases_signaalversie_verhogen('{ids}');"
            )
            uit.append(f"DROP TRIGGER IF EXISTS {naam} ON {tabel};")
    uit.append("DROP FUNCTION IF EXISTS cases_signaalversie_verhogen();")
    return "\n".join(aan), "\n".join(uit)


TRIGGERS, TRIGGERS_WEG = _triggers()


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0010_geanonimiseerd_alleen_geboortemaand"),
        ("leerroutes", "0006_aanwezigheid_index_met_minuten"),
        ("duo", "0001_initial"),
        ("taken", "0001_initial"),
        ("partners", "0006_gemeente_telefoon"),
    ]

    operations = [
        migrations.CreateModel(
            name="Signaalstand",
            fields=[
                (
                    "statushouder",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="signaalstand",
                        serialize=False,
                        to="cases.statushouder",
                    ),
                ),
                ("dag", models.DateField()),
                ("sleutel", models.CharField(max_length=64)),
                ("versie", models.BigIntegerField()),
                ("waarden", models.JSONField(encoder=django.core.serializers.json.DjangoJSONEncoder)),
                ("meldingen", models.JSONField()),
            ],
            options={
                "verbose_name": "signaalstand",
                "verbose_name_plural": "signaalstanden",
            },
        ),
        migrations.CreateModel(
            name="Signaalversie",
            fields=[
                ("statushouder_id", models.BigIntegerField(primary_key=True, serialize=False)),
                ("versie", models.BigIntegerField(default=0)),
            ],
            options={
                "verbose_name": "signaalversie",
                "verbose_name_plural": "signaalversies",
            },
        ),
        migrations.RunSQL(TRIGGERS, TRIGGERS_WEG),
    ]
