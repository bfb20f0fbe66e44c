"""Reading what a student types into the program search box: states, words, and word stems."""

import re

# Postal abbreviations of the states, DC and territories College Scorecard reports, so a student can
# type "coding ohio" or "billing OH" and get that state's schools rather than every title containing "oh".
US_STATES = {
    "AL": "Alabama",
    "AK": "Alaska",
    "AZ": "Arizona",
    "AR": "Arkansas",
    "CA": "California",
    "CO": "Colorado",
    "CT": "Connecticut",
    "DE": "Delaware",
    "DC": "District of Columbia",
    "FL": "Florida",
    "GA": "Georgia",
    "HI": "Hawaii",
    "ID": "Idaho",
    "IL": "Illinois",
    "IN": "Indiana",
    "IA": "Iowa",
    "KS": "Kansas",
    "KY": "Kentucky",
    "LA": "Louisiana",
    "ME": "Maine",
    "MD": "Maryland",
    "MA": "Massachusetts",
    "MI": "Michigan",
    "MN": "Minnesota",
    "MS": "Mississippi",
    "MO": "Missouri",
    "MT": "Montana",
    "NE": "Nebraska",
    "NV": "Nevada",
    "NH": "New Hampshire",
    "NJ": "New Jersey",
    "NM": "New Mexico",
    "NY": "New York",
    "NC": "North Carolina",
    "ND": "North Dakota",
    "OH": "Ohio",
    "OK": "Oklahoma",
    "OR": "Oregon",
    "PA": "Pennsylvania",
    "RI": "Rhode Island",
    "SC": "South Carolina",
    "SD": "South Dakota",
    "TN": "Tennessee",
    "TX": "Texas",
    "UT": "Utah",
    "VT": "Vermont",
    "VA": "Virginia",
    "WA": "Washington",
    "WV": "West Virginia",
    "WI": "Wisconsin",
    "WY": "Wyoming",
    "AS": "American Samoa",
    "GU": "Guam",
    "MP": "Northern Mariana Islands",
    "PR": "Puerto Rico",
    "VI": "Virgin Islands",
    "FM": "Micronesia",
    "MH": "Marshall Islands",
    "PW": "Palau",
}
# Longest names first so "West Virginia" is taken before "Virginia".
_STATE_NAME_PATTERN = re.compile(
    r"\b(" + "|".join(re.escape(name) for name in sorted(US_STATES.values(), key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)
_STATE_BY_NAME = {name.lower(): code for code, name in US_STATES.items()}
# Little words a student types around the words that matter ("coding near me", "billing in texas").
# Lower-case "in", "or" and "me" are read as words, not as Indiana, Oregon and Maine; upper-case they are states.
_STOP_WORDS = {"a", "an", "and", "at", "for", "in", "me", "near", "of", "or", "the", "to"}
MAX_SEARCH_WORDS = 10


def stem(word):
    """A crude English stem so "billing" finds "Biller" and "records" finds "Record"; stems stay 4+ letters."""
    lowered = word.lower()
    for suffix in ("ing", "ers", "er", "es", "s"):
        if lowered.endswith(suffix) and len(lowered) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def parse_search(query):
    """Split a typed query into (state codes, words): "coding in New York" -> (["NY"], ["coding"])."""
    text = " ".join((query or "").split())
    states = []

    def take_state(match):
        states.append(_STATE_BY_NAME[match.group(0).lower()])
        return " "

    text = _STATE_NAME_PATTERN.sub(take_state, text)
    words = []
    for token in text.split():
        token = token.strip(".,;:!?\"'()")
        if not token:
            continue
        if len(token) == 2 and token.upper() in US_STATES and (token.isupper() or token not in _STOP_WORDS):
            states.append(token.upper())
        elif token.lower() not in _STOP_WORDS:
            words.append(token)
    return list(dict.fromkeys(states)), words[:MAX_SEARCH_WORDS]
