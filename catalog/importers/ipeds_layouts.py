"""What NCES's IPEDS program-level files look like: their surveys, names, columns and codes (docs/data.md).

ipeds_files.py reads files with these; ipeds_fields.py attaches their rows to programs through AWARD_LEVELS.
"""

import re
from dataclasses import dataclass

# The four surveys and the columns each must have (the NCES names; other columns are ignored).
COMPLETIONS = "C_A"
PROGRAMS = "DEP"
ACADEMIC_YEAR_CHARGES = "IC_AY"
PROGRAM_CHARGES = "IC_PY"
SURVEY_NAMES = {
    COMPLETIONS: "Completions (C{year}_A)",
    PROGRAMS: "programs offered and offered by distance education (C{year}DEP)",
    ACADEMIC_YEAR_CHARGES: "academic-year charges (IC{year}_AY)",
    PROGRAM_CHARGES: "program charges (IC{year}_PY)",
}
FILE_NAMES = {
    COMPLETIONS: "C{year}_A",
    PROGRAMS: "C{year}DEP",
    ACADEMIC_YEAR_CHARGES: "IC{year}_AY",
    PROGRAM_CHARGES: "IC{year}_PY",
}

# DEP: each award level's column and the IPEDS award level (AWLEVEL) it stands for. At a 6-digit code a level's
# column is 1 when the school offers it, its "DE" column 1 when all its programs can be completed entirely by
# distance education and, from 2020-21, its "DES" column 1 when some can (NCES's descriptions). Files from
# 2020-21 on split certificates under one year in two (PCERT1A, PCERT1B); older ones have PCERT1, and no DES
# column, so there DE 0 reads as none. The doctor's columns are read when the file has them.
PROGRAM_LEVEL_COLUMNS = {
    "PCERT1A": 20,
    "PCERT1B": 21,
    "PCERT1": 1,
    "PCERT2": 2,
    "PASSOC": 3,
    "PCERT4": 4,
    "PBACHL": 5,
    "PPBACC": 6,
    "PMASTR": 7,
    "PPMAST": 8,
    "PDOCRS": 17,
    "PDOCPP": 18,
    "PDOCOT": 19,
}
PROGRAM_REQUIRED_LEVELS = ("PASSOC", "PBACHL", "PMASTR", "PCERT2", "PCERT4", "PPBACC", "PPMAST")
PROGRAM_CERTIFICATE_LAYOUTS = (("PCERT1A", "PCERT1B"), ("PCERT1",))
# IC_PY: up to six programs, numbered 1 to 6; PRGMSR says whether CIPLGTH counts contact or credit hours.
PROGRAM_CHARGE_SLOTS = range(1, 7)
LENGTH_UNITS = {"1": "contact_hours", "2": "credit_hours"}
REQUIRED_COLUMNS = {
    COMPLETIONS: ("UNITID", "CIPCODE", "MAJORNUM", "AWLEVEL", "CTOTALT"),
    PROGRAMS: ("UNITID", "CIPCODE", "PTOTAL", "PTOTALDE")
    + tuple(name + suffix for name in PROGRAM_REQUIRED_LEVELS for suffix in ("", "DE")),
    ACADEMIC_YEAR_CHARGES: ("UNITID", "TUITION1", "FEE1", "TUITION2", "FEE2", "TUITION3", "FEE3"),
    PROGRAM_CHARGES: ("UNITID", "CIPCODE1", "CIPTUIT1", "CIPSUPP1", "CIPLGTH1", "PRGMSR1"),
}
# c2023_a.csv, C2023DEP.csv, c2023_dep.csv, ic2023_ay.csv, IC2023_PY_RV.csv (a revised release) ...
FILE_NAME = re.compile(r"^(?P<prefix>ic|c)(?P<year>\d{4})(?P<part>_a|_?dep|_ay|_py)?(?:_rv)?\b", re.IGNORECASE)
FILE_PARTS = {
    ("c", "_a"): COMPLETIONS,
    ("c", "dep"): PROGRAMS,
    ("c", "_dep"): PROGRAMS,
    ("ic", "_ay"): ACADEMIC_YEAR_CHARGES,
    ("ic", "_py"): PROGRAM_CHARGES,
}

# Plausibility limits of the Institution and ProgramField models, checked here to name the line.
MAX_YEARLY_CHARGES = 200_000
MAX_PROGRAM_CHARGES = 500_000


@dataclass(frozen=True)
class AwardLevel:
    """An IPEDS AWLEVEL, the Scorecard credential level (CREDLEV) it is counted under, and its length, if any."""

    label: str
    credential_level: int
    length: str = ""  # "under_1_year", "1_to_2_years" or "2_to_4_years" for an undergraduate certificate


# IPEDS award levels (AWLEVEL) and the College Scorecard credential level (CREDLEV) each is counted under: Exhibit 1,
# "Correspondence of NSLDS credential level to IPEDS award level", of College Scorecard's "Technical Documentation:
# Data by Field of Study" (June 2024). Scorecard's levels come from federal aid records (NSLDS), not from IPEDS, so
# the two "do not exactly match": CREDLEV 4 (post-baccalaureate certificates) has no IPEDS award level, and Scorecard
# notes some IPEDS postbaccalaureate certificates are NSLDS post-baccalaureate ones. docs/data.md has the table.
UNDER_1_YEAR, ONE_TO_2_YEARS, TWO_TO_4_YEARS = "under_1_year", "1_to_2_years", "2_to_4_years"
AWARD_LEVELS = {
    1: AwardLevel("Award of less than 1 academic year (files before 2020-21)", 1, UNDER_1_YEAR),
    20: AwardLevel("Certificate of less than 12 weeks", 1, UNDER_1_YEAR),
    21: AwardLevel("Certificate of at least 12 weeks but less than 1 year", 1, UNDER_1_YEAR),
    2: AwardLevel("Certificate of at least 1 but less than 2 years", 1, ONE_TO_2_YEARS),
    4: AwardLevel("Certificate of at least 2 but less than 4 years", 1, TWO_TO_4_YEARS),
    3: AwardLevel("Associate's degree", 2),
    5: AwardLevel("Bachelor's degree", 3),
    7: AwardLevel("Master's degree", 5),
    17: AwardLevel("Doctor's degree - research/scholarship", 6),
    19: AwardLevel("Doctor's degree - other", 6),
    18: AwardLevel("Doctor's degree - professional practice", 7),
    6: AwardLevel("Postbaccalaureate certificate", 8),
    8: AwardLevel("Post-master's certificate", 8),
}
