"""Reference data of the Wet inburgering 2021 (DOMAIN.md, 'Leerroutes')."""

from django.db import migrations

LEERROUTES = [
    ("b1", "B1-route", "Taal tot B1 (lezen, luisteren, spreken, schrijven) plus KNM, MAP en PVT.", True, True, "B1"),
    (
        "onderwijs",
        "Onderwijsroute",
        "Taalschakeltraject (± 1.000 uur Nederlands en ± 500 uur andere vakken) naar mbo, hbo of wo, plus KNM en PVT.",
        False,
        False,
        "B1",
    ),
    (
        "z",
        "Z-route",
        "Zelfredzaamheidsroute: 800 uur lessen (taal en KNM) en 800 uur participatie, plus MAP en PVT.",
        True,
        True,
        "",
    ),
]

# code, naam, soort, examen, norm_uren, routes
ONDERDELEN = [
    ("lezen", "Lezen", "taal", True, None, ["b1", "onderwijs"]),
    ("luisteren", "Luisteren", "taal", True, None, ["b1", "onderwijs"]),
    ("spreken", "Spreken", "taal", True, None, ["b1", "onderwijs"]),
    ("schrijven", "Schrijven", "taal", True, None, ["b1", "onderwijs"]),
    ("knm", "Kennis van de Nederlandse Maatschappij", "knm", True, None, ["b1", "onderwijs", "z"]),
    ("map", "Module Arbeidsmarkt en Participatie", "map", False, 40, ["b1", "z"]),
    ("pvt", "Participatieverklaringstraject", "pvt", False, 12, ["b1", "onderwijs", "z"]),
    ("taalschakel", "Taalschakeltraject", "uren", False, 1500, ["onderwijs"]),
    ("z_les", "Z-route lessen (taal en KNM)", "uren", False, 800, ["z"]),
    ("z_participatie", "Z-route participatieactiviteiten", "uren", False, 800, ["z"]),
]


def load(apps, schema_editor):
    Leerroute = apps.get_model("leerroutes", "Leerroute")
    Onderdeel = apps.get_model("leerroutes", "Onderdeel")
    routes = {}
    for code, naam, omschrijving, keurmerk, map_verplicht, niveau in LEERROUTES:
        routes[code], _ = Leerroute.objects.update_or_create(
            code=code,
            defaults={
                "naam": naam,
                "omschrijving": omschrijving,
                "keurmerk_vereist": keurmerk,
                "map_verplicht": map_verplicht,
                "taalniveau_doel": niveau,
            },
        )
    for code, naam, soort, examen, norm_uren, route_codes in ONDERDELEN:
        onderdeel, _ = Onderdeel.objects.update_or_create(
            code=code, defaults={"naam": naam, "soort": soort, "examen": examen, "norm_uren": norm_uren}
        )
        onderdeel.leerroutes.set([routes[c] for c in route_codes])


class Migration(migrations.Migration):
    dependencies = [("leerroutes", "0002_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
