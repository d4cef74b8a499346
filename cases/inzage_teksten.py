"""The texts of the inzage PDF (AVG art. 15): written for the person it is for, in plain Dutch (language level A2
where the subject allows it), with a label for every field instead of its name in the database.

The PDF is a Dutch document whatever the interface language (like the Dutch text of the PIP beschikking,
cases.beschikking_teksten), so these are plain strings, not msgids. The JSON export keeps the machine keys.

LABELS holds, per kind of record, the fields the PDF shows, in the order it shows them; VERBORGEN the fields it
leaves out (internal ids and bookkeeping the person has no use for: the JSON has them). A field in neither (one
added to a model later) is still shown, under its name with spaces: the test of the inzage checks that every field
of a full case is in one of the two."""

from __future__ import annotations

TITEL = "Uw gegevens bij de gemeente {gemeente}"

INTRO = (
    "In dit overzicht staat alles wat de gemeente {gemeente} over u heeft opgeslagen voor uw inburgering. "
    "U ziet ook wie uw gegevens heeft bekeken of veranderd, en wanneer."
)
RECHTEN = (
    "U heeft het recht om uw gegevens te zien. Dat staat in de Algemene verordening gegevensbescherming (AVG), "
    "artikel 15. Klopt er iets niet? Dan kunt u de gemeente vragen om het te verbeteren of te verwijderen. "
    "Bent u het niet eens met hoe de gemeente met uw gegevens omgaat? Dan kunt u een klacht indienen bij de "
    "Autoriteit Persoonsgegevens."
)
LEEG = "—"
GEEN_GEGEVENS = "Hierover heeft de gemeente niets opgeslagen."

# Words the overview uses, explained once.
WOORDEN = [
    ("PIP", "Plan Inburgering en Participatie: uw plan met de gemeente. Daarin staat wat u gaat doen om Nederlands "
     "te leren en mee te doen in Nederland."),
    ("Leerroute", "De manier waarop u Nederlands leert: de B1-route, de onderwijsroute of de Z-route."),
    ("Brede intake", "Het eerste gesprek met de gemeente. Daarin kijken u en uw consulent samen naar uw situatie."),
    ("Leerbaarheidstoets", "Een toets die laat zien hoe snel u een nieuwe taal kunt leren."),
    ("KNM", "Kennis van de Nederlandse Maatschappij: lessen en een examen over het leven in Nederland."),
    ("MAP", "Module Arbeidsmarkt en Participatie: u leert over werk in Nederland."),
    ("PVT", "Participatieverklaringstraject: u leert over de regels en waarden in Nederland en tekent een "
     "verklaring."),
    ("Inburgeringstermijn", "De tijd die u heeft om uw inburgering af te ronden."),
    ("Ketenpartner", "Een organisatie die met de gemeente samenwerkt, bijvoorbeeld voor werk, zorg of "
     "vrijwilligerswerk."),
]  # fmt: skip

OVER = {
    "kop": "Over dit overzicht",
    "labels": {
        "grondslag": "Uw recht",
        "aangemaakt_op": "Gemaakt op",
        "gemeente": "Gemeente",
        "aangemaakt_door": "Gemaakt door",
        "verwerkingsdoel": "Waarvoor gebruikt de gemeente uw gegevens?",
        "bewaartermijn": "Hoe lang bewaart de gemeente uw gegevens?",
    },
    "verborgen": {"gemeente_code"},
}

