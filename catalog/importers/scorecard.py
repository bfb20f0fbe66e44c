"""Build: schools, programs and outcomes from College Scorecard's CIP 5107 rows and IPEDS HD2020.

Scorecard says which schools award a 51.07 credential at which level and what graduates earn;
IPEDS HD2020 says where each school is and where its website, net price calculator and financial
aid pages are. A school Scorecard lists that HD2020 lacks (a UNITID assigned since) keeps Scorecard's
name and state and leaves the other directory facts blank rather than guessing them.
"""

from collections import Counter

from django.utils.text import slugify

from catalog.importing import DataError, read_csv
from catalog.models import Institution, Outcome, Program

from .bundle import (
    INSTITUTION_SOURCE,
    INSTITUTION_SOURCE_SCORECARD_ONLY,
    IPEDS_ENCODING,
    OUTCOME_SOURCE,
    PROGRAM_SOURCE_NOTE,
    SCORECARD_CIP,
    SCORECARD_RELEASE,
    TUITION_SOURCE,
    TUITION_YEAR,
    scorecard_external_id,
    scorecard_school_url,
)
from .tuition import MAX_NAME_MATCH_KM, join_tuition
from .values import CIP_SERIES, cell, public_coordinate, public_ratio, public_url, public_whole

SCORECARD_COLUMNS = (
    "unitid",
    "inst_name",
    "state",
    "cip_code",
    "cip_desc",
    "credential_level",
    "credential_desc",
    "completers_count",
    "earnings",
    "earnings_horizon",
    "earnings_threshold_state",
    "fails_ep_state",
    "debt_median",
    "debt_to_earnings_ratio",
)
DICTIONARY_COLUMNS = ("VARIABLE NAME", "VALUE", "LABEL")
IPEDS_COLUMNS = (
    "UNITID",
    "INSTNM",
    "CITY",
    "STABBR",
    "ZIP",
    "OPEID",
    "WEBADDR",
    "NPRICURL",
    "FAIDURL",
    "CONTROL",
    "LOCALE",
    "CBSA",
    "LATITUDE",
    "LONGITUD",
)

# IPEDS codes; -1, -2 and -3 mean not reported, not applicable and not available: stored as blank.
IPEDS_NOT_REPORTED = {"", "-1", "-2", "-3"}
OWNERSHIP_BY_CONTROL = {
    "1": Institution.Ownership.PUBLIC,
    "2": Institution.Ownership.PRIVATE_NONPROFIT,
    "3": Institution.Ownership.PRIVATE_FOR_PROFIT,
}
LOCALE_BY_CODE = {
    f"{digit}{size}": locale
    for digit, locale in [
        ("1", Institution.Locale.CITY),
        ("2", Institution.Locale.SUBURB),
        ("3", Institution.Locale.TOWN),
        ("4", Institution.Locale.RURAL),
    ]
    for size in "123"
}
# Short, stable URL words for each CREDLEV; the listing's title keeps Scorecard's own words.
LEVEL_SLUGS = {
    1: "certificate",
    2: "associate",
    3: "bachelor",
    4: "post-baccalaureate-certificate",
    5: "master",
    6: "doctorate",
    7: "first-professional",
    8: "graduate-certificate",
    99: "non-credential",
}
FAILS_EARNINGS_PREMIUM = {"True": True, "False": False, "": None}
OUTCOME_FIELDS = (
    "median_earnings",
    "earnings_horizon",
    "median_debt",
    "debt_to_earnings_ratio",
    "completers",
    "state_hs_earnings_threshold",
    "earns_more_than_hs_graduates",
)
URL_FIELDS = {"WEBADDR": "website", "NPRICURL": "net_price_calculator_url", "FAIDURL": "financial_aid_url"}


def read_credential_levels(path):
    """{CREDLEV: label} from the Scorecard data dictionary, where the values follow the CREDLEV row."""
    levels, variable = {}, None
    for line, row in read_csv(path, required=DICTIONARY_COLUMNS):
        variable = row["VARIABLE NAME"].strip() or variable
        if variable == "CREDLEV" and row["VALUE"].strip():
            try:
                levels[int(row["VALUE"])] = row["LABEL"].strip()
            except ValueError:
                raise DataError(path, line, f"VALUE: {row['VALUE']!r} is not a CREDLEV number") from None
    if not levels:
        raise DataError(path, 0, "no CREDLEV values in the dictionary")
    return levels


