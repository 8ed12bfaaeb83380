"""Customer company names: own word lists per country, legal suffixes, and confusable look-alikes.

The lists are written for this generator (not taken from the project) and carry real diacritics (Müller,
Lefèvre, Muñoz, Sørensen, Åberg, Mäkinen) because bank formats lose them and a matcher must cope. About 7% of
customers are confusable variants of an earlier customer (Northwind Traders / Northwind Trading, Acme Corp /
Acme Corp Europe): different companies whose names a fuzzy matcher could mix up.
"""

import random

from .draws import weighted_choice

US_STEMS = ["Acme", "Northwind", "Globex", "Bluepeak", "Ironbridge", "Silverline", "Redwood",
            "Summit", "Pinnacle", "Keystone", "Cobalt", "Harbor", "Lakeshore", "Granite",
            "Meridian", "Apex", "Vertex", "Horizon", "Evergreen", "Beacon", "Sterling", "Crescent",
            "Falcon", "Oakridge", "Prairie", "Cascade", "Liberty", "Frontier", "Patriot", "Sierra",
            "Blue Ridge", "Copperline", "Tidewater", "Riverbend", "Stonegate", "Brightwater",
            "Clearview", "Highland", "Magnolia", "Pioneer", "Atlas", "Orion", "Quantum", "Vanguard",
            "Whitfield", "Harrington", "Carter", "Sullivan", "Mitchell", "Donovan", "Becker",
            "Kowalski", "Nguyen", "Patel", "Russo", "Brennan", "Caldwell", "Holloway", "Jefferson",
            "Lancaster", "Monroe", "Prescott", "Sheridan", "Thornton", "Wexford", "Ashby", "Delgado",
            "Hamilton", "Kessler", "Rutherford", "Garrison", "Bishop", "Callahan", "Fairbanks"]
US_INDUSTRY = ["Logistics", "Manufacturing", "Software", "Systems", "Technologies", "Foods",
               "Healthcare", "Consulting", "Partners", "Industries", "Traders", "Solutions",
               "Analytics", "Media", "Labs", "Supply", "Distribution", "Engineering",
               "Construction", "Energy", "Pharmaceuticals", "Capital", "Services", "Group",
               "International", "Electric", "Plastics", "Packaging", "Marine", "Freight",
               "Dental Group", "Medical Supply", "Paper Company", "Tool & Die", "Brothers",
               "Associates", "Realty", "Hospitality", "Data", "Networks", "Security",
               "Manufacturing Company", "International Trading", "Laboratories"]
US_SUFFIX = [("Inc", 30), ("Inc.", 15), ("LLC", 30), ("Corp", 8), ("Corporation", 5),
             ("Co.", 3), ("Incorporated", 2), ("LP", 1), ("", 6)]

UK_STEMS = ["Pemberton", "Ashworth", "Fairclough", "Hargreaves", "Whitaker", "Thompson",
            "Blackwood", "Kingsley", "Marlowe", "Wetherby", "Cavendish", "Aldridge", "Bramley",
            "Thornbury", "Hawthorne", "Penrose", "Ravensworth", "Wainwright", "Beaumont",
            "Chiltern", "Pennine", "Severn", "Cotswold", "Mersey", "Thames Valley", "Albion"]
UK_INDUSTRY = ["Engineering", "Holdings", "Services", "Solutions", "Supplies", "Consultancy",
               "Logistics", "Developments", "Trading", "Foods", "Fabrications", "Electrical",
               "Software", "Recruitment", "Print & Design", "Haulage", "Estates"]
UK_SUFFIX = [("Ltd", 55), ("Limited", 25), ("PLC", 5), ("LLP", 5), ("Ltd.", 10)]

DE_STEMS = ["Müller", "Schäfer", "Weiß", "Köhler", "Bäcker", "Groß", "Fröhlich", "Schröder",
            "Hoffmann", "Krüger", "Wagner", "Becker", "Schulz", "Neumann", "Zimmermann",
            "Lößner", "Jäger", "Hübner", "Böhm", "Vogel", "Brandt", "Lehmann", "Sauerländer",
            "Rheinland", "Nordstern", "Alpen"]
DE_INDUSTRY = ["Maschinenbau", "Logistik", "Handels", "Elektrotechnik", "Verpackung", "Bau",
               "Werkzeuge", "Lebensmittel", "Metallbau", "Systemhaus", "Automation",
               "Medizintechnik", "Kunststofftechnik", "Software", "Spedition", "& Söhne"]
DE_SUFFIX = [("GmbH", 60), ("AG", 10), ("GmbH & Co. KG", 20), ("KG", 5), ("e.K.", 5)]

