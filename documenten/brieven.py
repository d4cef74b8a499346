"""Letters from templates: the default A2 texts (the data migration seeds them, a beheerder edits them in the
admin), the short summaries in the statushouder's language, and the rendering of a letter as HTML and PDF.

A2: short sentences, common words, one message per sentence, the reader addressed as "u", the date, time and
place on lines of their own (after the Stimulansz model letters for the Wet inburgering 2021).

TRANSLATIONS NEED REVIEW: the English, Arabic and Tigrinya summaries were written by the developers in simple
language and have NOT been checked by a certified (beëdigd) translator, as for the beschikking
(cases/beschikking_teksten.py). The Dutch letter is the official text; the summary says so.
"""

from __future__ import annotations

import gettext as gettext_module
import string
from datetime import date

import pycountry
from django.template.loader import render_to_string
from django.utils import translation

from cases.beschikking import adresregels, briefhoofd
from cases.beschikking_teksten import kies_taal
from inburgering.pdf import html_naar_pdf

from .models import BriefSjabloon

Soort = BriefSjabloon.Soort

PLAATSHOUDERS = ("naam", "datum", "tijd", "plaats", "tolk", "consulent", "telefoon", "gemeente", "uiterlijk")
# the letters that invite to an appointment (they need one), and those with a date to react by
MET_AFSPRAAK = (Soort.UITNODIGING_INTAKE, Soort.UITNODIGING_VOORTGANGSGESPREK)
MET_UITERLIJK = (Soort.HERINNERING, Soort.WAARSCHUWING)
AFSPRAAK_SOORT = {Soort.UITNODIGING_INTAKE: "intake", Soort.UITNODIGING_VOORTGANGSGESPREK: "voortgangsgesprek"}

_AFSPRAAK_REGELS = "Datum: {datum}\nTijd: {tijd}\nPlaats: {plaats}\nTolk: {tolk}"

STANDAARD = {
    Soort.UITNODIGING_INTAKE: {
        "onderwerp": "Uitnodiging voor een gesprek over uw inburgering",
        "aanhef": "Beste {naam},",
        "kern": "U moet inburgeren in Nederland. Daarom nodigen wij u uit voor een gesprek. "
        "Dit gesprek heet de brede intake.\n\n"
        "In het gesprek praten we over uw leven, uw opleiding en uw werk. "
        "Daarna maken we samen een plan. Dit plan heet het PIP.\n\n"
        f"{_AFSPRAAK_REGELS}\n\n"
        "Neem uw verblijfsdocument mee. Heeft u diploma's? Neem die ook mee.\n\n"
        "Kunt u niet komen? Bel dan zo snel mogelijk naar {telefoon}. Dan maken we een nieuwe afspraak.\n\n"
        "Het gesprek is verplicht.",
        "slot": "Met vriendelijke groet,",
    },
    Soort.UITNODIGING_VOORTGANGSGESPREK: {
        "onderwerp": "Uitnodiging voor een gesprek over uw plan",
        "aanhef": "Beste {naam},",
        "kern": "Wij willen met u praten over uw inburgering. Hoe gaat het met de lessen? "
        "Gaat het goed met uw plan? Dat bespreken we samen.\n\n"
        f"{_AFSPRAAK_REGELS}\n\n"
        "Neem uw vragen mee. Wilt u iets veranderen in uw plan? Zeg het in het gesprek.\n\n"
        "Kunt u niet komen? Bel dan zo snel mogelijk naar {telefoon}. Dan maken we een nieuwe afspraak.\n\n"
        "Het gesprek is verplicht.",
        "slot": "Met vriendelijke groet,",
    },
    Soort.HERINNERING: {
        "onderwerp": "Herinnering: maak een afspraak over uw inburgering",
        "aanhef": "Beste {naam},",
        "kern": "Wij hebben u uitgenodigd voor een gesprek over uw inburgering. "
        "U bent niet gekomen. Of u heeft niet gereageerd.\n\n"
        "Het gesprek is verplicht. Bel ons vóór {uiterlijk}. Ons telefoonnummer is {telefoon}. "
        "Dan maken we samen een nieuwe afspraak.\n\n"
        "Had u een goede reden om niet te komen? Was u bijvoorbeeld ziek? Vertel het ons dan.\n\n"
        "Reageert u niet? Dan krijgt u een schriftelijke waarschuwing.",
        "slot": "Met vriendelijke groet,",
    },
    Soort.WAARSCHUWING: {
        "onderwerp": "Waarschuwing: u moet meedoen aan uw inburgering",
        "aanhef": "Beste {naam},",
        "kern": "Wij hebben u uitgenodigd voor een gesprek over uw inburgering. "
        "Daarna hebben wij u een herinnering gestuurd. U heeft niet gereageerd.\n\n"
        "Dit is een officiële waarschuwing.\n\n"
        "U moet meedoen aan het gesprek. Dat staat in de wet. "
        "Bel ons vóór {uiterlijk}. Ons telefoonnummer is {telefoon}.\n\n"
        "Reageert u niet vóór {uiterlijk}? Dan kunt u een boete krijgen. "
        "En dan maakt de gemeente uw plan zonder u.\n\n"
        "Had u een goede reden? Was u bijvoorbeeld ziek? Vertel het ons dan. Wij helpen u graag.",
        "slot": "Met vriendelijke groet,",
    },
}