def _credential_level(row, path, line, dictionary_levels):
    text = row["credential_level"].strip()
    try:
        level = int(text)
    except ValueError:
        raise DataError(path, line, f"credential_level: {text!r} is not a number") from None
    description = row["credential_desc"].strip()
    if level in dictionary_levels:
        if description != dictionary_levels[level]:
            raise DataError(
                path, line, f"credential_desc: {description!r} is not the dictionary's {dictionary_levels[level]!r}"
            )
    elif level not in Program.CredentialLevel.values:
        raise DataError(path, line, f"credential_level: {level} is not a known Scorecard credential level")
    if not description:
        raise DataError(path, line, "credential_desc: empty")
    return level, description


def read_scorecard(path, dictionary_levels, cip_series_title):
    """One dict per Scorecard row, typed and checked, in file order."""
    rows, seen = [], set()
    for line, row in read_csv(path, required=SCORECARD_COLUMNS):
        unitid = row["unitid"].strip()
        if not unitid.isascii() or not unitid.isdigit():
            raise DataError(path, line, f"unitid: {unitid!r} is not an IPEDS UNITID")
        if row["cip_code"].strip() != SCORECARD_CIP:
            raise DataError(path, line, f"cip_code: {row['cip_code']!r} is not {SCORECARD_CIP}")
        cip_desc = row["cip_desc"].strip().removesuffix(".")
        if cip_desc != cip_series_title:
            raise DataError(path, line, f"cip_desc: {row['cip_desc']!r} is not the CIP title {cip_series_title!r}")
        level, description = _credential_level(row, path, line, dictionary_levels)
        if (unitid, level) in seen:
            raise DataError(path, line, f"school {unitid} has a second row for credential level {level}")
        seen.add((unitid, level))
        horizon = row["earnings_horizon"].strip()
        if horizon and horizon not in Outcome.EarningsHorizon.values:
            raise DataError(path, line, f"earnings_horizon: {horizon!r} is not a known horizon")
        earnings = public_whole(row["earnings"], path, line, "earnings")
        if (earnings is None) != (not horizon):
            raise DataError(path, line, "earnings and earnings_horizon must be given together")
        fails = row["fails_ep_state"].strip()
        if fails not in FAILS_EARNINGS_PREMIUM:
            raise DataError(path, line, f"fails_ep_state: {fails!r} is not True, False or empty")
        fails = FAILS_EARNINGS_PREMIUM[fails]
        rows.append(
            {
                "unitid": int(unitid),
                "name": row["inst_name"].strip(),
                "state": row["state"].strip(),
                "level": level,
                "title": f"{cip_desc} — {description}",
                "median_earnings": earnings,
                "earnings_horizon": horizon,
                "median_debt": public_whole(row["debt_median"], path, line, "debt_median"),
                "debt_to_earnings_ratio": public_ratio(
                    row["debt_to_earnings_ratio"], path, line, "debt_to_earnings_ratio"
                ),
                "completers": public_whole(row["completers_count"], path, line, "completers_count"),
                "state_hs_earnings_threshold": public_whole(
                    row["earnings_threshold_state"], path, line, "earnings_threshold_state"
                ),
                "earns_more_than_hs_graduates": None if fails is None else not fails,
            }
        )
    return rows


def _ipeds_code(text, mapping, path, line, column):
    text = text.strip()
    if text in IPEDS_NOT_REPORTED:
        return ""
    if text not in mapping:
        raise DataError(path, line, f"{column}: {text!r} is not an IPEDS {column} code")
    return mapping[text].value