# Per section: its heading, one plain sentence on what it is, and the labels of its fields.
SECTIES = {
    "statushouder": {
        "kop": "Uw persoonsgegevens en uw dossier",
        "uitleg": "Dit zijn uw gegevens en de belangrijkste gegevens van uw dossier bij de gemeente.",
        "labels": {
            "uuid": "Nummer van uw dossier",
            "bsn": "Burgerservicenummer (BSN)",
            "voornamen": "Voornamen",
            "achternaam": "Achternaam",
            "geboortedatum": "Geboortedatum",
            "geslacht": "Geslacht",
            "nationaliteit": "Nationaliteit",
            "talen": "Talen die u spreekt",
            "telefoon": "Telefoonnummer",
            "email": "E-mailadres",
            "straat": "Straat",
            "huisnummer": "Huisnummer",
            "postcode": "Postcode",
            "woonplaats": "Woonplaats",
            "gemeente": "Gemeente",
            "consultant": "Uw consulent",
            "doelgroep": "Waarom u moet inburgeren (doelgroep)",
            "oude_wet": "Valt u onder de oude inburgeringswet (van 2013)?",
            "overdracht_scenario": "Hoe uw dossier bij de gemeente kwam",
            "azc": "Uw azc (asielzoekerscentrum)",
            "overdracht_notities": "Notities bij de overdracht naar de gemeente",
            "status": "Hoe ver is uw dossier?",
            "status_sinds": "Zo ver sinds",
            "status_voor_opschorting": "Hoe ver was uw dossier voordat het werd stilgezet?",
            "opschort_reden": "Waarom is uw dossier stilgezet?",
            "eindreden": "Waarom is uw dossier afgesloten?",
            "einddatum": "Datum waarop uw dossier is afgesloten",
            "verblijfsvergunning_datum": "Datum van uw verblijfsvergunning",
            "koppeling_datum": "Datum waarop u aan de gemeente werd gekoppeld",
            "kennisgeving_datum": "Datum van de brief van DUO dat u moet inburgeren",
            "brp_inschrijving_datum": "Datum van uw inschrijving in de gemeente (BRP)",
            "huisvesting_datum": "Datum waarop u een woning kreeg",
            "intake_start_datum": "Datum waarop de brede intake begon",
            "leerbaarheidstoets_datum": "Datum van de leerbaarheidstoets",
            "pip_dagtekening": "Datum van uw plan (PIP)",
            "termijn_einde": "Einde van uw inburgeringstermijn",
            "pip_deadline_afwijking": "Latere uiterste datum voor uw plan (PIP)",
            "pip_deadline_afwijking_reden": "Waarom uw plan (PIP) later klaar mag zijn",
            "bijstand_start_datum": "Datum waarop uw bijstandsuitkering begon",
            "ontzorgen_einde_datum": "Datum waarop de gemeente stopt met het betalen van uw vaste lasten (ontzorgen)",
            "aangemaakt_op": "Uw dossier is gemaakt op",
            "gewijzigd_op": "Uw dossier is het laatst veranderd op",
        },
        "verborgen": {"geanonimiseerd_op"},
    },
    "brede_intake": {
        "kop": "Brede intake",
        "uitleg": "In de brede intake hebben u en uw consulent samen gekeken naar uw situatie en naar de "
        "leerroute die bij u past.",
        "labels": {
            "startdatum": "Begonnen op",
            "afgerond_op": "Klaar op",
            "leerbaarheidstoets_uitkomst": "Uitkomst van de leerbaarheidstoets",
            "leerbaarheidstoets_vrijstelling_reden": "Waarom u de leerbaarheidstoets niet hoefde te doen",
            "route_advies": "Leerroute volgens de leerbaarheidstoets",
            "gekozen_route": "Gekozen leerroute",
            "afwijking_motivering": "Waarom een andere leerroute is gekozen",
            "opleiding_werkervaring": "Uw opleiding en werkervaring",
            "gezondheid": "Uw gezondheid",
            "vve_informatie_gegeven": "Informatie gekregen over voorschoolse educatie voor uw kinderen (VVE)",
            "individueel_gesprek_aangeboden": "Een gesprek alleen met de consulent aangeboden",
        },
        "verborgen": {"uuid"},
    },
    "leefgebiedscore": {
        "kop": "Hoe gaat het op elk gebied van uw leven?",
        "uitleg": "Per gebied een cijfer van 1 tot en met 5. Een 1 betekent: hier is nu veel hulp nodig. "
        "Een 5 betekent: dit regelt u helemaal zelf.",
        "labels": {"leefgebied": "Gebied", "score": "Cijfer (1 tot en met 5)", "toelichting": "Uitleg"},
        "verborgen": set(),
    },
    "pip_versie": {
        "kop": "Uw plan (PIP)",
        "uitleg": "In uw plan staat wat u gaat doen. Verandert het plan, dan komt er een nieuwe versie. "
        "U ziet hier elke versie.",
        "labels": {
            "versie": "Versie",
            "status": "Is deze versie al vastgesteld?",
            "wijzigingsreden": "Waarom deze versie",
            "wijzigingstoelichting": "Uitleg bij de verandering",
            "gemeente": "Gemeente",
            "leerroute": "Leerroute",
            "taalaanbieder": "Uw taalschool",
            "componenten": "Onderdelen van uw plan",
            "taalniveau_doel": "Het taalniveau dat u wilt halen",
            "duaal": "Taal leren en werken tegelijk (duaal)",
            "dagtekening": "Datum van het besluit",
            "vastgesteld_door": "Vastgesteld door",
            "vastgesteld_op": "Vastgesteld op",
            "aangemaakt_op": "Gemaakt op",
        },
        "verborgen": {"uuid"},
    },
    "doel": {
        "kop": "Doelen",
        "uitleg": "Wat u wilt bereiken.",
        "labels": {"leefgebied": "Gebied", "omschrijving": "Doel"},
        "verborgen": {"uuid", "volgorde"},
    },
    "actie": {
        "kop": "Acties",
        "uitleg": "Wat u of een ander doet om een doel te bereiken.",
        "labels": {
            "doel": "Bij het doel",
            "omschrijving": "Actie",
            "eigenaar": "Wie doet het?",
            "ketenpartner": "Organisatie",
            "deadline": "Klaar op",
            "status": "Hoe ver is het?",
        },
        "verborgen": {"uuid"},
    },
    "voortgangsgesprek": {
        "kop": "Gesprekken over hoe het gaat",
        "uitleg": "Uw consulent praat regelmatig met u over hoe het gaat met uw plan.",
        "labels": {
            "soort": "Soort gesprek",
            "gepland_op": "Gepland op",
            "gehouden_op": "Gehouden op",
            "consultant": "Consulent",
            "verslag": "Verslag",
            "pip_versie": "Bij uw plan",
            "voortgang_per_doel": "Hoe gaat het per doel?",
        },
        "verborgen": {"uuid"},
    },
    "verwijzing": {
        "kop": "Doorverwijzingen",
        "uitleg": "De gemeente heeft u in contact gebracht met een andere organisatie.",
        "labels": {
            "datum": "Datum",
            "ketenpartner": "Organisatie",
            "sleutelpersoon": "Contactpersoon",
            "reden": "Waarom",
            "uitkomst": "Uitkomst",
            "afgerond_op": "Klaar op",
        },
        "verborgen": {"uuid"},
    },
    "participatie": {
        "kop": "Werk, opleiding en vrijwilligerswerk",
        "uitleg": "Wat u doet naast de lessen.",
        "labels": {
            "soort": "Wat",
            "organisatie": "Bij",
            "sector": "Sector",
            "startdatum": "Begonnen op",
            "einddatum": "Gestopt op",
            "uren_per_week": "Uren per week",
            "contractvorm": "Soort contract",
        },
        "verborgen": {"uuid"},
    },
    "termijnverlenging": {
        "kop": "Meer tijd voor uw inburgering",
        "uitleg": "DUO heeft u meer tijd gegeven om uw inburgering af te ronden.",
        "labels": {"besluitdatum": "Datum van het besluit", "maanden": "Aantal maanden extra", "reden": "Waarom"},
        "verborgen": {"uuid"},
    },
    "handhavingsstap": {
        "kop": "Afspraken over de brede intake die niet zijn nagekomen",
        "uitleg": "Als u niet naar de brede intake komt, kan de gemeente u eerst waarschuwen en daarna een boete "
        "geven.",
        "labels": {
            "datum": "Datum",
            "stap": "Wat de gemeente deed",
            "verwijtbaar": "Was het uw eigen schuld?",
            "toelichting": "Uitleg",
            "vastgelegd_door": "Vastgelegd door",
            "vastgelegd_op": "Vastgelegd op",
        },
        "verborgen": {"uuid"},
    },
    "tijdlijn": {
        "kop": "Wat er in uw dossier gebeurde",
        "uitleg": "De belangrijkste momenten in uw dossier, van oud naar nieuw.",
        "labels": {"datum": "Datum", "omschrijving": "Wat er gebeurde", "actor": "Door"},
        "verborgen": {"tijdstip", "soort"},
    },
    "inschrijving": {
        "kop": "Uw taalschool",
        "uitleg": "De gemeente heeft u aangemeld bij een taalschool. Die geeft door of u bij de lessen bent en "
        "hoe het gaat.",
        "kop_een": "Aanmelding bij {organisatie} ({leerroute})",
        "labels": {
            "organisatie": "Taalschool",
            "leerroute": "Leerroute",
            "contract": "Afspraak tussen de gemeente en de taalschool",
            "status": "Hoe ver is de aanmelding?",
            "aangemeld_op": "Aangemeld op",
            "geplande_startdatum": "Geplande begindatum",
            "startdatum": "Begonnen op",
            "verwachte_einddatum": "Verwachte einddatum",
            "einddatum": "Gestopt op",
            "alfabetisering": "Leert u eerst lezen en schrijven (alfabetisering)?",
            "beantwoord_op": "De taalschool antwoordde op",
            "reden": "Reden",
            "resultaat": "Resultaat",
            "capaciteit_overschreden_reden": "Waarom u toch werd aangenomen toen de groep vol was",
            "onderdelen": "Onderdelen",
        },
        "verborgen": {"uuid", "vervangt", "gewijzigd_op"},
    },
    "aanwezigheid": {
        "kop": "Bij de les",
        "uitleg": "Wanneer u bij de les was, volgens de taalschool.",
        "labels": {
            "datum": "Datum",
            "soort": "Soort",
            "geplande_minuten": "Minuten gepland",
            "aanwezige_minuten": "Minuten aanwezig",
            "status": "Aanwezig?",
            "opmerking": "Opmerking",
        },
        "verborgen": {"les_id", "gewijzigd_op"},
    },
    "examenresultaat": {
        "kop": "Examens",
        "uitleg": "Uw examens en de uitslag.",
        "labels": {"onderdeel": "Examen", "datum": "Datum", "niveau": "Niveau", "behaald": "Gehaald?"},
        "verborgen": {"uuid", "geregistreerd_op"},
    },
    "voortgangsrapportage": {
        "kop": "Rapporten van de taalschool",
        "uitleg": "De taalschool schrijft op hoe het gaat met uw Nederlands.",
        "labels": {
            "periode_start": "Van",
            "periode_eind": "Tot en met",
            "niveaus": "Uw niveau",
            "toelichting": "Uitleg",
        },
        "verborgen": {"uuid", "geregistreerd_op"},
    },
    "verwerking": {
        "kop": "Wie heeft uw gegevens bekeken of veranderd?",
        "uitleg": "Het systeem schrijft op wie uw gegevens bekijkt of verandert, en wanneer. Ook dit overzicht "
        "staat erin. 'Systeem' betekent: het computersysteem deed het zelf, bijvoorbeeld een bericht van DUO.",
        "labels": {
            "tijdstip": "Wanneer",
            "actor": "Wie",
            "rol": "Functie",
            "handeling": "Wat",
            "object_type": "Welke gegevens",
            "velden": "Welke velden",
            "toelichting": "Uitleg",
        },
        "verborgen": {"actor_type", "object_id", "verwerkingsactiviteit"},
    },
}