# The summary in the statushouder's language: the same languages as the beschikking (kies_taal: English when
# none of the statushouder's languages is one of them). Dates, times, places and numbers stay as in the letter.
SAMENVATTINGEN = {
    "en": {
        "kop": "Summary in English",
        "let_op": "This is a short summary. The Dutch letter is the official text.",
        Soort.UITNODIGING_INTAKE: "The municipality invites you to a conversation about your civic integration "
        "(the broad intake). Date: {datum}. Time: {tijd}. Place: {plaats}. The conversation is compulsory. "
        "Can you not come? Call {telefoon}.",
        Soort.UITNODIGING_VOORTGANGSGESPREK: "The municipality invites you to a conversation about your plan (PIP) "
        "and your lessons. Date: {datum}. Time: {tijd}. Place: {plaats}. The conversation is compulsory. "
        "Can you not come? Call {telefoon}.",
        Soort.HERINNERING: "Reminder: you did not come to the conversation about your civic integration, or you "
        "did not answer. The conversation is compulsory. Call {telefoon} before {uiterlijk} to make a new "
        "appointment.",
        Soort.WAARSCHUWING: "Warning: you did not answer our invitation and our reminder. You must take part in "
        "the conversation; this is the law. Call {telefoon} before {uiterlijk}. If you do not, you can get a fine.",
    },
    "ar": {
        "kop": "ملخص باللغة العربية",
        "let_op": "هذا ملخص قصير. الرسالة الهولندية هي النص الرسمي.",
        Soort.UITNODIGING_INTAKE: "تدعوك البلدية إلى محادثة عن اندماجك (المقابلة الشاملة). التاريخ: {datum}. "
        "الوقت: {tijd}. المكان: {plaats}. هذه المحادثة إلزامية. إذا لم تستطع الحضور، اتصل بالرقم {telefoon}.",
        Soort.UITNODIGING_VOORTGANGSGESPREK: "تدعوك البلدية إلى محادثة عن خطتك (PIP) ودروسك. التاريخ: {datum}. "
        "الوقت: {tijd}. المكان: {plaats}. هذه المحادثة إلزامية. إذا لم تستطع الحضور، اتصل بالرقم {telefoon}.",
        Soort.HERINNERING: "تذكير: لم تحضر المحادثة عن اندماجك، أو لم ترد علينا. هذه المحادثة إلزامية. "
        "اتصل بالرقم {telefoon} قبل {uiterlijk} لتحديد موعد جديد.",
        Soort.WAARSCHUWING: "تحذير: لم ترد على دعوتنا ولا على التذكير. يجب عليك المشاركة في المحادثة، وهذا ما "
        "ينص عليه القانون. اتصل بالرقم {telefoon} قبل {uiterlijk}. إذا لم تفعل ذلك، فقد تحصل على غرامة.",
    },
    "ti": {
        "kop": "ጽማቕ ብትግርኛ",
        "let_op": "እዚ ሓጺር ጽማቕ እዩ። እቲ ብቋንቋ ሆላንድ ዝተጻሕፈ ደብዳበ እዩ ወግዓዊ።",
        Soort.UITNODIGING_INTAKE: "ምምሕዳር ከተማ ብዛዕባ ምውህሃድኩም ንዝግበር ዝርርብ ይዕድመኩም። ዕለት: {datum}። "
        "ሰዓት: {tijd}። ቦታ: {plaats}። እዚ ዝርርብ ግዴታ እዩ። ክትመጹ እንተ ዘይከኣልኩም፣ ናብ {telefoon} ደውሉ።",
        Soort.UITNODIGING_VOORTGANGSGESPREK: "ምምሕዳር ከተማ ብዛዕባ ትልምኹም (PIP)ን ትምህርትኹምን ንዝግበር ዝርርብ "
        "ይዕድመኩም። ዕለት: {datum}። ሰዓት: {tijd}። ቦታ: {plaats}። እዚ ዝርርብ ግዴታ እዩ። ክትመጹ እንተ ዘይከኣልኩም፣ "
        "ናብ {telefoon} ደውሉ።",
        Soort.HERINNERING: "መዘኻኸሪ: ናብቲ ብዛዕባ ምውህሃድኩም ዝነበረ ዝርርብ ኣይመጻእኩምን ወይ መልሲ ኣይሃብኩምን። "
        "እዚ ዝርርብ ግዴታ እዩ። ሓድሽ ቆጸራ ንምሓዝ ቅድሚ {uiterlijk} ናብ {telefoon} ደውሉ።",
        Soort.WAARSCHUWING: "መጠንቀቕታ: ንዕድመናን መዘኻኸሪናን መልሲ ኣይሃብኩምን። ኣብቲ ዝርርብ ክትሳተፉ ኣለኩም፣ "
        "እዚ ሕጊ እዩ። ቅድሚ {uiterlijk} ናብ {telefoon} ደውሉ። እንተ ዘይደወልኩም፣ መቕጻዕቲ ገንዘብ ክወሃበኩም ይኽእል።",
    },
}

