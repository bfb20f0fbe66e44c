"""Synthetic benchmark data: schools, programs, outcomes, courses and credential links, all from one seed.

What `manage.py generate_bench_data` writes into a benchmark database (issue 9). Every school is named
"Synthetic Benchmark ...", lives on example.org and says in its source that it is not real; every program's
`external_id` starts with `synthetic:`, which is how a rerun finds the rows to replace. Values vary the way
the real catalog's do, in every field the search filters, facets, sorts and cards read, and titles and
descriptions draw on one vocabulary so full-text searches ("medical coding", "billing", "health
information") match thousands of rows.

Only `random.Random(seed)` is used, and rows are generated in a fixed order, so the same seed always gives
the same rows (ids and timestamps aside).
"""

import datetime
import itertools
import random
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from decimal import Decimal

import zipcodes
from django.utils import translation
from django.utils.text import slugify

from .models import Program
from .search import US_STATES

PROGRAM_ID_PREFIX = "synthetic:"
SCHOOL_SLUG_PREFIX = "synthetic-benchmark-"
SOURCE = "Synthetic benchmark data (manage.py generate_bench_data): not a real school or program"
OUTCOME_SOURCE = "Synthetic benchmark figures shaped like College Scorecard field-of-study data (not real)"
OUTCOME_SOURCE_URL = "https://example.org/synthetic-benchmark/outcomes"
# Releases of the synthetic outcome figures, newest first; every program with figures has the newest.
RELEASES = (datetime.date(2026, 6, 10), datetime.date(2025, 6, 10), datetime.date(2024, 6, 10))


class Weighted:
    """Values to draw with `rng` in proportion to their weights; cumulative weights worked out once."""

    def __init__(self, pairs):
        self.values, weights = zip(*pairs, strict=True)
        self.cum_weights = list(itertools.accumulate(weights))

    def pick(self, rng):
        return rng.choices(self.values, cum_weights=self.cum_weights)[0]


SCHOOL_KINDS = Weighted(
    [
        ("College", 5),
        ("Community College", 5),
        ("University", 3),
        ("Career Institute", 3),
        ("Technical College", 2),
        ("School of Health Professions", 1),
    ]
)
OWNERSHIPS = Weighted([("public", 40), ("private_nonprofit", 25), ("private_for_profit", 30), ("", 5)])
LOCALES = Weighted([("city", 35), ("suburb", 30), ("town", 20), ("rural", 10), ("", 5)])


@dataclass(frozen=True)
class Field:
    """A field of study: the words in its titles, its real CIP 51.07 code, levels, credentials and accreditation."""

    name: str
    cip_code: str
    levels: tuple
    credentials: tuple = ()
    accreditation: str = ""
    weight: int = 1


