"""Which public files the careers data comes from, how each release is cited, and the derived files' shape."""

import datetime
from pathlib import Path

# The occupations the site covers (SOC 2018). Earlier codes (SOC 2010) come from the hand-written
# soc_changes.csv, so the 29-2071 split is data rather than code.
OCCUPATION_CODES = ("11-9111", "29-2072", "29-9021")

CURATED_DIR = Path(__file__).resolve().parent.parent / "data"
SOC_CHANGES_FILE = "soc_changes.csv"
# Hand-written and cited, like soc_changes.csv: figures quoted from publications whose tables we do not
# have, and BLS's job-outlook phrases with the growth each one starts at, per projection period.
QUOTED_PROJECTIONS_FILE = "quoted_projections.csv"
OUTLOOK_THRESHOLDS_FILE = "outlook_thresholds.csv"
# BLS's own growth phrase for one occupation and period, where the Handbook's profile gave it.
OUTLOOK_STATEMENTS_FILE = "outlook_statements.csv"
CURATED_FILES = (SOC_CHANGES_FILE, QUOTED_PROJECTIONS_FILE, OUTLOOK_THRESHOLDS_FILE, OUTLOOK_STATEMENTS_FILE)

OEWS_2025_FILE = "oews_may2025_soc_292072_119111_299021.csv"
OES_2014_FILE = "bls_oes_national_M2014_dl.csv"
ONET_FILE = "onet_occupation_data_careergenie.csv"

OEWS_TABLES_URL = "https://www.bls.gov/oes/tables.htm"
WAGE_RELEASES = {
    OEWS_2025_FILE: {
        "release": "May 2025",
        "reference_date": datetime.date(2025, 5, 1),
        "source": "BLS Occupational Employment and Wage Statistics (OEWS), May 2025",
        "source_url": OEWS_TABLES_URL,
    },
    OES_2014_FILE: {
        "release": "May 2014",
        "reference_date": datetime.date(2014, 5, 1),
        "source": "BLS Occupational Employment Statistics (OES), May 2014",
        "source_url": OEWS_TABLES_URL,
    },
}

# The Employment Projections tables we build from, and the SOC version each uses (it decides which of
# our codes to look for). Their columns and period are read from each file's header.
EP_URL = "https://www.bls.gov/emp/"
PROJECTION_RELEASES = {
    "bls_ep_2016-26_ipatents.csv": {"soc_version": 2010},
    "bls_ep_2021-31_nafrye.csv": {"soc_version": 2018},
}
# Occupation.entry_education comes from the newest projections table.
ENTRY_EDUCATION_FILE = "bls_ep_2021-31_nafrye.csv"

# The Occupational Outlook Handbook's profile of each occupation. BLS kept the 2012 address of the
# medical records profile when SOC 2018 renamed the occupation "Medical Records Specialists".
OOH_PROFILES = {
    "11-9111": "https://www.bls.gov/ooh/management/medical-and-health-services-managers.htm",
    "29-2072": "https://www.bls.gov/ooh/healthcare/medical-records-and-health-information-technicians.htm",
    "29-9021": "https://www.bls.gov/ooh/healthcare/health-information-technologists-and-medical-registrars.htm",
}

# O*NET asks to be credited this way (CC BY 4.0); see ../shared/data/README.md.
ONET_SOURCE = "O*NET 30.x Database, U.S. Department of Labor (CC BY 4.0)"

# The derived files in careers/data/ and their columns, in order.
OCCUPATIONS_FILE = "occupations.csv"
OCCUPATION_FIELDS = [
    "soc_code",
    "title",
    "slug",
    "summary",
    "summary_source",
    "entry_education",
    "entry_education_source",
    "ooh_url",
]

SOC_CHANGE_FIELDS = ["soc_code", "previous_soc_code", "previous_title", "soc_change_note"]

# Each wage row names its release; how a release is dated and cited is said once, in wage_releases.csv.
WAGE_RELEASES_FILE = "wage_releases.csv"
WAGE_RELEASE_FIELDS = ["release", "reference_date", "source", "source_url"]

WAGES_FILE = "wage_estimates.csv"
PERCENTILES = ["annual_p10", "annual_p25", "annual_median", "annual_p75", "annual_p90"]
WAGE_FIELDS = [
    "soc_code",
    "published_title",
    "release",
    "area_type",
    "area_code",
    "area_name",
    "industry_code",
    "industry_name",
    "employment",
    "annual_mean",
    *PERCENTILES,
    "hourly_mean",
    "hourly_median",
]

PROJECTIONS_FILE = "projections.csv"
PROJECTION_FIELDS = [
    "soc_code",
    "base_year",
    "target_year",
    "base_employment",
    "projected_employment",
    "percent_change",
    "annual_openings",
    "base_year_median_wage",
    "entry_education",
    "source",
    "source_url",
]

QUOTED_PROJECTION_FIELDS = [
    "soc_code",
    "base_year",
    "target_year",
    "base_employment",
    "projected_employment",
    "percent_change",
    "annual_openings",
    "quoted_descriptor",
    "source",
    "source_url",
    "note",
]

OUTLOOK_THRESHOLD_FIELDS = ["base_year", "target_year", "descriptor", "min_percent", "source", "source_url"]
OUTLOOK_STATEMENT_FIELDS = [
    "soc_code",
    "base_year",
    "target_year",
    "stated_percent",
    "descriptor",
    "source",
    "source_url",
    "note",
]
