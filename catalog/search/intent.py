"""Words in a query that name a credential level or a delivery mode: "certificate", "associate's", "online".

A student who types "online medical coding certificate in Texas" asks for certificates, taught online, in
Texas, about medical coding. The level and the delivery are facts of the listing, not words its text must
contain, so they are taken out of the query and applied as filters (catalog/filters.py), the way a state
name is. Pure text work: `take(piece, found)` replaces each such phrase in an unquoted piece of the query by a
marker and records it; `strip(text, kind)` gives the query without one kind, for the link that removes
that filter again.

Credential levels are College Scorecard's CREDLEV codes (catalog.models.Program.CredentialLevel).
"""

import re
from dataclasses import dataclass

_JOINERS = {"in", "or", "and", "for", "of"}
# Stands for a phrase taken out of the query; clean() leaves no control characters to clash with.
MARK = "\x01"

UNDERGRADUATE_CERTIFICATE = 1
ASSOCIATE = 2
BACHELOR = 3
POST_BACCALAUREATE_CERTIFICATE = 4
MASTER = 5
DOCTORAL = 6
GRADUATE_CERTIFICATE = 8

# Not "certification": "CPC certification" is the credential, not a program that leads to it.
_CERTIFICATE = r"(?:certificates?|certs?|diplomas?)"
_DEGREE = r"(?:\s+degrees?)?"
# Longest and most specific first: "graduate certificate" before "certificate".
LEVEL_PHRASES = [
    (rf"(?:post-?\s?graduate|graduate)\s+{_CERTIFICATE}", [POST_BACCALAUREATE_CERTIFICATE, GRADUATE_CERTIFICATE]),
    (rf"post-?\s?bacc(?:alaureate)?\.?(?:\s+{_CERTIFICATE})?", [POST_BACCALAUREATE_CERTIFICATE]),
    (rf"associate(?:'s|s)?{_DEGREE}|a\.a\.s\.|a\.a\.s|aas|a\.a\.", [ASSOCIATE]),
    (rf"bachelor(?:'s|s)?{_DEGREE}|b\.s\.|b\.a\.|bsc|bas", [BACHELOR]),
    (rf"master(?:'s|s)?{_DEGREE}|m\.s\.|m\.a\.|msc|mha|mba", [MASTER]),
    (r"doctoral(?:\s+degrees?)?|doctorates?|ph\.?d\.?", [DOCTORAL]),
    (_CERTIFICATE, [UNDERGRADUATE_CERTIFICATE]),
]
# "graduate" typed anywhere turns a plain "certificate" into a graduate one ("certificate for graduates").
_GRADUATE_WORD = re.compile(r"(?<![\w-])(?:post-?\s?graduate|graduates?|post-?\s?bacc(?:alaureate)?)\b", re.IGNORECASE)

# Delivery modes are catalog.models.Program.DeliveryMode values.
DELIVERY_PHRASES = [
    (r"(?:online|on-line)(?:\s+(?:learning|education))?|e-?learning", ["online"]),
    (r"distance(?:\s+(?:learning|education))?|remote|virtual", ["online"]),
    (r"on[- ]?campus|in[- ]person|face[- ]to[- ]face", ["on_campus"]),
    (r"hybrid|blended", ["hybrid"]),
]


def _pattern(phrases):
    # Not after a letter, digit or "-": "-online" excludes the word rather than asking for the mode.
    return re.compile(
        r"(?<![\w-])(" + "|".join(f"(?:{phrase})" for phrase, _values in phrases) + r")(?![\w'])", re.IGNORECASE
    )


_PATTERNS = {"level": _pattern(LEVEL_PHRASES), "delivery": _pattern(DELIVERY_PHRASES)}
_COMPILED = {
    kind: [(re.compile(rf"(?:{phrase})", re.IGNORECASE), values) for phrase, values in phrases]
    for kind, phrases in (("level", LEVEL_PHRASES), ("delivery", DELIVERY_PHRASES))
}


@dataclass
class Found:
    """What the query asks for beyond its words: levels and delivery modes, and the phrases that said so."""

    levels: list
    level_words: list
    delivery: list
    delivery_words: list

    @classmethod
    def empty(cls):
        return cls([], [], [], [])


def _values_of(kind, phrase):
    for pattern, values in _COMPILED[kind]:
        if pattern.fullmatch(phrase):
            return values
    return []


def take(piece, found, whole_text):
    """`piece` (unquoted) with each level and delivery phrase replaced by MARK; what they ask for added to `found`.

    `whole_text` is the whole query, for the "graduate" typed elsewhere that makes a certificate a graduate one.
    """
    graduate = bool(_GRADUATE_WORD.search(whole_text))

    def level(match):
        values = _values_of("level", match.group(0))
        if values == [UNDERGRADUATE_CERTIFICATE] and graduate:
            values = [POST_BACCALAUREATE_CERTIFICATE, GRADUATE_CERTIFICATE]
        found.levels.extend(value for value in values if value not in found.levels)
        found.level_words.append(match.group(0))
        return f" {MARK} "

    def delivery(match):
        values = _values_of("delivery", match.group(0))
        found.delivery.extend(value for value in values if value not in found.delivery)
        found.delivery_words.append(match.group(0))
        return f" {MARK} "

    piece = _PATTERNS["level"].sub(level, piece)
    if found.levels and graduate:
        # The "graduate" that made a certificate a graduate one has said all it has to say.
        piece = _GRADUATE_WORD.sub(lambda match: f" {MARK} ", piece)
    return _PATTERNS["delivery"].sub(delivery, piece)


def strip(text, kind):
    """The query without its phrases of one kind ("level" or "delivery"), outside quotes: the search a student
    gets back by removing that filter. "online coding certificate" less "level" is "online coding"."""
    pieces = text.split('"')
    for index in range(0, len(pieces), 2):
        piece = _PATTERNS[kind].sub(" ", pieces[index])
        if kind == "level" and _PATTERNS["level"].search(pieces[index]):
            piece = _GRADUATE_WORD.sub(" ", piece)
        pieces[index] = piece
    words = '"'.join(pieces).split()
    # A joiner the phrase leaves at either end: "certificate in Texas" less its level is "Texas".
    while words and words[0].lower() in _JOINERS:
        words.pop(0)
    while words and words[-1].lower() in _JOINERS:
        words.pop()
    return " ".join(words)
