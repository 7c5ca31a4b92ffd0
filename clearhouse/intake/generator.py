"""Realistic demo and load-test orders from Germany, Austria and Switzerland.

Names, streets and postal code/city pairs are real, phone numbers follow the national
numbering plans (national and +CC formats), people are invented and e-mail addresses use
the reserved ``example.*`` domains, so a demo system never mails a real person. Invalid
orders carry exactly one defect of a kind the campaign rules must catch; every generated
dict still passes ``parse_order_dict``.
"""

import datetime
import random

VALID = "valid"
INVALID_KINDS = (
    "invalid_phone",
    "missing_size",
    "invalid_zip",
    "missing_house_number",
    "points_exceeded",
    "packstation",
    "unknown_sku",
)

_SIZES = ("S", "M", "L", "XL", "XXL")

# The premiums of the demo campaign "Prämienaktion Herbst 2026": (sku, name, points, sizes).
DEMO_CATALOGUE = (
    ("PR-TSHIRT", "T-Shirt", 300, _SIZES),
    ("PR-HOODIE", "Kapuzenpullover", 800, _SIZES),
    ("PR-JACKET", "Softshelljacke", 1500, _SIZES),
    ("PR-SOCKS", "Sportsocken", 120, ("S", "M", "L", "XL")),
    ("PR-CAP", "Baseballkappe", 150, ()),
    ("PR-MUG", "Kaffeebecher", 100, ()),
    ("PR-TOWEL", "Badetuch", 250, ()),
    ("PR-UMBRELLA", "Regenschirm", 400, ()),
    ("PR-BAG", "Sporttasche", 350, ()),
    ("PR-BOTTLE", "Trinkflasche", 200, ()),
)

_UNKNOWN_SKUS = ("PR-GOLFBALL", "PR-BLANKET", "PR-POWERBANK", "PR-SCARF", "PR-THERMOS")

