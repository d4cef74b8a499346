# The keurmerk as periods (valid from / to, with history) instead of a flag and an expiry date on Organisatie.

import datetime
import uuid

import django.db.models.deletion
from django.db import migrations, models

# The Wet inburgering 2021 (and its keurmerk requirement) applies from 1 January 2022: the old flag with its expiry
# date becomes a period from then (or from the expiry date, if that is earlier) until the expiry date, so every
# check on a date answers as it did before.
WI2021 = datetime.date(2022, 1, 1)


def flag_naar_periode(apps, schema_editor):
    Organisatie = apps.get_model("partners", "Organisatie")
    Keurmerk = apps.get_model("partners", "Keurmerk")
    Contract = apps.get_model("partners", "Contract")
    perioden = [
        Keurmerk(
            uuid=uuid.uuid4(),
            organisatie_id=org.pk,
            soort="blik_op_werk",
            geldig_van=min(WI2021, org.keurmerk_geldig_tot),
            geldig_tot=org.keurmerk_geldig_tot,
        )
        for org in Organisatie.objects.filter(keurmerk_blik_op_werk=True, keurmerk_geldig_tot__isnull=False)
    ]
    # An institution contracted for the onderwijsroute was accepted as taalschakelinstelling: it keeps teaching
    # it, from its first onderwijsroute contract, until the regiocoördinator records the real period.
    eerste = (
        Contract.objects.filter(leerroute__code="onderwijs")
        .values("organisatie_id")
        .annotate(van=models.Min("startdatum"))
    )
    perioden += [
        Keurmerk(
            uuid=uuid.uuid4(),
            organisatie_id=rij["organisatie_id"],
            soort="taalschakelinstelling",
            geldig_van=rij["van"],
        )
        for rij in eerste
    ]
    Keurmerk.objects.bulk_create(perioden)


def periode_naar_flag(apps, schema_editor):
    Organisatie = apps.get_model("partners", "Organisatie")
    Keurmerk = apps.get_model("partners", "Keurmerk")
    for k in Keurmerk.objects.filter(soort="blik_op_werk").order_by("organisatie_id", "geldig_van"):
        Organisatie.objects.filter(pk=k.organisatie_id).update(
            keurmerk_blik_op_werk=True, keurmerk_geldig_tot=k.geldig_tot or datetime.date(9999, 12, 31)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0003_partnerbeheer_en_contracten"),
    ]

    operations = [
        migrations.CreateModel(
            name="Keurmerk",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("uuid", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                (
                    "soort",
                    models.CharField(
                        choices=[
                            ("blik_op_werk", "Blik op Werk keurmerk"),
                            ("taalschakelinstelling", "erkende taalschakelinstelling"),
                        ],
                        default="blik_op_werk",
                        max_length=25,
                    ),
                ),
                ("geldig_van", models.DateField()),
                (
                    "geldig_tot",
                    models.DateField(blank=True, help_text="Tot en met; leeg = zonder einddatum", null=True),
                ),
                ("registratienummer", models.CharField(blank=True, max_length=50)),
                (
                    "organisatie",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="keurmerken",
                        to="partners.organisatie",
                    ),
                ),
            ],
            options={
                "verbose_name": "keurmerk",
                "verbose_name_plural": "keurmerken",
                "ordering": ["organisatie", "soort", "-geldig_van"],
            },
        ),
        migrations.AddConstraint(
            model_name="keurmerk",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("geldig_tot__isnull", True), ("geldig_tot__gte", models.F("geldig_van")), _connector="OR"
                ),
                name="keurmerk_datumvolgorde",
            ),
        ),
        migrations.AddConstraint(
            model_name="keurmerk",
            constraint=models.UniqueConstraint(
                fields=("organisatie", "soort", "geldig_van"), name="keurmerk_uniek_begin"
            ),
        ),
        migrations.RunPython(flag_naar_periode, periode_naar_flag),
        migrations.RemoveConstraint(model_name="organisatie", name="organisatie_keurmerk_heeft_einddatum"),
        migrations.RemoveField(model_name="organisatie", name="keurmerk_blik_op_werk"),
        migrations.RemoveField(model_name="organisatie", name="keurmerk_geldig_tot"),
    ]