def _directory_facts(row, path, line, url_problems):
    """The HD2020 facts of one school, as our Institution fields."""
    name = row["INSTNM"].strip()
    if not name:
        raise DataError(path, line, "INSTNM: empty")
    opeid = row["OPEID"].strip()
    if opeid not in IPEDS_NOT_REPORTED and not (opeid.isascii() and opeid.isdigit() and len(opeid) <= 8):
        raise DataError(path, line, f"OPEID: {opeid!r} is not an OPE ID")
    zip_code = row["ZIP"].strip()
    # The file lost the leading zeros of New England and Puerto Rico ZIP codes (2116 for 02116).
    head, _, tail = zip_code.partition("-")
    if head.isdigit() and len(head) < 5:
        zip_code = head.zfill(5) + (f"-{tail}" if tail else "")
    cbsa = row["CBSA"].strip()
    facts = {
        "name": name,
        "opeid6": "" if opeid in IPEDS_NOT_REPORTED else opeid.zfill(8)[:6],
        "city": row["CITY"].strip(),
        "state": row["STABBR"].strip(),
        "zip_code": zip_code,
        "ownership": _ipeds_code(row["CONTROL"], OWNERSHIP_BY_CONTROL, path, line, "CONTROL"),
        "locale": _ipeds_code(row["LOCALE"], LOCALE_BY_CODE, path, line, "LOCALE"),
        "cbsa_code": "" if cbsa in IPEDS_NOT_REPORTED else cbsa,
        "latitude": public_coordinate(row["LATITUDE"], path, line, "LATITUDE", 90),
        "longitude": public_coordinate(row["LONGITUD"], path, line, "LONGITUD", 180),
        "source": INSTITUTION_SOURCE,
    }
    for column, field in URL_FIELDS.items():
        facts[field], problem = public_url(row[column])
        if problem:
            url_problems[problem] += 1
    return facts


def read_ipeds(path, unitids):
    """{unitid: facts} for the HD2020 rows of the schools asked for, and counts of URL repairs."""
    wanted = {str(unitid) for unitid in unitids}
    facts, url_problems = {}, Counter()
    for line, row in read_csv(path, encoding=IPEDS_ENCODING, required=IPEDS_COLUMNS):
        unitid = row["UNITID"].strip()
        if unitid not in wanted:
            continue
        if int(unitid) in facts:
            raise DataError(path, line, f"UNITID: {unitid} appears twice")
        facts[int(unitid)] = _directory_facts(row, path, line, url_problems)
    return facts, url_problems


def _unique_slugs(institutions):
    """A slug per school: its name; name and city where names repeat; then the UNITID as a last resort."""
    base = {unitid: slugify(school["name"]) or f"school-{unitid}" for unitid, school in institutions.items()}
    base_count = Counter(base.values())
    slugs = {}
    for unitid, school in institutions.items():
        slug = base[unitid]
        if base_count[slug] > 1 and school["city"]:
            slug = f"{slug}-{slugify(school['city'])}"
        slugs[unitid] = slug
    slug_count = Counter(slugs.values())
    return {unitid: slug if slug_count[slug] == 1 else f"{slug}-{unitid}" for unitid, slug in slugs.items()}


def _point(school):
    if school.get("latitude") is None or school.get("longitude") is None:
        return None
    return (round(float(school["latitude"]), 6), round(float(school["longitude"]), 6))


def add_tuition(institutions, directory, tuition_path):
    """Give each school the yearly tuition and fees of its row in Scorecard's institution file, in place.

    Returns summary lines: how many schools and programs are priced, and every school left unpriced, why.
    """
    schools = {
        unitid: {
            "names": [school["name"], directory.get(unitid, {}).get("name", "")],
            "city": school.get("city", ""),
            "state": school.get("state", ""),
            "point": _point(school),
        }
        for unitid, school in institutions.items()
    }
    matched, unmatched = join_tuition(schools, tuition_path)
    ways, unreported = Counter(), 0
    for unitid, school in institutions.items():
        row, how = matched.get(unitid, (None, ""))
        figures = (row or {}).get("tuition_in_state"), (row or {}).get("tuition_out_of_state")
        if row is not None and figures == (None, None):
            unreported += 1
        priced = row is not None and figures != (None, None)
        if row is not None:
            ways[how] += 1
        school.update(
            tuition_in_state=figures[0],
            tuition_out_of_state=figures[1],
            tuition_year=TUITION_YEAR if priced else "",
            tuition_source=TUITION_SOURCE if priced else "",
        )
    lines = [
        f"tuition: {len(matched):,} of {len(institutions):,} schools found in {tuition_path.name} "
        f"({', '.join(f'{count:,} by {how}' for how, count in ways.most_common())}); {unreported:,} of them "
        f"report no tuition there; {len(unmatched):,} not found or not told apart, listed below",
    ]
    reasons = {
        "not found": "no row with this name in this state, nor at its coordinates",
        "ambiguous": "several rows fit and neither city nor coordinates tell them apart",
        "other campus": f"a row of this name lies more than {MAX_NAME_MATCH_KM} km away: another campus",
        "shared": "another school in the catalog fits the same row, so the row cannot say whose it is",
    }
    for unitid in sorted(unmatched, key=lambda unitid: (unmatched[unitid], institutions[unitid]["name"])):
        school = institutions[unitid]
        place = ", ".join(part for part in (school.get("city"), school.get("state")) if part)
        lines.append(
            f"  tuition {unmatched[unitid]}: {school['name']} ({place}; UNITID {unitid}): {reasons[unmatched[unitid]]}"
        )
    return lines