# (postal code, city, area code without trunk prefix, streets in that postal district)
_PLACES = {
    "DE": (
        ("10115", "Berlin", "30", ("Invalidenstraße", "Chausseestraße", "Bergstraße")),
        ("20095", "Hamburg", "40", ("Mönckebergstraße", "Spitalerstraße", "Steinstraße")),
        ("80331", "München", "89", ("Sendlinger Straße", "Kaufingerstraße", "Rosenstraße")),
        ("50667", "Köln", "221", ("Hohe Straße", "Schildergasse", "Breite Straße")),
        ("60311", "Frankfurt am Main", "69", ("Töngesgasse", "Fahrgasse", "Berliner Straße")),
        ("70173", "Stuttgart", "711", ("Königstraße", "Calwer Straße", "Marktstraße")),
        ("04109", "Leipzig", "341", ("Grimmaische Straße", "Petersstraße", "Hainstraße")),
        ("01067", "Dresden", "351", ("Wilsdruffer Straße", "Ostra-Allee", "Wallstraße")),
        ("40213", "Düsseldorf", "211", ("Bolkerstraße", "Flinger Straße", "Mühlenstraße")),
        ("30159", "Hannover", "511", ("Georgstraße", "Karmarschstraße", "Osterstraße")),
        ("90402", "Nürnberg", "911", ("Königstraße", "Karolinenstraße", "Breite Gasse")),
        ("28195", "Bremen", "421", ("Obernstraße", "Sögestraße", "Am Wall")),
        ("69117", "Heidelberg", "6221", ("Hauptstraße", "Plöck", "Untere Straße")),
        ("79098", "Freiburg im Breisgau", "761", ("Bertoldstraße", "Salzstraße")),
        ("93047", "Regensburg", "941", ("Maximilianstraße", "Gesandtenstraße")),
        ("24103", "Kiel", "431", ("Holstenstraße", "Dänische Straße", "Schloßstraße")),
        ("99084", "Erfurt", "361", ("Anger", "Marktstraße", "Schlösserstraße")),
        ("48143", "Münster", "251", ("Prinzipalmarkt", "Ludgeristraße", "Salzstraße")),
    ),
    "AT": (
        ("1010", "Wien", "1", ("Kärntner Straße", "Rotenturmstraße", "Wollzeile")),
        ("1070", "Wien", "1", ("Mariahilfer Straße", "Neubaugasse", "Zieglergasse")),
        ("8010", "Graz", "316", ("Herrengasse", "Sackstraße", "Schmiedgasse")),
        ("4020", "Linz", "732", ("Landstraße", "Herrenstraße", "Promenade")),
        ("5020", "Salzburg", "662", ("Getreidegasse", "Linzer Gasse", "Griesgasse")),
        ("6020", "Innsbruck", "512", ("Maria-Theresien-Straße", "Museumstraße", "Anichstraße")),
        ("9020", "Klagenfurt am Wörthersee", "463", ("Alter Platz", "Kramergasse")),
        ("3100", "St. Pölten", "2742", ("Kremser Gasse", "Wiener Straße")),
        ("6900", "Bregenz", "5574", ("Kaiserstraße", "Rathausstraße")),
    ),
    "CH": (
        ("8001", "Zürich", "44", ("Bahnhofstrasse", "Rennweg", "Limmatquai")),
        ("3011", "Bern", "31", ("Kramgasse", "Marktgasse", "Spitalgasse")),
        ("4051", "Basel", "61", ("Steinenvorstadt", "Elisabethenstrasse", "Aeschenvorstadt")),
        ("6003", "Luzern", "41", ("Pilatusstrasse", "Hirschengraben")),
        ("9000", "St. Gallen", "71", ("Multergasse", "Marktgasse", "Rosenbergstrasse")),
        ("8400", "Winterthur", "52", ("Marktgasse", "Stadthausstrasse", "Technikumstrasse")),
        ("5000", "Aarau", "62", ("Bahnhofstrasse", "Rathausgasse", "Laurenzenvorstadt")),
        ("7000", "Chur", "81", ("Bahnhofstrasse", "Poststrasse", "Reichsgasse")),
    ),
}
_COUNTRY_WEIGHTS = (("DE", 6), ("AT", 2), ("CH", 2))
_CALLING_CODES = {"DE": "49", "AT": "43", "CH": "41"}
_MOBILE_PREFIXES = {
    "DE": ("151", "152", "157", "160", "162", "170", "171", "172", "175", "176", "178"),
    "AT": ("650", "660", "664", "676", "680", "699"),
    "CH": ("76", "77", "78", "79"),
}

# fmt: off
_FIRSTNAMES = {
    "DE": (
        "Anna", "Lena", "Sabine", "Julia", "Katrin", "Jürgen", "Jörg", "Björn", "Max", "Lukas",
        "Felix", "Jonas", "Sophie", "Marie", "Günther", "Ursula", "Thomas", "Stefan", "Käthe",
        "Hannah", "Paul", "Leonie", "Matthias", "Birgit", "Sören", "Charlotte",
    ),
    "AT": (
        "Johanna", "Theresa", "Florian", "Lukas", "Elias", "Magdalena", "Sebastian",
        "Katharina", "Andreas", "Verena", "Dominik", "Valentina", "Wolfgang", "Christoph",
    ),
    "CH": (
        "Reto", "Urs", "Beat", "Andrea", "Corinne", "Nicole", "Martina", "Jürg", "Res", "Luca",
        "Noah", "Mia", "Lara", "Matthias", "Severin", "Barbara",
    ),
}
_LASTNAMES = {
    "DE": (
        "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker",
        "Schulz", "Hoffmann", "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf",
        "Schröder", "Neumann", "Schwarz", "Zimmermann", "Braun", "Krüger", "Hartmann", "Weiß",
        "Groß", "Köhler", "Jäger", "Lange",
    ),
    "AT": (
        "Gruber", "Huber", "Bauer", "Wagner", "Pichler", "Steiner", "Moser", "Mayer", "Hofer",
        "Leitner", "Berger", "Fuchs", "Eder", "Fischer", "Schmid", "Winkler", "Reiter",
    ),
    "CH": (
        "Müller", "Meier", "Schmid", "Keller", "Weber", "Huber", "Schneider", "Steiner",
        "Gerber", "Brunner", "Baumann", "Frei", "Moser", "Widmer", "Wyss", "Graf", "Roth",
        "Bühler", "Zürcher",
    ),
}
# fmt: on
_TRADES = ("Bäckerei", "Schreinerei", "Metzgerei", "Elektro", "Malerbetrieb", "Gärtnerei")
_LEGAL_FORMS = {
    "DE": ("GmbH", "GmbH & Co. KG", "e.K."),
    "AT": ("GmbH", "OG", "KG"),
    "CH": ("AG", "GmbH"),
}
_MAIL_DOMAINS = ("example.com", "example.org", "example.net")
_NOTES = (
    "Bitte klingeln",
    "Bitte beim Nachbarn abgeben",
    "Lieferung bitte nur werktags",
    "Paket bitte in die Garage stellen",
    "Geschenk - bitte ohne Rechnung beilegen",
)
_TRANSLITERATION = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", " ": "", ".": ""})
_START = datetime.datetime(2026, 9, 1, 8, 0, 0)