MAANDEN = "januari februari maart april mei juni juli augustus september oktober november december".split()
DAGEN = "maandag dinsdag woensdag donderdag vrijdag zaterdag zondag".split()


def datum_voluit(d: date | None) -> str:
    """ "dinsdag 1 december 2026": the weekday helps the reader (A2)."""
    return f"{DAGEN[d.weekday()]} {d.day} {MAANDEN[d.month - 1]} {d.year}" if d else ""


def taalnaam(code: str) -> str:
    """The Dutch name of an ISO 639 language ("ar" -> "Arabisch")."""
    if not code:
        return ""
    taal = pycountry.languages.get(alpha_2=code) if len(code) == 2 else pycountry.languages.get(alpha_3=code)
    if taal is None:
        return code
    vertaling = gettext_module.translation("iso639-3", pycountry.LOCALES_DIR, languages=["nl"], fallback=True)
    return vertaling.gettext(taal.name)


def onbekende_plaatshouders(tekst: str) -> list[str]:
    """The {names} in a text that are not placeholders (a beheerder's typo); raises ValueError on a lone brace."""
    namen = [veld for _, veld, _, _ in string.Formatter().parse(tekst) if veld is not None]
    return sorted({n for n in namen if n not in PLAATSHOUDERS})


class _Waarden(dict):
    def __missing__(self, sleutel):
        return "{" + sleutel + "}"


def vul_in(tekst: str, waarden: dict) -> str:
    try:
        return tekst.format_map(_Waarden(waarden))
    except (ValueError, IndexError, AttributeError):
        return tekst


def sjabloon(soort: str) -> BriefSjabloon:
    """The beheerder's texts; the defaults when the row is missing (a flushed test database)."""
    gevonden = BriefSjabloon.objects.filter(soort=soort).first()
    return gevonden or BriefSjabloon(soort=soort, **STANDAARD[soort])


def plaats_van(afspraak) -> str:
    soort = afspraak.get_plaats_soort_display()
    return f"{afspraak.plaats} ({soort})" if afspraak.plaats else str(soort)


