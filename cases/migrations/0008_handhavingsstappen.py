"""The intake handhaving ladder (DOMAIN.md requirement 12) as steps with their date and the gemeente's assessment
of verwijtbaarheid, instead of three dates on the statushouder. The recorded dates become steps; their
verwijtbaarheid was never recorded, so it stays open (None) with a note."""

import django.db.models.deletion
import uuid
from django.conf import settings
from django.db import migrations, models


OUDE_VELDEN = (
    ("intake_waarschuwing_datum", "waarschuwing"),
    ("intake_eerste_boete_datum", "eerste_boete"),
    ("intake_tweede_boete_datum", "tweede_boete"),
)
OVERGENOMEN = "Overgenomen uit de eerdere registratie; verwijtbaarheid toen niet vastgelegd."


def naar_stappen(apps, schema_editor):
    Statushouder = apps.get_model("cases", "Statushouder")
    Handhavingsstap = apps.get_model("cases", "Handhavingsstap")
    velden = [veld for veld, _stap in OUDE_VELDEN]
    ergens = models.Q()
    for veld in velden:
        ergens |= models.Q(**{f"{veld}__isnull": False})
    rijen = Statushouder.objects.filter(ergens).values("pk", *velden)
    Handhavingsstap.objects.bulk_create(
        Handhavingsstap(statushouder_id=rij["pk"], stap=stap, datum=rij[veld], toelichting=OVERGENOMEN)
        for rij in rijen.iterator()
        for veld, stap in OUDE_VELDEN
        if rij[veld] is not None
    )


def terug(apps, schema_editor):
    Statushouder = apps.get_model("cases", "Statushouder")
    Handhavingsstap = apps.get_model("cases", "Handhavingsstap")
    for veld, stap in OUDE_VELDEN:
        for rij in Handhavingsstap.objects.filter(stap=stap).values("statushouder_id", "datum"):
            Statushouder.objects.filter(pk=rij["statushouder_id"]).update(**{veld: rij["datum"]})


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0007_anonimiseren_zonder_bsn"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Handhavingsstap",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("uuid", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                (
                    "stap",
                    models.CharField(
                        choices=[
                            ("uitnodiging", "uitnodiging intake"),
                            ("herinnering", "herinnering"),
                            ("waarschuwing", "schriftelijke waarschuwing"),
                            ("eerste_boete", "eerste boete"),
                            ("tweede_boete", "tweede boete"),
                            ("pip_ambtshalve", "PIP ambtshalve vastgesteld"),
                        ],
                        max_length=15,
                    ),
                ),
                ("datum", models.DateField()),
                (
                    "verwijtbaar",
                    models.BooleanField(
                        blank=True, help_text="Oordeel van de gemeente: is het niet reageren verwijtbaar?", null=True
                    ),
                ),
                ("toelichting", models.TextField(blank=True, help_text="De afweging van de verwijtbaarheid")),
                ("vastgelegd_op", models.DateTimeField(auto_now_add=True)),
                (
                    "statushouder",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="handhavingsstappen",
                        to="cases.statushouder",
                    ),
                ),
                (
                    "vastgelegd_door",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "handhavingsstap",
                "verbose_name_plural": "handhavingsstappen",
                "ordering": ["datum", "id"],
                "constraints": [
                    models.UniqueConstraint(fields=("statushouder", "stap"), name="handhavingsstap_eenmaal"),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("stap__in", ["eerste_boete", "tweede_boete"]), _negated=True),
                            models.Q(("verwijtbaar", False), _negated=True),
                            _connector="OR",
                        ),
                        name="handhavingsstap_boete_alleen_verwijtbaar",
                    ),
                ],
            },
        ),
        migrations.RunPython(naar_stappen, terug),
        migrations.RemoveField(
            model_name="statushouder",
            name="intake_eerste_boete_datum",
        ),
        migrations.RemoveField(
            model_name="statushouder",
            name="intake_tweede_boete_datum",
        ),
        migrations.RemoveField(
            model_name="statushouder",
            name="intake_waarschuwing_datum",
        ),
    ]