def generate_orders(n, *, invalid_ratio=0.2, seed=0, catalogue=DEMO_CATALOGUE, ref_prefix="GEN"):
    """``n`` canonical order dicts; the same arguments always give the same orders."""
    return [
        order
        for order, _kind in generate_orders_with_kinds(
            n, invalid_ratio=invalid_ratio, seed=seed, catalogue=catalogue, ref_prefix=ref_prefix
        )
    ]


def generate_orders_with_kinds(
    n, *, invalid_ratio=0.2, seed=0, catalogue=DEMO_CATALOGUE, ref_prefix="GEN"
):
    """Like ``generate_orders``, each order paired with ``"valid"`` or its defect kind.

    Exactly ``round(n * invalid_ratio)`` orders are invalid, their kinds spread evenly
    over the kinds the catalogue allows (``missing_size`` needs a sized premium).
    """
    if n < 0:
        raise ValueError("n must not be negative")
    if not 0 <= invalid_ratio <= 1:
        raise ValueError("invalid_ratio must be between 0 and 1")
    if not catalogue:
        raise ValueError("the catalogue needs at least one premium")
    rng = random.Random(seed)
    kinds = [
        kind
        for kind in INVALID_KINDS
        if kind != "missing_size" or any(sizes for _sku, _name, _points, sizes in catalogue)
    ]
    invalid_count = round(n * invalid_ratio)
    plan = [VALID] * (n - invalid_count) + [kinds[i % len(kinds)] for i in range(invalid_count)]
    rng.shuffle(plan)
    participants = rng.sample(range(100000, 1000000), n) if n <= 900000 else range(n)
    return [
        (_order(rng, f"{ref_prefix}-{index + 1:06d}", participant, kind, catalogue), kind)
        for index, (kind, participant) in enumerate(zip(plan, participants, strict=True))
    ]


def _order(rng, ref, participant, kind, catalogue):
    country = "DE" if kind == "packstation" else _weighted_country(rng)
    zip_code, city, area_code, streets = rng.choice(_PLACES[country])
    firstname = rng.choice(_FIRSTNAMES[country])
    lastname = rng.choice(_LASTNAMES[country])
    customer = {
        "firstname": firstname,
        "lastname": lastname,
        "company": "",
        "email": _email(rng, firstname, lastname),
        "phone": _phone(rng, country, area_code),
        "street": f"{rng.choice(streets)} {_house_number(rng, country)}",
        "street2": "",
        "zip": zip_code,
        "city": city,
        "state": "",
        "country": country,
    }
    if rng.random() < 0.1:
        customer["company"] = (
            f"{rng.choice(_TRADES)} {lastname} {rng.choice(_LEGAL_FORMS[country])}"
        )
    elif rng.random() < 0.1:
        customer["street2"] = rng.choice(
            ("Hinterhaus", "2. OG", "c/o " + rng.choice(_LASTNAMES[country]))
        )

    premiums = rng.sample(catalogue, rng.randint(1, min(3, len(catalogue))))
    if kind == "missing_size" and not any(sizes for _s, _n, _p, sizes in premiums):
        premiums[0] = rng.choice([p for p in catalogue if p[3]])
    lines = []
    total = 0
    for sku, _name, points, sizes in premiums:
        quantity = 2 if rng.random() < 0.15 else 1
        size = rng.choice(sizes[1:-1] or sizes) if sizes else ""
        lines.append({"sku": sku, "size": size, "quantity": quantity})
        total += points * quantity
    declared = total + rng.choice((0, 0, 0, 50, 100, 250, 500, 1000))

    _apply_defect(rng, kind, customer, lines, country, area_code)
    if kind == "points_exceeded":
        declared = max(0, total - rng.choice((50, 100, 150, 300, total)))
    order = {
        "external_ref": ref,
        "participant_number": f"P-{participant:06d}",
        "declared_points": declared,
        "order_date": (_START + datetime.timedelta(seconds=rng.randrange(90 * 86400))).isoformat(),
        "note": rng.choice(_NOTES) if rng.random() < 0.15 else "",
        "customer": customer,
        "lines": lines,
    }
    return order