def build_schools(scorecard_path, dictionary_path, ipeds_path, cip_series_title, tuition_path):
    """(institutions, programs, outcomes, summary lines): rows for the three derived files, sorted."""
    dictionary_levels = read_credential_levels(dictionary_path)
    scorecard = read_scorecard(scorecard_path, dictionary_levels, cip_series_title)
    directory, url_problems = read_ipeds(ipeds_path, {row["unitid"] for row in scorecard})

    institutions, renamed = {}, 0
    for row in sorted(scorecard, key=lambda row: row["unitid"]):
        if row["unitid"] in institutions:
            continue
        if row["unitid"] in directory:
            # The 2026 Scorecard name is newer than HD2020's (Mills College is now Northeastern
            # University Oakland): students search for the name a school goes by today.
            school = directory[row["unitid"]]
            renamed += school["name"] != row["name"]
            institutions[row["unitid"]] = {**school, "name": row["name"]}
            continue
        institutions[row["unitid"]] = {
            "name": row["name"],
            "state": row["state"],
            "city": "",
            "source": INSTITUTION_SOURCE_SCORECARD_ONLY,
        }
    tuition_lines = add_tuition(institutions, directory, tuition_path)
    slugs = _unique_slugs(institutions)
    institution_rows = [
        {"unitid": unitid, "slug": slugs[unitid], **{key: cell(value) for key, value in school.items()}}
        for unitid, school in sorted(institutions.items())
    ]

    program_rows, outcome_rows = [], []
    for row in sorted(scorecard, key=lambda row: (row["unitid"], row["level"])):
        external_id = scorecard_external_id(row["unitid"], row["level"])
        source_url = scorecard_school_url(row["unitid"])
        program_rows.append(
            {
                "external_id": external_id,
                "unitid": row["unitid"],
                "slug": f"{slugs[row['unitid']]}-{LEVEL_SLUGS[row['level']]}",
                "title": row["title"],
                "cip_code": CIP_SERIES,
                "credential_level": row["level"],
                "status": Program.Status.PUBLISHED.value,
                "source_note": PROGRAM_SOURCE_NOTE,
                "source_url": source_url,
            }
        )
        outcome_rows.append(
            {
                "external_id": external_id,
                **{field: cell(row[field]) for field in OUTCOME_FIELDS},
                "source": OUTCOME_SOURCE,
                "source_url": source_url,
                "release_date": f"{SCORECARD_RELEASE:%Y-%m-%d}",
            }
        )
    duplicate_slugs = [slug for slug, count in Counter(row["slug"] for row in program_rows).items() if count > 1]
    if duplicate_slugs:
        raise DataError(scorecard_path, 0, f"two programs would share the slug {duplicate_slugs[0]!r}")

    priced = sum(1 for row in scorecard if institutions[row["unitid"]]["tuition_source"])
    missing = len(institutions) - len(directory)
    summary = [
        f"schools: {len(institutions):,} ({missing} not in IPEDS HD2020: Scorecard's name and state kept, "
        "other directory facts blank)",
        f"school names: {renamed} differ from HD2020; the newer Scorecard name is kept",
        f"school URLs: {url_problems['encoded']} with spaces or accents percent-encoded, "
        f"{url_problems['invalid']} not valid URLs left blank",
        f"programs: {len(program_rows):,}; outcomes: {len(outcome_rows):,} "
        f"({sum(1 for row in scorecard if row['median_earnings'] is not None):,} with median earnings)",
        f"programs priced by their school's tuition and fees: {priced:,} of {len(program_rows):,} "
        f"({priced / max(len(program_rows), 1):.1%})",
        *tuition_lines,
    ]
    return institution_rows, program_rows, outcome_rows, summary
