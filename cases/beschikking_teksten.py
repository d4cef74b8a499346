"""The fixed texts of the summary page of the PIP beschikking, in Dutch and in the statushouder's
language, so that the newcomer understands the steps. Variable data (names, dates, the route) is
filled in with str.format and stays in Dutch and digits.

TRANSLATIONS NEED REVIEW: the English, Arabic and Tigrinya texts were written by the developers in
simple language and have NOT been checked by a certified (beëdigd) translator. Have them reviewed
before production use. The Dutch beschikking itself is the legally binding text; the summary says so.
"""

from __future__ import annotations

from dataclasses import dataclass

# The order of the sections on the summary page.
SECTIES = ("plan", "route", "gemeente", "u", "termijn", "bezwaar")


@dataclass(frozen=True)
class Taal:
    code: str  # the lang attribute
    naam: str  # the language's name in Dutch, for the heading of the translated part
    richting: str  # ltr or rtl
    lettertype: str  # CSS font-family of the translated part
    teksten: dict


NL = {
    "titel": "Samenvatting van uw Plan Inburgering en Participatie (PIP)",
    "intro": "Dit is een korte uitleg van het besluit van de gemeente {gemeente}. "
    "De Nederlandse tekst van het besluit is de officiële tekst.",
    "plan_kop": "Wat is het plan?",
    "plan": "In het PIP staat wat u gaat doen om Nederlands te leren en mee te doen in Nederland. "
    "U heeft dit plan samen met de gemeente gemaakt. De gemeente heeft het plan vastgesteld op {dagtekening}.",
    "route_kop": "Uw leerroute",
    "route": "Uw leerroute is: {route}. Uw taalaanbieder is: {aanbieder}. In uw plan staan ook de onderdelen "
    "die u moet doen, zoals lessen over de Nederlandse maatschappij (KNM) en het participatieverklaringstraject (PVT).",
    "gemeente_kop": "Wat doet de gemeente?",
    "gemeente": "De gemeente betaalt uw lessen bij de taalaanbieder. Uw consulent helpt u, praat regelmatig met u "
    "over hoe het gaat en past het plan aan als dat nodig is.",
    "u_kop": "Wat moet u doen?",
    "u": "Ga naar alle lessen en afspraken. Bent u ziek of kunt u niet komen? Meld dat dan op tijd bij uw "
    "taalaanbieder. Doe de acties die in uw plan bij u staan, vóór de datum die erbij staat. Verandert er iets in "
    "uw leven, bijvoorbeeld een verhuizing? Vertel het aan uw consulent.",
    "termijn_kop": "Hoeveel tijd heeft u?",
    "termijn": "Uw inburgeringstermijn begint op {start} en eindigt op {einde}. Vóór die datum moet u klaar zijn "
    "met uw inburgering. DUO controleert dat.",
    "bezwaar_kop": "Bent u het niet eens met het besluit?",
    "bezwaar": "Dan kunt u bezwaar maken. Stuur binnen 6 weken na {dagtekening} een brief aan het college van "
    "burgemeester en wethouders van {gemeente}. Schrijf in de brief uw naam, uw adres, de datum, over welk besluit "
    "het gaat en waarom u het er niet mee eens bent. Zet uw handtekening onder de brief. Wilt u hulp? Vraag het "
    "aan uw consulent.",
}

EN = {
    "titel": "Summary of your Civic Integration and Participation Plan (PIP)",
    "intro": "This is a short explanation of the decision of the municipality of {gemeente}. "
    "The Dutch text of the decision is the official text.",
    "plan_kop": "What is the plan?",
    "plan": "The PIP says what you will do to learn Dutch and to take part in society in the Netherlands. "
    "You made this plan together with the municipality. The municipality adopted the plan on {dagtekening}.",
    "route_kop": "Your learning route",
    "route": "Your learning route is: {route}. Your language school is: {aanbieder}. Your plan also lists the "
    "parts you must complete, such as lessons about Dutch society (KNM) and the participation statement "
    "programme (PVT).",
    "gemeente_kop": "What does the municipality do?",
    "gemeente": "The municipality pays for your lessons at the language school. Your consultant helps you, talks "
    "with you regularly about how things are going and changes the plan when needed.",
    "u_kop": "What must you do?",
    "u": "Go to all lessons and appointments. Are you ill or can you not come? Tell your language school in time. "
    "Do the actions that your plan gives to you, before the date next to them. Does something change in your "
    "life, for example a move to another house? Tell your consultant.",
    "termijn_kop": "How much time do you have?",
    "termijn": "Your integration period starts on {start} and ends on {einde}. You must finish your civic "
    "integration before that date. DUO checks this.",
    "bezwaar_kop": "Do you disagree with the decision?",
    "bezwaar": "Then you can object. Within 6 weeks after {dagtekening}, send a letter to the college van "
    "burgemeester en wethouders (the mayor and aldermen) of {gemeente}. Write in the letter your name, your "
    "address, the date, which decision it is about and why you disagree. Sign the letter. Do you need help? "
    "Ask your consultant.",
}