# Only CIP codes the bundled crosswalk links to occupations, so program pages show careers as on real data.
FIELDS = (
    Field("Medical Coding", "51.0713", (1, 2, 4, 8, 99), ("cpc", "cca", "ccs", "coc", "cpc-p"), "ahima_pcap", 6),
    Field("Medical Billing and Coding", "51.0713", (1, 2, 99), ("cpc", "cca", "crc"), "ahima_pcap", 6),
    Field("Medical Billing and Insurance", "51.0713", (1, 2, 99), ("crc", "cpc"), "", 3),
    Field("Medical Coding and Reimbursement", "51.0713", (1, 2, 4), ("ccs", "cic", "cpc"), "ahima_pcap", 2),
    Field("Health Information Technology", "51.0707", (1, 2), ("rhit", "cca", "ccs"), "cahiim", 5),
    Field("Medical Records Technology", "51.0707", (1, 2), ("rhit", "cca"), "", 2),
    Field("Health Information Management", "51.0706", (3, 4, 5, 8), ("rhia", "ccs"), "cahiim", 5),
    Field("Health Informatics", "51.0706", (3, 5, 6, 8), ("rhia",), "cahiim", 2),
    Field("Health Care Administration", "51.0701", (3, 5, 6, 7, 8), (), "", 3),
    Field("Hospital and Health Care Facilities Management", "51.0702", (3, 5), (), "", 1),
    Field("Health Unit Management", "51.0704", (1, 2, 3), (), "", 1),
    Field("Medical Office and Clinical Management", "51.0711", (1, 2, 99), ("cpc", "cca"), "", 2),
    Field("Health and Medical Administrative Services", "51.07", (1, 2, 3, 4, 5, 6, 8, 99), ("cpc", "cca"), "", 3),
)
LEVELS = Weighted([(1, 34), (2, 28), (3, 14), (4, 3), (5, 9), (6, 2), (7, 1), (8, 4), (99, 5)])
FIELDS_BY_LEVEL = {
    level: Weighted([(field, field.weight) for field in FIELDS if level in field.levels]) for level in LEVELS.values
}
TITLES = {
    1: (
        "{} Certificate",
        "Certificate in {}",
        "{} Diploma",
        "{} Specialist Certificate",
        "Professional {} Certificate",
    ),
    2: ("Associate of Applied Science in {}", "{}, A.A.S.", "Associate of Science in {}", "{} Associate Degree"),
    3: ("Bachelor of Science in {}", "{}, B.S.", "Bachelor of Applied Science in {}"),
    4: ("Post-Baccalaureate Certificate in {}", "{} Post-Baccalaureate Certificate"),
    5: ("Master of Science in {}", "{}, M.S.", "Master of Professional Studies in {}"),
    6: ("Doctor of Philosophy in {}", "{}, Ph.D."),
    7: ("Professional Doctorate in {}",),
    8: ("Graduate Certificate in {}", "{} Graduate Certificate"),
    99: ("{} Exam Preparation Course", "{} Continuing Education Course", "{} Boot Camp"),
}
TITLE_VARIANTS = ("Evening", "Weekend", "Accelerated", "Online Track", "Second Campus", "Spanish-English")
# (low, high) per level: months, credit hours, cost in dollars, median earnings, median debt.
LEVEL_FIGURES = {
    1: ((4, 15), (12, 40), (1500, 18000), (26000, 42000), (2000, 11000)),
    2: ((18, 26), (60, 72), (6000, 42000), (32000, 52000), (6000, 22000)),
    3: ((36, 48), (120, 128), (30000, 140000), (42000, 68000), (14000, 38000)),
    4: ((6, 12), (12, 30), (4000, 20000), (42000, 64000), (6000, 24000)),
    5: ((12, 24), (30, 48), (15000, 70000), (56000, 90000), (20000, 60000)),
    6: ((36, 72), (54, 90), (40000, 150000), (70000, 120000), (40000, 110000)),
    7: ((36, 48), (60, 90), (60000, 160000), (80000, 125000), (50000, 120000)),
    8: ((6, 12), (12, 24), (5000, 25000), (50000, 80000), (8000, 30000)),
    99: ((1, 6), None, (400, 4000), (24000, 38000), None),
}
PREREQUISITES = {
    1: Weighted([("high_school", 75), ("none", 20), ("", 5)]),
    2: Weighted([("high_school", 90), ("none", 5), ("", 5)]),
    3: Weighted([("high_school", 70), ("associate", 25), ("", 5)]),
    4: Weighted([("bachelor", 95), ("", 5)]),
    5: Weighted([("bachelor", 95), ("", 5)]),
    6: Weighted([("bachelor", 95), ("", 5)]),
    7: Weighted([("bachelor", 100)]),
    8: Weighted([("bachelor", 95), ("", 5)]),
    99: Weighted([("none", 60), ("high_school", 35), ("", 5)]),
}
DELIVERIES = Weighted([("online", 35), ("on_campus", 35), ("hybrid", 25), ("", 5)])
STATUSES = Weighted([("published", 92), ("draft", 5), ("archived", 3)])
EXTERNSHIPS = Weighted([(True, 45), (False, 35), (None, 20)])
RELEASE_COUNTS = Weighted([(1, 55), (2, 35), (3, 10)])
EARNINGS_HORIZONS = Weighted([("4yr_after_completion", 70), ("1yr_after_completion", 30)])