def _apply_defect(rng, kind, customer, lines, country, area_code):
    if kind == "invalid_phone":
        customer["phone"] = rng.choice(
            (
                f"+{_CALLING_CODES[country]} {area_code} 1",
                f"0{area_code} 1",
                "123",
                f"00{_CALLING_CODES[country]} 0",
            )
        )
    elif kind == "missing_size":
        line = next(line for line in lines if line["size"])
        line["size"] = ""
    elif kind == "invalid_zip":
        zip_code = customer["zip"]
        customer["zip"] = rng.choice((zip_code[:-1], zip_code + str(rng.randint(0, 9))))
    elif kind == "missing_house_number":
        customer["street"] = customer["street"].rsplit(" ", 1)[0]
    elif kind == "packstation":
        customer["street"] = f"Packstation {rng.randint(101, 299)}"
        customer["street2"] = f"Postnummer {rng.randint(10**8, 10**9 - 1)}"
        customer["company"] = ""
    elif kind == "unknown_sku":
        line = rng.choice(lines)
        line["sku"] = rng.choice(_UNKNOWN_SKUS)
        line["size"] = ""


def _weighted_country(rng):
    countries, weights = zip(*_COUNTRY_WEIGHTS, strict=True)
    return rng.choices(countries, weights)[0]


def _house_number(rng, country):
    number = str(rng.randint(1, 120))
    roll = rng.random()
    if roll < 0.1:
        number += rng.choice("abc")
    elif country == "AT" and roll < 0.4:
        number += f"/{rng.randint(1, 20)}"  # Viennese style: house/door
    return number


def _email(rng, firstname, lastname):
    first = firstname.lower().translate(_TRANSLITERATION)
    last = lastname.lower().translate(_TRANSLITERATION)
    local = rng.choice((f"{first}.{last}", f"{first[0]}.{last}", f"{first}{rng.randint(1, 99)}"))
    return f"{local}@{rng.choice(_MAIL_DOMAINS)}"


def _phone(rng, country, area_code):
    """A number valid under the national plan, written nationally or with +CC."""
    if rng.random() < 0.4:
        area_code = rng.choice(_MOBILE_PREFIXES[country])
        length = 8 if country == "DE" and area_code.startswith("15") else 7
    else:
        length = {1: 8 if country == "DE" else 7, 2: 8, 3: 7}.get(len(area_code), 6)
        if country == "CH":
            length = 7
        elif country == "AT":
            length = {1: 7, 3: 6}.get(len(area_code), 5)
    subscriber = str(rng.randint(2, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(length - 1))
    if country == "CH":
        subscriber = f"{subscriber[:3]} {subscriber[3:5]} {subscriber[5:]}"
    if rng.random() < 0.5:
        return f"+{_CALLING_CODES[country]} {area_code} {subscriber}"
    separator = "/" if country == "DE" and rng.random() < 0.3 else " "
    return f"0{area_code}{separator}{subscriber}"
