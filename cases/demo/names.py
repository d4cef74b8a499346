"""Names and languages for synthetic statushouders, by nationality of recent asylum inflow, and names for
synthetic staff. Nothing here refers to a real person."""

from __future__ import annotations

from dataclasses import dataclass

_ARABISCH_M = [
    "Mohammed", "Ahmad", "Omar", "Khaled", "Yousef", "Ali", "Hassan", "Mahmoud", "Ibrahim", "Mustafa",
    "Abdullah", "Samer", "Fadi", "Rami", "Bilal", "Hamza", "Tarek", "Walid", "Amjad", "Nizar",
]  # fmt: skip
_ARABISCH_V = [
    "Fatima", "Rania", "Lina", "Aya", "Nour", "Hiba", "Rasha", "Mariam", "Amal", "Reem",
    "Dima", "Yasmin", "Salma", "Huda", "Layla", "Sara", "Ghada", "Rawan", "Asmaa", "Nada",
]  # fmt: skip
_ARABISCH_ACHTER = [
    "Al-Hassan", "Al-Ahmad", "Haddad", "Khalil", "Al-Khatib", "Darwish", "Hamdan", "Al-Masri", "Saleh",
    "Mansour", "Al-Hussein", "Othman", "Kanaan", "Najjar", "Sabbagh", "Al-Ali", "Hamoud", "Youssef", "Issa",
    "Barakat",
]  # fmt: skip
_HABESHA_M = [
    "Yonas", "Tesfay", "Mehari", "Dawit", "Filmon", "Semere", "Robel", "Habtom", "Kibrom", "Berhane",
    "Goitom", "Samuel", "Natnael", "Merhawi", "Yohannes", "Aron",
]  # fmt: skip
_HABESHA_V = [
    "Semhar", "Helen", "Senait", "Luwam", "Rahwa", "Feven", "Selam", "Yordanos", "Winta", "Hiwet", "Saba",
    "Ruta", "Mebrat", "Tsega",
]  # fmt: skip
_HABESHA_ACHTER = [
    "Tesfamariam", "Haile", "Kidane", "Gebremedhin", "Tekle", "Ghebreyesus", "Weldemichael", "Berhe",
    "Asmerom", "Mengesteab", "Habte", "Tesfay", "Gebru", "Abraha", "Okbazghi",
]  # fmt: skip
_TURKS_M = [
    "Mehmet", "Mustafa", "Ahmet", "Emre", "Burak", "Hasan", "Hüseyin", "Murat", "Osman", "Yusuf", "Kemal",
    "Serkan", "Fatih",
]  # fmt: skip
_TURKS_V = ["Ayşe", "Fatma", "Zeynep", "Elif", "Emine", "Hatice", "Merve", "Büşra", "Esra", "Özlem", "Gülsüm", "Sevgi"]
_TURKS_ACHTER = [
    "Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Aydın", "Öztürk", "Arslan", "Doğan", "Kılıç",
    "Aslan", "Çetin", "Kara", "Koç",
]  # fmt: skip
_AFGHAANS_M = [
    "Ahmad", "Mohammad", "Abdul", "Farid", "Hamid", "Javid", "Mustafa", "Naveed", "Rahmat", "Sayed",
    "Zabihullah", "Wahid", "Nasir", "Elias",
]  # fmt: skip
_AFGHAANS_V = [
    "Fatima", "Zahra", "Maryam", "Shabnam", "Parisa", "Nilofar", "Mursal", "Hosai", "Freshta", "Mahbooba",
    "Laila", "Nargis",
]  # fmt: skip
_AFGHAANS_ACHTER = [
    "Ahmadi", "Rahimi", "Hashimi", "Karimi", "Noori", "Sultani", "Amiri", "Haidari", "Popal", "Safi",
    "Stanikzai", "Wardak", "Mohammadi", "Azizi",
]  # fmt: skip
_IRAANS_M = ["Reza", "Ali", "Amir", "Mehdi", "Hossein", "Saeed", "Babak", "Kaveh", "Arash", "Dariush"]
_IRAANS_V = ["Maryam", "Zahra", "Shirin", "Nasrin", "Leila", "Parisa", "Mina", "Sara", "Neda", "Azadeh"]
_IRAANS_ACHTER = ["Hosseini", "Rezaei", "Mohammadi", "Karimi", "Jafari", "Moradi", "Rahimi", "Sadeghi", "Kazemi"]
_SOMALISCH_M = ["Abdi", "Mohamed", "Ahmed", "Abdirahman", "Hassan", "Omar", "Yusuf", "Abdullahi", "Ismail", "Farah"]
_SOMALISCH_V = ["Hodan", "Fadumo", "Amina", "Hawa", "Sahra", "Ifrah", "Asha", "Deeqa", "Ubah", "Nimco"]
_SOMALISCH_ACHTER = ["Mohamed", "Ali", "Hassan", "Abdi", "Warsame", "Farah", "Jama", "Osman", "Yusuf", "Nur"]
_OEKRAIENS_M = ["Oleksandr", "Andriy", "Dmytro", "Serhiy", "Mykola", "Ivan", "Yuriy", "Vasyl", "Taras", "Bohdan"]
_OEKRAIENS_V = ["Olena", "Iryna", "Nataliya", "Oksana", "Tetiana", "Kateryna", "Yulia", "Svitlana", "Anna", "Viktoriya"]
_OEKRAIENS_ACHTER = [
    "Shevchenko", "Kovalenko", "Bondarenko", "Tkachenko", "Kravchenko", "Melnyk", "Boyko", "Oliynyk", "Lysenko",
    "Marchenko",
]  # fmt: skip