def tolk_van(afspraak) -> str:
    if not afspraak.tolk_nodig:
        return "nee"
    delen = [p for p in (taalnaam(afspraak.tolk_taal), afspraak.get_tolk_wijze_display()) if p]
    return "ja" + (f", {', '.join(str(p) for p in delen)}" if delen else "")


def waarden(statushouder, consulent, *, afspraak=None, uiterlijk: date | None = None) -> dict:
    gemeente = statushouder.gemeente
    naam = f"{statushouder.voornamen} {statushouder.achternaam}".strip()
    w = {
        "naam": naam,
        "consulent": (consulent.get_full_name() or consulent.get_username()) if consulent else "",
        "telefoon": gemeente.telefoon,
        "gemeente": gemeente.naam,
        "datum": "",
        "tijd": "",
        "plaats": "",
        "tolk": "",
        "uiterlijk": datum_voluit(uiterlijk),
    }
    if not gemeente.telefoon:
        w["telefoon"] = f"het telefoonnummer van de gemeente {gemeente.naam}"
    if afspraak is not None:
        w.update(
            datum=datum_voluit(afspraak.datum),
            tijd=f"{afspraak.begintijd:%H:%M} tot {afspraak.eindtijd:%H:%M} uur",
            plaats=str(plaats_van(afspraak)),
            tolk=str(tolk_van(afspraak)),
        )
    return w


def _isoleer(w: dict, richting: str) -> dict:
    """Dutch names, dates and numbers as left-to-right isolates inside right-to-left text."""
    return {k: f"\u2066{v}\u2069" for k, v in w.items()} if richting == "rtl" else w


def inhoud(
    soort: str, statushouder, consulent, *, afspraak=None, uiterlijk=None, dagtekening: date, kenmerk=""
) -> dict:
    """Everything the letter shows (the preview on screen and the PDF); Dutch whatever the interface language."""
    with translation.override("nl"):
        return _inhoud(soort, statushouder, consulent, afspraak, uiterlijk, dagtekening, kenmerk)


def _inhoud(soort, statushouder, consulent, afspraak, uiterlijk, dagtekening, kenmerk) -> dict:
    tekst = sjabloon(soort)
    w = waarden(statushouder, consulent, afspraak=afspraak, uiterlijk=uiterlijk)
    # the summary in another language: dates in digits, the time as a range, the place without Dutch words
    w_samenvatting = {**w, "uiterlijk": f"{uiterlijk:%d-%m-%Y}" if uiterlijk else ""}
    if afspraak is not None:
        w_samenvatting.update(
            datum=f"{afspraak.datum:%d-%m-%Y}",
            tijd=f"{afspraak.begintijd:%H:%M}–{afspraak.eindtijd:%H:%M}",
            plaats=afspraak.plaats or str(afspraak.get_plaats_soort_display()),
        )
    taal = kies_taal(statushouder.talen)
    samenvatting = SAMENVATTINGEN[taal.code]
    gemeente = statushouder.gemeente
    return {
        "soort": soort,
        "soort_label": str(Soort(soort).label),
        "gemeente": gemeente,
        "briefhoofd": briefhoofd(gemeente),
        "statushouder": statushouder,
        "naam": w["naam"],
        "adres": adresregels(statushouder),
        "dagtekening": dagtekening,
        "dagtekening_voluit": f"{dagtekening.day} {MAANDEN[dagtekening.month - 1]} {dagtekening.year}",
        "kenmerk": kenmerk,
        "onderwerp": vul_in(tekst.onderwerp, w),
        "aanhef": vul_in(tekst.aanhef, w),
        "alineas": [a.strip() for a in vul_in(tekst.kern, w).replace("\r\n", "\n").split("\n\n") if a.strip()],
        "slot": vul_in(tekst.slot, w),
        "consulent": w["consulent"],
        "telefoon": gemeente.telefoon,
        "taal": taal,
        "samenvatting": {
            "kop": samenvatting["kop"],
            "let_op": samenvatting["let_op"],
            "tekst": vul_in(samenvatting[soort], _isoleer(w_samenvatting, taal.richting)),
        },
    }


def render_html(context: dict) -> str:
    with translation.override("nl"):
        return render_to_string("pdf/brief.html", context)


def render_pdf(context: dict) -> bytes:
    return html_naar_pdf(render_html(context))
