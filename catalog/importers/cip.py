"""Build: the CIP 51.07 family from NCES's CIP 2020 file, and its links to our occupations' SOC codes."""

from catalog.importing import DataError, read_csv

from .bundle import OCCUPATION_SOC_CODES
from .values import CIP_CODE, CIP_SERIES, public_cip_code

CIP_COLUMNS = ("CIPCode", "CIPTitle", "CIPDefinition")
CROSSWALK_COLUMNS = ("2020 CIP Code", "2018 SOC Code", "2018 SOC Title")


def _in_family(code):
    return code == CIP_SERIES or (code.startswith(CIP_SERIES) and len(code) == 7)


def build_cip_codes(path):
    """Rows for the series 51.07 and every 51.07xx code, titles without NCES's closing period."""
    rows = {}
    for line, row in read_csv(path, required=CIP_COLUMNS):
        code = public_cip_code(row["CIPCode"])
        if not _in_family(code):
            continue
        if code != CIP_SERIES and not CIP_CODE.match(code):
            raise DataError(path, line, f"CIPCode: {code!r} is not a code like 51.0713")
        if code in rows:
            raise DataError(path, line, f"CIPCode: {code} appears twice")
        title = row["CIPTitle"].strip().removesuffix(".").strip()
        if not title:
            raise DataError(path, line, f"CIPTitle: code {code} has no title")
        rows[code] = {"code": code, "title": title, "definition": row["CIPDefinition"].strip()}
    if CIP_SERIES not in rows:
        raise DataError(path, 0, f"the CIP series {CIP_SERIES} is not in the file")
    return [rows[code] for code in sorted(rows)]


def build_cip_occupations(path, cip_titles):
    """The crosswalk's CIP 51.07xx -> SOC links for our three occupations, each once, sorted.

    The crosswalk maps one college program area to many SOC codes and is noisy (51.0713 Coder to
    Surgical Assistants); keeping only our occupations' codes leaves links a reviewer can check by hand.
    """
    links = {}
    for line, row in read_csv(path, required=CROSSWALK_COLUMNS):
        code = public_cip_code(row["2020 CIP Code"])
        soc_code = row["2018 SOC Code"].strip()
        if not (code.startswith(CIP_SERIES) and soc_code in OCCUPATION_SOC_CODES):
            continue
        if code not in cip_titles or code == CIP_SERIES:
            raise DataError(path, line, f"2020 CIP Code: {code!r} is not a CIP 2020 code in the 51.07 series")
        links.setdefault(
            (code, soc_code),
            {
                "cip_code": code,
                "soc_code": soc_code,
                "cip_title": cip_titles[code],
                "soc_title": row["2018 SOC Title"].strip(),
            },
        )
    return [links[key] for key in sorted(links)]
