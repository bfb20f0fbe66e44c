"""Reading what a student types into the search box: states, words, phrases, exclusions, synonyms.

Pure text work, no database: `parse()` turns a query into the states it names and the terms to
match, which both search backends (PostgreSQL and SQLite) compile from the same structure.
"""

import re
from dataclasses import dataclass, field

from . import intent, spanish

# The filter caps `q` at 200 characters already; anything handed to the search directly is capped too.
MAX_QUERY_CHARS = 200
MAX_SEARCH_WORDS = 10
MAX_WORD_CHARS = 50

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
# Longest names first so "West Virginia" is taken before "Virginia"; "-texas" is an exclusion, not a state.
_STATE_NAME_PATTERN = re.compile(
    r"(?<![\w-])(" + "|".join(re.escape(name) for name in sorted(US_STATES.values(), key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)
_STATE_BY_NAME = {name.lower(): code for code, name in US_STATES.items()}

# The English stop words PostgreSQL's `english` configuration drops (Snowball's list), plus a few words
# students type around the ones that matter ("coding near me", "billing programs"). SQLite's FTS5 keeps
# every word, so dropping them here makes both databases match the same programs. Lower-case "in", "or",
# "me" and "as" are read as words, not as Indiana, Oregon, Maine and American Samoa; upper-case they are states.
_STOP_WORD_LIST = """
    a about above after again against all am an and any are as at be because been before being below between
    both but by can did do does doing don down during each few for from further had has have having he her
    here hers herself him himself his how i if in into is it its itself just me more most my myself near no
    nor not now of off on once only or other our ours ourselves out over own program programs s same she
    should so some such t than that the their theirs them themselves then there these they this those
    through to too under until up very was we were what when where which while who whom why will with you
    your yours yourself yourselves
"""
STOP_WORDS = frozenset(_STOP_WORD_LIST.split())

# Expanded at query time: each typed word is OR-ed with its alternatives. Not at index time, because
# - the index keeps what a listing says, so a rank reflects the school's own words;
# - a synonym added here works at once, with no reindex of every program;
# - an abbreviation can stand for a phrase ("HIM"), matched as a phrase, not as three loose words.
# Plurals and -ing forms need no entry: both databases stem English ("records" finds "Record").
SYNONYMS = {
    # CIP 2020 files HIM programs under 51.0706 and HIT under 51.0707, whose titles say it another way.
    "him": ["health information management", "health information medical records administration"],
    "hit": [
        "health information technology",
        "health information technician",
        "health information medical records technology",
    ],
    "ehr": ["electronic health records"],
    "billing": ["biller"],
    "biller": ["billing"],
    "billers": ["billing"],
    "coding": ["coder"],
    "coder": ["coding"],
    "coders": ["coding"],
    "aas": ["associate"],
    "aa": ["associate"],
    "associate": ["aas"],
    "cert": ["certificate"],
    "certs": ["certificate"],
    "certificate": ["cert"],
    "bs": ["bachelor"],
    "ba": ["bachelor"],
    "bsc": ["bachelor"],
    "bas": ["bachelor"],
    # "MS" and "MA" alone are Mississippi and Massachusetts; typed with dots (M.S.) they are degrees.
    "ms": ["master"],
    "ma": ["master"],
    "msc": ["master"],
    "mha": ["master"],
    "mba": ["master"],
    "phd": ["doctoral"],
    "doctorate": ["doctoral"],
    "distance": ["online"],
    "remote": ["online"],
    "virtual": ["online"],
    "blended": ["hybrid"],
    "admin": ["administration"],
    "mgmt": ["management"],
    "tech": ["technology", "technician"],
    "med": ["medical"],
}

_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CURLY_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'"})
_POSSESSIVE = re.compile(r"'s\b", re.IGNORECASE)
# Letters and digits only: what both PostgreSQL's parser and FTS5's unicode61 tokenizer treat as words,
# so every term we build is a plain word that cannot be read as search syntax.
_WORD = re.compile(r"[^\W_]+")
_DOTTED_ABBREVIATION = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]?\.?")
_EDGE_PUNCTUATION = ".,;:!?'()[]{}<>"


def clean(query):
    """The query as one line of printable text, at most MAX_QUERY_CHARS long (NUL bytes and all)."""
    text = _CONTROL_CHARACTERS.sub(" ", str(query or "")).translate(_CURLY_QUOTES)
    return " ".join(text.split())[:MAX_QUERY_CHARS].strip()


def words(text):
    """Lower-case words of a text as both databases see them: "Specialist/Coder's" -> ["specialist", "coder"]."""
    return [word.lower() for word in _WORD.findall(_POSSESSIVE.sub("", text))]


def stem(word):
    """A crude English stem so "billers" is known when "billing" is; stems stay 4+ letters."""
    lowered = word.lower()
    for suffix in ("ing", "ers", "er", "es", "s"):
        if lowered.endswith(suffix) and len(lowered) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


@dataclass(frozen=True)
class Term:
    """One word, or a phrase whose words must appear in this order; `exact` when typed in quotes."""

    words: tuple
    exact: bool = False

    @property
    def text(self):
        return " ".join(self.words)


@dataclass
class ParsedQuery:
    text: str
    states: list = field(default_factory=list)
    # Each slot is a list of terms typed with "or" between them; a program must match every slot.
    slots: list = field(default_factory=list)
    excluded: list = field(default_factory=list)
    truncated: bool = False
    # What was typed, less the states it names and the "in" or "or" before each: "coding in Texas" -> "coding".
    # Headings quote it next to the states, so they do not say "in Texas matching “coding in Texas”".
    remainder: str = ""
    # Credential levels and delivery modes the query names ("certificate", "online"): filters, not words.
    found: intent.Found = field(default_factory=intent.Found.empty)


# Stands for a state name taken out of an unquoted piece; clean() leaves no control characters to clash with.
_STATE_MARK = "\x00"
# Words that only tie a state to the rest of the query, dropped with it from the remainder.
_STATE_JOINERS = {"in", "near", "or", "and", ","}
_EDGE_JOINERS = _STATE_JOINERS | {"for", "of"}


def _word_terms(token):
    """A bare token's words as single-word terms, stop words dropped (synonym keys such as "him" are kept)."""
    if _DOTTED_ABBREVIATION.fullmatch(token):
        token = token.replace(".", "")  # M.S. -> ms, A.A.S. -> aas
    return [
        Term((word,))
        for word in words(token)
        if len(word) <= MAX_WORD_CHARS and (word in SYNONYMS or word not in STOP_WORDS)
    ]


def _state_code(token):
    """ "TX", "tx" and "oh" are states; lower-case "in", "or", "me", "as" are words; "In" is a word too."""
    if len(token) == 2 and token.upper() in US_STATES and (token.isupper() or token.lower() not in STOP_WORDS):
        return token.upper()
    return None


def parse(query):
    """Read a query the way web search engines do: words are ANDed, "quoted phrases", -excluded, a or b.

    Unlike PostgreSQL's `websearch_to_tsquery`, where `a b or c` means `(a b) or c`, "or" joins only
    the two terms around it (`a (b or c)`), which is what a student typing "coding or billing certificate"
    means. State names and codes outside quotes become `states`, a filter rather than words to match, and
    so do credential levels and delivery modes (`found`, see intent.py).
    """
    # Spanish search words read as the English ones the listings use (spanish.py): "en línea" is "online".
    text = clean(spanish.to_english(clean(query)))
    parsed = ParsedQuery(text=text)
    pending_or = False
    shown = []  # the tokens of the remainder, as typed

    def drop_state():
        if shown and shown[-1].lower() in _STATE_JOINERS:
            shown.pop()

    def add(term, negated):
        nonlocal pending_or
        if negated:
            parsed.excluded.append(term)
        elif pending_or and parsed.slots:
            parsed.slots[-1].append(term)
        elif [term] in parsed.slots:
            pass  # "coding coding" asks for nothing more than "coding"
        elif len(parsed.slots) < MAX_SEARCH_WORDS:
            parsed.slots.append([term])
        else:
            parsed.truncated = True
        pending_or = False

    # Even pieces are outside quotes, odd pieces inside; an unclosed quote runs to the end, as in websearch.
    pieces = text.split('"')
    for index, piece in enumerate(pieces):
        if index % 2:
            quoted = f'"{piece}"' if index < len(pieces) - 1 else f'"{piece}'
            if shown and shown[-1] == "-":
                shown[-1] += quoted
            else:
                shown.append(quoted)
            phrase = tuple(word for word in words(piece) if len(word) <= MAX_WORD_CHARS)[:MAX_SEARCH_WORDS]
            # PostgreSQL drops stop words even inside quotes: a phrase of nothing else matches nothing there.
            if not STOP_WORDS.issuperset(phrase):
                add(Term(phrase, exact=True), negated=pieces[index - 1].endswith("-"))
            continue

        def take_state(match):
            parsed.states.append(_STATE_BY_NAME[match.group(0).lower()])
            return f" {_STATE_MARK} "

        piece = intent.take(piece, parsed.found, text)
        for typed in _STATE_NAME_PATTERN.sub(take_state, piece).split():
            if typed == _STATE_MARK:
                drop_state()
                continue
            if typed == intent.MARK:
                continue
            if typed == "or":
                pending_or = True
                shown.append(typed)
                continue
            negated = typed.startswith("-")
            token = typed.lstrip("-").strip(_EDGE_PUNCTUATION)
            code = None if negated or not token else _state_code(token)
            if code:
                parsed.states.append(code)
                drop_state()
                continue
            shown.append(typed)
            if not token:
                continue
            for term in _word_terms(token):
                add(term, negated)
    parsed.states = list(dict.fromkeys(parsed.states))
    parsed.excluded = list(dict.fromkeys(parsed.excluded))
    # A joiner left at either end by a level or delivery phrase: "associate degree in HIT" -> "HIT".
    while shown and shown[0].lower() in _EDGE_JOINERS:
        shown.pop(0)
    while shown and shown[-1].lower() in _EDGE_JOINERS:
        shown.pop()
    parsed.remainder = " ".join(shown)
    return parsed


def parse_search(query):
    """Split a typed query into (state codes, words): "coding in New York" -> (["NY"], ["coding"])."""
    parsed = parse(query)
    return parsed.states, [word for slot in parsed.slots for term in slot for word in term.words]


def alternatives(term):
    """The term and its synonyms, each a Term; stop words alone ("him") match nothing, so they are left out."""
    if term.exact:
        return [term]
    found = [term] if not (len(term.words) == 1 and term.words[0] in STOP_WORDS) else []
    if len(term.words) == 1:
        found += [Term(tuple(synonym.split())) for synonym in SYNONYMS.get(term.words[0], [])]
    return list(dict.fromkeys(found))