# The records of the audit log, by model name, as the person would call them.
OBJECTEN = {
    "statushouder": "uw dossier",
    "bredeintake": "brede intake",
    "leefgebiedscore": "cijfer per gebied",
    "pip": "plan (PIP)",
    "pipversie": "plan (PIP)",
    "doel": "doel in uw plan",
    "actie": "actie in uw plan",
    "voortgangsgesprek": "gesprek",
    "verwijzing": "doorverwijzing",
    "participatie": "werk, opleiding of vrijwilligerswerk",
    "termijnverlenging": "meer tijd",
    "handhavingsstap": "niet nagekomen afspraak",
    "inschrijving": "aanmelding bij de taalschool",
    "aanwezigheid": "aanwezigheid bij de les",
    "examenresultaat": "examen",
    "voortgangsrapportage": "rapport van de taalschool",
    "routeafronding": "afronding van uw leerroute",
    "taalschakeltraject": "taalschakeltraject",
    "afspraak": "afspraak",
    "notitie": "notitie",
    "taak": "taak",
    "document": "document",
    "brief": "brief",
}

ROLLEN = {
    "consultant": "consulent",
    "teamleider": "teamleider",
    "regiocoordinator": "regiocoördinator",
    "beheerder": "beheerder",
}

ANDER_DOSSIER = "U bent verhuisd. Hieronder staan ook uw gegevens uit de gemeente {gemeente}, waar u eerder woonde."
AANWEZIGHEID_PER_MAAND = "{n} lessen, per maand bij elkaar opgeteld. In het JSON-bestand staat elke les apart."
AANWEZIGHEID_KOLOMMEN = ["Maand", "Lessen", "Uren gepland", "Uren aanwezig", "Niet aanwezig zonder geldige reden"]