FR_STEMS = ["Lefèvre", "Bérard", "Gauthier", "Dubois", "Mercier", "Laurent", "Rousseau",
            "Chevalier", "Lemaître", "Fournier", "Girard", "Hébert", "Bonnaire", "Vénard",
            "Garnier", "Perrin", "Moreau", "Fontaine", "Chassagne", "Delacroix"]
FR_PATTERNS = ["Société {s}", "Transports {s}", "Groupe {s}", "Établissements {s}",
               "{s} Distribution", "{s} Électronique", "{s} Bâtiment", "{s} Conseil",
               "{s} Industries", "Maison {s}", "{s} & Fils", "Ateliers {s}"]
FR_SUFFIX = [("SAS", 50), ("SARL", 25), ("SA", 15), ("SASU", 10)]

NL_STEMS = ["Van der Berg", "De Vries", "Jansen", "Bakker", "Visser", "Smit", "Van Dijk",
            "De Jong", "Meijer", "Mulder", "Van Leeuwen", "Hendriks", "Dekker", "Brouwer",
            "Van den Heuvel", "Kuipers"]
NL_INDUSTRY = ["Techniek", "Transport", "Handelsonderneming", "Installatietechniek", "Bouw",
               "Groep", "Logistiek", "Automatisering", "Metaalbewerking", "Holding"]
NL_SUFFIX = [("B.V.", 85), ("N.V.", 5), ("BV", 10)]

ES_STEMS = ["García", "Martínez", "López", "Sánchez", "Fernández", "Muñoz", "Peña", "Ibáñez",
            "Gómez", "Navarro", "Domínguez", "Castaño", "Herrera", "Ortiz", "Rodríguez"]
ES_PATTERNS = ["Construcciones {s}", "Distribuciones {s}", "Ingeniería {s}", "Logística {s}",
               "Alimentación {s}", "Tecnología {s}", "Grupo {s}", "Transportes {s}",
               "Talleres {s}", "Hermanos {s}"]
ES_SUFFIX = [("S.L.", 70), ("S.A.", 20), ("SL", 10)]

NORDIC_STEMS = ["Sørensen", "Jørgensen", "Ålund", "Østergaard", "Nyström", "Lindqvist", "Bjørk",
                "Håkansson", "Åberg", "Ekström", "Mäkinen", "Virtanen", "Sjöberg", "Løvdal",
                "Fjeld", "Nørregaard", "Hällström", "Korhonen", "Dahlgren", "Holmström"]
NORDIC_INDUSTRY = ["Teknik", "Bygg", "Logistik", "Energi", "Maskin", "Trä", "Industri", "Data",
                   "Konsult", "Elektro", "Shipping", "Fisk"]
NORDIC_SUFFIX = [("AB", 35), ("AS", 20), ("A/S", 20), ("Oy", 15), ("ApS", 10)]

CA_STEMS = ["Laurentian", "Maple Leaf", "Northern", "Pacific", "Tremblay", "Gagnon", "Bouchard",
            "Côté", "Fraser", "MacKenzie", "Okanagan", "Muskoka", "Algonquin", "Rideau",
            "St-Laurent", "Cartier"]
CA_INDUSTRY = ["Industries", "Logistics", "Systems", "Foods", "Construction", "Technologies",
               "Transport", "Distribution", "Resources", "Services"]
CA_SUFFIX = [("Inc.", 50), ("Ltd.", 30), ("Corp.", 10), ("Ltée", 10)]

COUNTRIES = [("US", 58), ("UK", 10), ("CA", 6), ("DE", 9), ("FR", 5), ("NL", 4), ("ES", 3),
             ("NORDIC", 5)]

# How the same legal suffix is also spelt (CRM account names, payers' own bank records)
SUFFIX_ALTS = {"Inc": ["Inc.", "Incorporated", ""], "Inc.": ["Inc", "Incorporated", ""],
               "LLC": ["L.L.C.", "Llc", "", "Inc"], "Corp": ["Corporation", "Corp.", ""],
               "Corporation": ["Corp", "Corp.", ""], "Co.": ["Company", "Co", ""],
               "Incorporated": ["Inc", "Inc."], "LP": ["L.P.", ""], "Ltd": ["Limited", "Ltd.", ""],
               "Limited": ["Ltd", "Ltd.", ""], "Ltd.": ["Limited", ""], "PLC": ["plc", "Plc", ""],
               "LLP": ["L.L.P.", ""], "GmbH": ["GMBH", "Gmbh", "", "mbH"], "AG": ["", "A.G."],
               "GmbH & Co. KG": ["GmbH & Co KG", "GmbH u. Co. KG", "GMBH + CO KG", ""], "KG": [""],
               "e.K.": ["", "eK"], "SAS": ["S.A.S.", ""], "SARL": ["S.A.R.L.", "Sàrl", ""],
               "SA": ["S.A.", ""], "SASU": ["S.A.S.U.", ""], "B.V.": ["BV", "B V", ""],
               "BV": ["B.V.", ""], "N.V.": ["NV", ""], "S.L.": ["SL", "S.L.U.", ""],
               "S.A.": ["SA", ""], "SL": ["S.L.", ""], "AB": ["Aktiebolag", "(publ)", ""],
               "AS": ["A.S.", ""], "A/S": ["AS", ""], "Oy": ["Oy Ab", ""], "ApS": [""],
               "Corp.": ["Corporation", ""], "Ltée": ["Ltd", ""]}

