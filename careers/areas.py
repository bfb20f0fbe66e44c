"""Which state an OEWS area is in, for the state and metro-area tables.

OEWS codes a state as its two-digit FIPS code followed by zeros (Ohio 3900000) and a nonmetropolitan
area as the state's FIPS code and a number (3900001); a metropolitan area is 00 and its CBSA code,
named after its principal cities and the states it spans ("Cincinnati, OH-KY-IN").
"""

import re

# FIPS state codes (U.S. Census Bureau) -> USPS abbreviation, for every state, DC and territory OEWS covers.
FIPS_TO_POSTAL = {
    "01": "AL", "02": "AK", "04": "AZ", "05": "AR", "06": "CA", "08": "CO", "09": "CT", "10": "DE",
    "11": "DC", "12": "FL", "13": "GA", "15": "HI", "16": "ID", "17": "IL", "18": "IN", "19": "IA",
    "20": "KS", "21": "KY", "22": "LA", "23": "ME", "24": "MD", "25": "MA", "26": "MI", "27": "MN",
    "28": "MS", "29": "MO", "30": "MT", "31": "NE", "32": "NV", "33": "NH", "34": "NJ", "35": "NM",
    "36": "NY", "37": "NC", "38": "ND", "39": "OH", "40": "OK", "41": "OR", "42": "PA", "44": "RI",
    "45": "SC", "46": "SD", "47": "TN", "48": "TX", "49": "UT", "50": "VT", "51": "VA", "53": "WA",
    "54": "WV", "55": "WI", "56": "WY", "60": "AS", "66": "GU", "69": "MP", "72": "PR", "78": "VI",
}  # fmt: skip
POSTAL_TO_FIPS = {postal: fips for fips, postal in FIPS_TO_POSTAL.items()}
# A metropolitan area's code begins with this; a state's or a nonmetropolitan area's with the state's FIPS code.
METRO_CODE_PREFIX = "00"
METRO_STATES = re.compile(r", ([A-Z]{2}(?:-[A-Z]{2})*)$")


def state_of(area_code):
    """The USPS abbreviation of a state-level OEWS area code ("3900000" -> "OH"); "" when unknown."""
    return FIPS_TO_POSTAL.get((area_code or "")[:2], "")


def states_of_area(area_code, area_name):
    """Every state a metropolitan or nonmetropolitan area lies in, as USPS abbreviations."""
    match = METRO_STATES.search(area_name or "")
    if (area_code or "").startswith(METRO_CODE_PREFIX) and match:
        return match.group(1).split("-")
    state = state_of(area_code)
    return [state] if state else []