OPENINGS = (
    "This {level} prepares students for work in {field}.",
    "Students in this {level} learn {field} from practising coders and health information professionals.",
    "A {level} in {field} for people starting a career in medical coding, billing or health information.",
    "This {level} in {field} combines classroom study with practice on real-world claims and records.",
)
TOPICS = (
    "Coursework covers medical terminology, anatomy and physiology, and ICD-10-CM, CPT and HCPCS coding.",
    "Students practise medical billing, insurance claims, reimbursement and the revenue cycle.",
    "Graduates work in health information departments, physician practices, hospitals and billing companies.",
    "The curriculum covers electronic health records, health data quality, privacy and HIPAA compliance.",
    "Labs use encoder software and practice health records for inpatient and outpatient medical coding.",
    "Classes cover clinical documentation improvement, auditing and compliance in health information management.",
    "Students learn health care statistics, data analytics and the management of health information systems.",
    "The program includes medical office procedures, patient registration, scheduling and billing.",
)
CREDENTIAL_SENTENCE = "It prepares students to sit for the {names} exam."
CREDENTIAL_SENTENCE_PLURAL = "It prepares students to sit for the {names} exams."
SYNTHETIC_SENTENCE = "Synthetic benchmark data: not a real program."
EXTERNSHIP_DESCRIPTIONS = (
    "A supervised coding externship at a partner hospital or clinic.",
    "A professional practice experience in a health information department.",
    "A billing office practicum with a partner physician practice.",
    "A virtual practicum coding de-identified records with a coach.",
)
PREREQUISITE_NOTES = (
    "A placement test in reading and math, or college credit in English.",
    "A background check and immunization records before the externship.",
    "Basic computer skills; keyboarding at 35 words per minute.",
    "A course in medical terminology, or taking it in the first term.",
)
COURSES = (
    "Medical Terminology",
    "Anatomy and Physiology for Coders",
    "ICD-10-CM Diagnosis Coding",
    "ICD-10-PCS Procedure Coding",
    "CPT and HCPCS Coding",
    "Medical Billing and Reimbursement",
    "Health Insurance and Claims Processing",
    "Revenue Cycle Management",
    "Electronic Health Records",
    "Health Information Systems",
    "Legal and Ethical Aspects of Health Information",
    "Pharmacology for Health Information",
    "Pathophysiology",
    "Clinical Documentation Improvement",
    "Healthcare Statistics and Data Analytics",
    "Coding Compliance and Auditing",
    "Medical Office Procedures",
    "Coding Practicum",
)
COURSE_CREDITS = (Decimal("1.0"), Decimal("2.0"), Decimal("3.0"), Decimal("3.0"), Decimal("3.0"), Decimal("4.0"))