@dataclass(frozen=True)
class Nationaliteit:
    code: str  # ISO 3166-1 alpha-3
    gewicht: int  # share of the synthetic inflow
    talen: tuple[tuple[str, int], ...]  # (ISO 639 code, weight) of the first language
    mannen: list[str]
    vrouwen: list[str]
    achternamen: list[str]
    doelgroep: str = ""  # forced doelgroep, e.g. gezinsmigrant for Ukrainians (temporary protection is no asylum)


# Weights loosely follow the asylum permits of 2022–2024 (Syria first, then Turkey, Eritrea, Afghanistan,
# Yemen...). Ukrainians under the temporary-protection directive are not inburgeringsplichtig; the few here
# are gezinsmigranten (e.g. married to a resident), who are.
NATIONALITEITEN = [
    Nationaliteit("SYR", 32, (("ar", 85), ("kmr", 15)), _ARABISCH_M, _ARABISCH_V, _ARABISCH_ACHTER),
    Nationaliteit("TUR", 12, (("tr", 85), ("kmr", 15)), _TURKS_M, _TURKS_V, _TURKS_ACHTER),
    Nationaliteit("ERI", 12, (("ti", 100),), _HABESHA_M, _HABESHA_V, _HABESHA_ACHTER),
    Nationaliteit("AFG", 10, (("prs", 70), ("ps", 30)), _AFGHAANS_M, _AFGHAANS_V, _AFGHAANS_ACHTER),
    Nationaliteit("YEM", 6, (("ar", 100),), _ARABISCH_M, _ARABISCH_V, _ARABISCH_ACHTER),
    Nationaliteit("IRQ", 4, (("ar", 70), ("ckb", 30)), _ARABISCH_M, _ARABISCH_V, _ARABISCH_ACHTER),
    Nationaliteit("IRN", 4, (("fa", 100),), _IRAANS_M, _IRAANS_V, _IRAANS_ACHTER),
    Nationaliteit("SOM", 4, (("so", 100),), _SOMALISCH_M, _SOMALISCH_V, _SOMALISCH_ACHTER),
    Nationaliteit("SDN", 3, (("ar", 100),), _ARABISCH_M, _ARABISCH_V, _ARABISCH_ACHTER),
    Nationaliteit("ETH", 2, (("am", 70), ("ti", 30)), _HABESHA_M, _HABESHA_V, _HABESHA_ACHTER),
    Nationaliteit(
        "UKR", 2, (("uk", 80), ("ru", 20)), _OEKRAIENS_M, _OEKRAIENS_V, _OEKRAIENS_ACHTER, doelgroep="gezinsmigrant"
    ),
]

# Languages many newcomers speak besides the first one.
TWEEDE_TALEN = {"ar": "en", "kmr": "ar", "ckb": "ar", "tr": "en", "ti": "am", "prs": "fa", "ps": "prs", "fa": "en"}

STAF_VOORNAMEN = [
    "Anouk", "Sanne", "Lotte", "Eva", "Femke", "Mark", "Jeroen", "Bas", "Thijs", "Ruben", "Marieke", "Ingrid",
    "Hanneke", "Kees", "Erik", "Joost", "Linda", "Esther", "Ilse", "Wouter", "Sophie", "Daan", "Noor", "Samira",
    "Yusuf", "Meryem", "Tim", "Judith",
]  # fmt: skip
STAF_ACHTERNAMEN = [
    "de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos",
    "Peters", "Hendriks", "van Dijk", "Wissink", "Hulshof", "te Winkel", "Roerdink", "Klein Gunnewiek", "Nijhof",
    "ter Horst", "Bruggink", "Wolbrink", "El Amrani", "Yıldırım", "Tesfaye",
]  # fmt: skip

AZCS = [
    "AZC Ter Apel", "AZC Budel", "AZC Zwolle", "AZC Arnhem", "AZC Winterswijk", "AZC Zutphen", "AZC Musselkanaal",
    "AZC Apeldoorn", "AZC Dronten", "AZC Almere", "AZC Gilze", "AZC Den Helder",
]  # fmt: skip