SIBLING_WORDS = {"Traders": "Trading", "Trading": "Traders", "Systems": "Solutions",
                 "Solutions": "Systems", "Technologies": "Technology", "Industries": "Industrial",
                 "Logistics": "Logistic Services", "Services": "Service", "Foods": "Food Group",
                 "Engineering": "Engineers", "Labs": "Laboratories", "Software": "Softworks",
                 "Partners": "Partnership", "Supply": "Supplies", "Supplies": "Supply"}
REGION_TAGS = {"US": ["USA", "North America", "West", "East"], "UK": ["UK", "Europe", "Scotland"],
               "DE": ["Deutschland", "Süd", "Nord"], "FR": ["France", "Sud-Ouest"],
               "NL": ["Nederland", "Benelux"], "ES": ["Iberia", "Levante"],
               "NORDIC": ["Nordic", "Sverige", "Danmark"], "CA": ["Canada", "Québec"]}
# A look-alike company's suffix: another legal form of the same group
OTHER_ENTITY_SUFFIX = {"Inc": "Corporation", "Inc.": "Corp.", "LLC": "Inc", "Ltd": "Group Ltd", "GmbH": "AG",
                       "Corp": "Corporation Europe", "B.V.": "Holding B.V.", "AB": "Group AB"}


def company_name(rng: random.Random, country: str) -> tuple[str, str]:
    """A new company of the country as (base name, legal suffix); the suffix may be empty (US sole traders)."""
    if country == "US":
        stem = rng.choice(US_STEMS)
        # every US name spends this draw, joined names or not
        if rng.random() < 0.15:
            stem = stem + " " + rng.choice(["& " + rng.choice(US_STEMS), "and " + rng.choice(US_STEMS)])
        return stem + " " + rng.choice(US_INDUSTRY), weighted_choice(rng, US_SUFFIX)
    if country == "UK":
        return rng.choice(UK_STEMS) + " " + rng.choice(UK_INDUSTRY), weighted_choice(rng, UK_SUFFIX)
    if country == "DE":
        industry = rng.choice(DE_INDUSTRY)  # drawn before the stem
        return f"{rng.choice(DE_STEMS)} {industry}", weighted_choice(rng, DE_SUFFIX)
    if country == "FR":
        return rng.choice(FR_PATTERNS).format(s=rng.choice(FR_STEMS)), weighted_choice(rng, FR_SUFFIX)
    if country == "NL":
        return rng.choice(NL_STEMS) + " " + rng.choice(NL_INDUSTRY), weighted_choice(rng, NL_SUFFIX)
    if country == "ES":
        return rng.choice(ES_PATTERNS).format(s=rng.choice(ES_STEMS)), weighted_choice(rng, ES_SUFFIX)
    if country == "NORDIC":
        return rng.choice(NORDIC_STEMS) + " " + rng.choice(NORDIC_INDUSTRY), weighted_choice(rng, NORDIC_SUFFIX)
    if country == "CA":
        if rng.random() < 0.2:  # Québec
            return "Les Entreprises " + rng.choice(CA_STEMS), weighted_choice(rng, CA_SUFFIX)
        return rng.choice(CA_STEMS) + " " + rng.choice(CA_INDUSTRY), weighted_choice(rng, CA_SUFFIX)
    raise ValueError(country)


def full_name(base: str, suffix: str) -> str:
    """The name as billed: base and legal suffix."""
    return (base + " " + suffix).strip() if suffix else base


def confusable_variant(rng: random.Random, base: str, suffix: str, country: str) -> tuple[str, str]:
    """A different company whose name is confusably close to (base, suffix): a sibling word, a region tag,
    a group tag, or another legal form."""
    words = base.split()
    r = rng.random()
    if r < 0.35 and words[-1] in SIBLING_WORDS:
        return " ".join(words[:-1] + [SIBLING_WORDS[words[-1]]]), suffix
    if r < 0.65:
        return base + " " + rng.choice(REGION_TAGS[country]), suffix
    if r < 0.85:
        return words[0] + " " + rng.choice(["Group", "Holdings", "Worldwide", "Global"]), suffix
    return base, OTHER_ENTITY_SUFFIX.get(suffix, (suffix + " Holdings").strip())