AR = {
    "titel": "ملخص خطة الاندماج والمشاركة الخاصة بك",
    "intro": "هذا شرح قصير لقرار بلدية {gemeente}. النص الهولندي للقرار هو النص الرسمي.",
    "plan_kop": "ما هي الخطة؟",
    "plan": "في خطة الاندماج والمشاركة (PIP) مكتوب ما ستفعله لتتعلم اللغة الهولندية وتشارك في المجتمع في هولندا. "
    "لقد وضعت هذه الخطة مع البلدية. واعتمدت البلدية الخطة بتاريخ {dagtekening}.",
    "route_kop": "مسارك التعليمي",
    "route": "مسارك التعليمي هو: {route}. مدرسة اللغة الخاصة بك هي: {aanbieder}. في خطتك أيضاً الأجزاء التي يجب "
    "أن تقوم بها، مثل دروس عن المجتمع الهولندي (KNM) وبرنامج إعلان المشاركة (PVT).",
    "gemeente_kop": "ماذا تفعل البلدية؟",
    "gemeente": "تدفع البلدية تكاليف دروسك في مدرسة اللغة. المرشد الخاص بك يساعدك، ويتحدث معك بانتظام عن تقدمك، "
    "ويعدّل الخطة عند الحاجة.",
    "u_kop": "ماذا يجب عليك أن تفعل؟",
    "u": "احضر جميع الدروس والمواعيد. إذا كنت مريضاً أو لا تستطيع الحضور، أخبر مدرسة اللغة في الوقت المناسب. "
    "قم بالمهام المكتوبة لك في خطتك قبل التاريخ المذكور بجانبها. إذا تغيّر شيء في حياتك، مثل الانتقال إلى بيت آخر، "
    "أخبر المرشد الخاص بك.",
    "termijn_kop": "كم من الوقت لديك؟",
    "termijn": "تبدأ مدة الاندماج الخاصة بك في {start} وتنتهي في {einde}. يجب أن تنهي الاندماج قبل هذا التاريخ. "
    "مؤسسة DUO تتحقق من ذلك.",
    "bezwaar_kop": "هل أنت غير موافق على القرار؟",
    "bezwaar": "يمكنك تقديم اعتراض. أرسل رسالة خلال 6 أسابيع بعد {dagtekening} إلى رئيس البلدية والمستشارين "
    "(college van burgemeester en wethouders) في {gemeente}. اكتب في الرسالة اسمك وعنوانك والتاريخ، وعن أي قرار "
    "تتحدث، ولماذا أنت غير موافق عليه. ضع توقيعك تحت الرسالة. هل تحتاج إلى مساعدة؟ اسأل المرشد الخاص بك.",
}

