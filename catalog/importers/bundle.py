"""The shape of catalog's bundled data set: file names, columns and the citations stored with each row.

The build writes these files and the load reads them, so both take their names from here.
"""

import datetime

# Public files in ../shared/data, in their publishers' formats.
CIP_SOURCE_FILE = "CIPCode2020_nces_full.csv"
SCORECARD_SOURCE_FILE = "scorecard_fos_cip5107_truewise_2026-06.csv"
SCORECARD_DICTIONARY_FILE = "scorecard_fos_data_dictionary.csv"
IPEDS_SOURCE_FILE = "ipeds_hd2020_ncaa_geog.csv"
IPEDS_ENCODING = "cp1252"
CROSSWALK_SOURCE_FILE = "ccc_top_cip2020_soc2018_crosswalk_2025-02.csv"
SCORECARD_INSTITUTIONS_FILE = "scorecard_institutions_subset_ma346.csv"

# Derived files in catalog/data, and their columns in order.
CIP_CODES_FILE = "cip_codes.csv"
CIP_CODES_COLUMNS = ["code", "title", "definition"]

CIP_OCCUPATIONS_FILE = "cip_occupations.csv"
# The titles are there for people reviewing the links; the load reads only the two codes.
CIP_OCCUPATIONS_COLUMNS = ["cip_code", "soc_code", "cip_title", "soc_title"]

INSTITUTIONS_FILE = "institutions.csv"
INSTITUTIONS_COLUMNS = [
    "unitid",
    "opeid6",
    "name",
    "slug",
    "city",
    "state",
    "zip_code",
    "ownership",
    "locale",
    "cbsa_code",
    "website",
    "net_price_calculator_url",
    "financial_aid_url",
    "latitude",
    "longitude",
    "source",
    "tuition_in_state",
    "tuition_out_of_state",
    "tuition_year",
    "tuition_source",
]

PROGRAMS_FILE = "programs.csv"
PROGRAMS_COLUMNS = [
    "external_id",
    "unitid",
    "slug",
    "title",
    "cip_code",
    "credential_level",
    "status",
    "source_note",
    "source_url",
]

OUTCOMES_FILE = "outcomes.csv"
OUTCOMES_COLUMNS = [
    "external_id",
    "median_earnings",
    "earnings_horizon",
    "median_debt",
    "debt_to_earnings_ratio",
    "completers",
    "state_hs_earnings_threshold",
    "earns_more_than_hs_graduates",
    "source",
    "source_url",
    "release_date",
]

# The occupations this catalog is about; crosswalk links to any other SOC code are left out.
OCCUPATION_SOC_CODES = ("11-9111", "29-2072", "29-9021")

SCORECARD_RELEASE = datetime.date(2026, 6, 10)
SCORECARD_CIP = "5107"
PROGRAM_SOURCE_NOTE = f"College Scorecard field-of-study data, CIP 51.07, release {SCORECARD_RELEASE:%Y-%m-%d}"
OUTCOME_SOURCE = "College Scorecard field-of-study data, CIP 51.07"
INSTITUTION_SOURCE = "Name: College Scorecard, 2026-06-10 release; directory facts: IPEDS HD2020 (NCES)"
INSTITUTION_SOURCE_SCORECARD_ONLY = (
    f"College Scorecard field-of-study data, release {SCORECARD_RELEASE:%Y-%m-%d} (not in IPEDS HD2020)"
)


# College Scorecard's institution-level TUITIONFEE_IN / TUITIONFEE_OUT: published tuition and required fees
# for a year of full-time undergraduate study (docs/data.md says how the year was established).
TUITION_SOURCE = "College Scorecard"
TUITION_YEAR = "2018-19"


def scorecard_school_url(unitid):
    return f"https://collegescorecard.ed.gov/school/?{unitid}"


def scorecard_external_id(unitid, credential_level):
    return f"scorecard:{unitid}:{SCORECARD_CIP}:{credential_level}"


# IPEDS program-level files (NCES), when the source folder has them: catalog/importers/ipeds.py.
PROGRAM_FIELDS_FILE = "program_fields.csv"
PROGRAM_FIELDS_KEY_COLUMNS = ["external_id", "cip_code"]