def ranged(rng, bounds, step=1):
    low, high = bounds
    return low + step * rng.randrange((high - low) // step + 1)


def zip_places():
    """Real ZIP codes (city, state, ZIP, latitude, longitude) from the offline `zipcodes` table, so near me works."""
    places = []
    for row in zipcodes.list_all():
        if row["zip_code_type"] != "STANDARD" or not row["active"] or row["state"] not in US_STATES:
            continue
        if not row["lat"] or not row["long"]:
            continue
        latitude, longitude = (
            Decimal(row["lat"]).quantize(Decimal("0.000001")),
            Decimal(row["long"]).quantize(Decimal("0.000001")),
        )
        places.append((row["zip_code"], row["city"].title(), row["state"], latitude, longitude))
    return sorted(places)


def generate_schools(rng, count):
    """`count` schools as Institution field values, "Synthetic Benchmark College 0042" and the like."""
    places = zip_places()
    schools = []
    for number in range(1, count + 1):
        kind = SCHOOL_KINDS.pick(rng)
        name = f"Synthetic Benchmark {kind} {number:04d}"
        slug = slugify(name)
        zip_code, city, state, latitude, longitude = rng.choice(places)
        website = f"https://{slug}.example.org/"
        schools.append(
            {
                "name": name,
                "slug": slug,
                "city": city,
                "state": state,
                "zip_code": zip_code,
                "ownership": OWNERSHIPS.pick(rng),
                "locale": LOCALES.pick(rng),
                "website": website,
                "net_price_calculator_url": f"{website}net-price-calculator/",
                "financial_aid_url": f"{website}financial-aid/",
                "latitude": latitude,
                "longitude": longitude,
                "source": SOURCE,
                **school_tuition(number),
            }
        )
    return schools


def school_tuition(number):
    """Four schools in five have a yearly tuition, drawn apart from the other facts (from the school's number)."""
    rng = random.Random(number * 7919)
    if rng.random() >= 0.8:
        return {}
    tuition_in = rng.randrange(1500, 40000, 10)
    return {
        "tuition_in_state": tuition_in,
        "tuition_out_of_state": tuition_in + rng.choice((0, 0, 6000, 12000)),
        "tuition_year": "2018-19",
        "tuition_source": SOURCE,
    }


@dataclass
class GeneratedProgram:
    """A program's field values, and its children's, which need its id: outcomes, courses and credential slugs.

    Plain dicts rather than model instances: at 100,000 programs, building instances costs more than writing them.
    """

    program: dict
    outcomes: list
    courses: list
    credentials: list
    # ProgramField values (IPEDS's 6-digit fields), for about two programs in three.
    fields: list = dataclass_field(default_factory=list)


class ProgramGenerator:
    """Programs for `schools` in a fixed order: every school gets one first, the rest go to schools by weight.

    `schools` are generate_schools()'s dicts with the "id" each got when saved.
    """

    def __init__(self, rng, schools, cip_codes, credential_slugs):
        self.rng = rng
        self.schools = schools
        self.cip_codes = cip_codes
        self.credential_slugs = set(credential_slugs)
        # Some schools list many programs, most a few, as in the real catalog.
        self.schools_by_weight = Weighted([(school, rng.choice((1, 1, 1, 2, 2, 3, 5, 8, 13))) for school in schools])
        self.thresholds = {state: 1000 * rng.randint(26, 44) for state in sorted(US_STATES)}
        with translation.override("en"):
            self.level_names = {level: str(label).lower() for level, label in Program.CredentialLevel.choices}
        self.titles_taken = set()
        self.slugs_taken = set()
        # IPEDS-like facts draw from their own generator, so the rows drawn before them stay as they were.
        self.federal_rng = random.Random(5107)
        self.cip_titles = {}

    def generate(self, count):
        """Yield `count` GeneratedPrograms."""
        for index in range(count):
            school = self.schools[index] if index < len(self.schools) else self.schools_by_weight.pick(self.rng)
            yield self._program(index + 1, school)

    def _program(self, number, school):
        rng = self.rng
        level = LEVELS.pick(rng)
        field = FIELDS_BY_LEVEL[level].pick(rng)
        title = self._title(school, rng.choice(TITLES[level]).format(field.name))
        months, credits, cost, _earnings, _debt = LEVEL_FIGURES[level]
        has_cost = rng.random() < 0.9
        externship = EXTERNSHIPS.pick(rng)
        credentials = [slug for slug in field.credentials if slug in self.credential_slugs]
        if credentials and rng.random() < 0.85:
            credentials = rng.sample(credentials, rng.randint(1, min(2, len(credentials))))
        else:
            credentials = []
        accreditation = ""
        if field.accreditation and level in (1, 2, 3, 4, 5, 8) and rng.random() < 0.5:
            accreditation = field.accreditation
        program = {
            "institution_id": school["id"],
            "title": title,
            "slug": self._slug(school, title),
            "cip_code_id": self.cip_codes[field.cip_code],
            "credential_level": level,
            "delivery_mode": DELIVERIES.pick(rng),
            "length_months": ranged(rng, months) if rng.random() < 0.93 else None,
            "credit_hours": Decimal(ranged(rng, credits)) if credits and rng.random() < 0.85 else None,
            "cost": Decimal(ranged(rng, cost, 25)) if has_cost else None,
            "cost_year": rng.choice((2024, 2025, 2025, 2026)) if has_cost else None,
            "admission_prerequisite": PREREQUISITES[level].pick(rng),
            "prerequisite_notes": rng.choice(PREREQUISITE_NOTES) if rng.random() < 0.3 else "",
            "externship_offered": externship,
            "externship_hours": rng.randrange(40, 301, 20) if externship else None,
            "externship_description": rng.choice(EXTERNSHIP_DESCRIPTIONS) if externship else "",
            "accreditation": accreditation,
            "description": self._description(level, field, credentials),
            "status": STATUSES.pick(rng),
            "last_reviewed": (
                datetime.date(2024, 1, 1) + datetime.timedelta(days=rng.randrange(900)) if rng.random() < 0.85 else None
            ),
            "source_url": f"{school['website']}programs/{slugify(title)}/",
            "source_note": SOURCE,
            "external_id": f"{PROGRAM_ID_PREFIX}{number:06d}",
        }
        fields = self._federal_fields(program, field.cip_code)
        return GeneratedProgram(program, self._outcomes(level, school), self._courses(), credentials, fields)

    def _federal_fields(self, program, code):
        """About two programs in three get one IPEDS field, its code, with awards, distance education and, for
        certificates, a whole-program price: so the field facet, the delivery facet's IPEDS options and
        Program.federal_fields cost at 100,000 programs what they would with a real import."""
        rng = self.federal_rng
        program["distance_education"] = ""
        program["federal_fields"] = []
        if rng.random() >= 0.65:
            return []
        distance = rng.choice(("all", "some", "none", "none"))
        values = {
            "completions_year": "2022-23",
            "completions": rng.randint(0, 120),
            "programs_year": "2022-23",
            "distance_education": distance,
        }
        if program["credential_level"] == 1:
            values.update(
                awards_under_1_year=True,
                offered_under_1_year=True,
                charges_year="2023-24",
                tuition_and_fees=rng.randrange(3000, 22000, 50),
                books_and_supplies=rng.randrange(300, 2500, 50),
                months_to_complete=rng.randint(6, 12),
            )
        program["distance_education"] = distance
        program["federal_fields"] = [
            {
                "code": code,
                "title": self.cip_titles.get(code, code),
                "completions": values["completions"],
                "completions_year": values["completions_year"],
                "award_lengths": ["under_1_year"] if values.get("awards_under_1_year") else [],
                "programs_year": values["programs_year"],
                "distance_education": distance,
                "charges_year": values.get("charges_year", ""),
                "tuition_and_fees": values.get("tuition_and_fees"),
                "books_and_supplies": values.get("books_and_supplies"),
                "length": None,
                "length_unit": "",
                "months_to_complete": values.get("months_to_complete"),
            }
        ]
        return [{"cip_code_id": self.cip_codes[code], **values}]

    def _title(self, school, title):
        if (school["id"], title) in self.titles_taken:
            title = f"{title} ({self.rng.choice(TITLE_VARIANTS)})"
        base, number = title, 2
        while (school["id"], title) in self.titles_taken:
            title, number = f"{base} {number}", number + 1
        self.titles_taken.add((school["id"], title))
        return title

    def _slug(self, school, title):
        base = slugify(f"{school['slug']} {title}")[:240].strip("-")
        slug, number = base, 2
        while slug in self.slugs_taken:
            slug, number = f"{base}-{number}", number + 1
        self.slugs_taken.add(slug)
        return slug

    def _description(self, level, field, credentials):
        rng = self.rng
        level_name = self.level_names[level]
        sentences = [rng.choice(OPENINGS).format(level=level_name, field=field.name.lower())]
        sentences += rng.sample(TOPICS, rng.randint(1, 2))
        if credentials:
            names = " or ".join(slug.upper() for slug in credentials)
            sentences.append(
                (CREDENTIAL_SENTENCE_PLURAL if len(credentials) > 1 else CREDENTIAL_SENTENCE).format(names=names)
            )
        sentences.append(SYNTHETIC_SENTENCE)
        return " ".join(sentences)

    def _outcomes(self, level, school):
        rng = self.rng
        if rng.random() >= 0.85:
            return []
        releases = RELEASES[: RELEASE_COUNTS.pick(rng)]
        _months, _credits, _cost, earnings_range, debt_range = LEVEL_FIGURES[level]
        threshold = self.thresholds[school["state"]]
        outcomes = []
        for release in releases:
            earnings = ranged(rng, earnings_range, 1) if rng.random() < 0.55 else None
            debt = ranged(rng, debt_range, 1) if debt_range and rng.random() < 0.65 else None
            outcomes.append(
                {
                    "median_earnings": earnings,
                    "earnings_horizon": EARNINGS_HORIZONS.pick(rng) if earnings else "",
                    "median_debt": debt,
                    "debt_to_earnings_ratio": (
                        (Decimal(debt) / earnings).quantize(Decimal("0.001")) if earnings and debt else None
                    ),
                    "completers": min(int(rng.paretovariate(1.2) * 8), 2500) if rng.random() < 0.9 else None,
                    "state_hs_earnings_threshold": threshold,
                    "earns_more_than_hs_graduates": None if earnings is None else earnings > threshold,
                    "source": OUTCOME_SOURCE,
                    "source_url": OUTCOME_SOURCE_URL,
                    "release_date": release,
                }
            )
        return outcomes

    def _courses(self):
        rng = self.rng
        if rng.random() >= 0.35:
            return []
        titles = rng.sample(COURSES, rng.randint(3, 6))
        return [
            {"order": order, "title": title, "credits": rng.choice(COURSE_CREDITS)}
            for order, title in enumerate(titles, start=1)
        ]