TI = {
    "titel": "ጽማቕ ትልሚ ምውህሃድን ተሳትፎን ናትኩም",
    "intro": "እዚ ሓጺር መብርሂ ናይቲ ውሳነ ምምሕዳር ከተማ {gemeente} እዩ። እቲ ብቋንቋ ሆላንድ ዝተጻሕፈ ጽሑፍ እዩ ወግዓዊ።",
    "plan_kop": "እቲ ትልሚ እንታይ እዩ?",
    "plan": "ኣብቲ ትልሚ (PIP) ቋንቋ ሆላንድ ንምምሃርን ኣብ ሕብረተሰብ ሆላንድ ንምስታፍን እንታይ ከም እትገብሩ ተጻሒፉ ኣሎ። "
    "ነዚ ትልሚ ምስ ምምሕዳር ከተማ ብሓባር ኢኹም ሰሪሕኩምዎ። ምምሕዳር ከተማ ነቲ ትልሚ ብ {dagtekening} ኣጽዲቑዎ።",
    "route_kop": "መስመር ትምህርትኹም",
    "route": "መስመር ትምህርትኹም {route} እዩ። ቋንቋ እትመሃሩሉ ቤት ትምህርቲ {aanbieder} እዩ። ኣብ ትልምኹም ክትገብርዎም "
    "ዘለኩም ክፋላት እውን ተጻሒፎም ኣለዉ፣ ከም ትምህርቲ ብዛዕባ ሕብረተሰብ ሆላንድ (KNM)ን መደብ ኣዋጅ ተሳትፎ (PVT)ን።",
    "gemeente_kop": "ምምሕዳር ከተማ እንታይ ይገብር?",
    "gemeente": "ምምሕዳር ከተማ ክፍሊት ትምህርትኹም ኣብቲ ቤት ትምህርቲ ቋንቋ ይኸፍል። ኣማኻሪኹም ይሕግዘኩም፣ ብዛዕባ ከመይ ከም "
    "ዝኸደ ብቐጻሊ ምሳኹም ይዛረብ፣ እንተ ኣድልዩ ድማ ነቲ ትልሚ ይቕይሮ።",
    "u_kop": "ንስኹም እንታይ ክትገብሩ ኣለኩም?",
    "u": "ኣብ ኩሉ ትምህርትን ቆጸራን ተረኸቡ። እንተ ሓሚምኩም ወይ ክትመጹ እንተ ዘይከኣልኩም፣ ብእዋኑ ንቤት ትምህርቲ ቋንቋ ሓብሩ። "
    "ኣብ ትልምኹም ንዓኹም ዝተዋህቡ ስራሓት ቅድሚ እቲ ዝተጻሕፈ ዕለት ፈጽምዎም። ኣብ ህይወትኩም ገለ ነገር እንተ ተቐየረ፣ "
    "ንኣብነት ገዛ እንተ ቀየርኩም፣ ንኣማኻሪኹም ንገርዎ።",
    "termijn_kop": "ክንደይ ግዜ ኣለኩም?",
    "termijn": "ግዜ ምውህሃድኩም ብ {start} ይጅምር፣ ብ {einde} ድማ ይውዳእ። ቅድሚ እዚ ዕለት ምውህሃድኩም ክትውድኡ ኣለኩም። DUO ነዚ ይቆጻጸሮ።",
    "bezwaar_kop": "በቲ ውሳነ እንተ ዘይተሰማማዕኩም?",
    "bezwaar": "ተቓውሞ ከተቕርቡ ትኽእሉ ኢኹም። ኣብ ውሽጢ 6 ሰሙን ድሕሪ {dagtekening} ናብ ከንቲባን ኣማሓደርትን "
    "(college van burgemeester en wethouders) ናይ {gemeente} ደብዳበ ስደዱ። ኣብቲ ደብዳበ ስምኩም፣ ኣድራሻኹም፣ ዕለት፣ "
    "ብዛዕባ ኣየናይ ውሳነ ምዃኑን ስለምንታይ ከም ዘይተሰማማዕኩምን ጽሓፉ። ኣብ ትሕቲ እቲ ደብዳበ ፈርሙ። ሓገዝ ትደልዩ ዶ? "
    "ንኣማኻሪኹም ሕተቱ።",
}

TALEN = {
    "en": Taal("en", "Engels", "ltr", "'Noto Sans', 'DejaVu Sans', sans-serif", EN),
    "ar": Taal("ar", "Arabisch", "rtl", "'Noto Naskh Arabic', serif", AR),
    "ti": Taal("ti", "Tigrinya", "ltr", "'Noto Sans Ethiopic', sans-serif", TI),
}

# ISO 639-2/3 codes (and close relatives) mapped to the texts we have.
ALIASSEN = {"eng": "en", "ara": "ar", "apc": "ar", "ajp": "ar", "arz": "ar", "tir": "ti"}

STANDAARD = "en"


def kies_taal(talen) -> Taal:
    """The first of the statushouder's languages that we have texts for; English otherwise."""
    for code in talen or []:
        code = ALIASSEN.get(code.lower(), code.lower())
        if code in TALEN:
            return TALEN[code]
    return TALEN[STANDAARD]


def secties(teksten: dict, waarden: dict) -> list[dict]:
    """The summary as (kop, tekst) pairs with the variable data filled in."""
    return [{"kop": teksten[f"{s}_kop"], "tekst": teksten[s].format(**waarden)} for s in SECTIES]
