"""Spanish search words as the English ones the listings are written in (issue 16).

Listings, CIP titles and the search's own vocabulary (parsing.SYNONYMS, intent.py's levels and delivery modes,
the state names) are English. A student who types "codificación médica certificado en Texas" means "medical
coding certificate in Texas", so `to_english()` rewrites the Spanish words and phrases below before the query is
parsed: the level, the delivery mode and the state then become filters, and the rest is matched as English words.

- Accents are optional ("codificacion" is "codificación"); case is ignored.
- Quoted phrases are left alone: quotes ask for exactly what is typed.
- Every entry is a Spanish word or phrase that is not also an English search word, so an English query is never
  changed (tests/catalog/test_spanish_search.py checks the whole English corpus of the search tests).
- A small table, not a translation engine: add a line here when the search log shows a word students use.
"""

import re

# Spanish (written without accents, lower case) -> English. Longer phrases first within each group.
PHRASES = [
    # Delivery modes (intent.DELIVERY_PHRASES), before "en" becomes "in".
    (r"en linea|a distancia|por internet", "online"),
    (r"semipresencial|hibrid[oa]s?", "hybrid"),
    (r"presencial(?:es)?|en (?:el )?campus", "on campus"),
    # Credential levels (intent.LEVEL_PHRASES). "certificacion" is the credential, as "certification" is.
    (r"certificados? de posgrado|posgrado", "graduate certificate"),
    (r"(?:grados?|titulos?) (?:de )?asociados?|asociados?", "associate degree"),
    (r"licenciaturas?", "bachelor's degree"),
    (r"maestrias?", "master's degree"),
    (r"doctorados?", "doctoral"),
    (r"certificados?", "certificate"),
    (r"certificaciones|certificacion", "certification"),
    # Subjects: the words of the listings and of CIP 51.07's titles.
    (r"(?:expedientes?|registros?|historias?|records?) (?:medicos|medicas|clinicos|clinicas)", "medical records"),
    (
        r"(?:gestion|administracion) de (?:la )?informacion (?:de (?:la )?salud|sanitaria)",
        "health information management",
    ),
    (r"tecnologia de (?:la )?informacion (?:de (?:la )?salud|sanitaria)", "health information technology"),
    (r"informacion (?:de (?:la )?salud|sanitaria)", "health information"),
    # Noun and adjective swap places: "codificación médica" is "medical coding", quoted in headings that way.
    (r"codificacion medica", "medical coding"),
    (r"facturacion medica", "medical billing"),
    (r"facturacion y codificacion medica", "medical billing and coding"),
    (r"codificacion", "coding"),
    (r"codificador(?:es|as|a)?", "coder"),
    (r"facturacion", "billing"),
    (r"facturador(?:es|as|a)?", "biller"),
    (r"cobros?", "billing"),
    (r"medic[oa]s?", "medical"),
    (r"salud", "health"),
    (r"sanitari[oa]s?", "health"),
    (r"administracion", "administration"),
    (r"gestion", "management"),
    (r"tecnologias?", "technology"),
    (r"tecnic[oa]s?", "technician"),
    (r"especialistas?", "specialist"),
    (r"asistentes?", "assistant"),
    (r"oficinas?", "office"),
    (r"clinic[oa]s?", "clinical"),
    (r"seguros?", "insurance"),
    (r"reembolsos?", "reimbursement"),
    (r"terminologia", "terminology"),
    (r"anatomia", "anatomy"),
    (r"farmacologia", "pharmacology"),
    (r"cursos?", "course"),
    (r"programas?", "programs"),
    # States and territories whose Spanish names differ (parsing.US_STATES).
    (r"nuevo mexico", "New Mexico"),
    (r"nueva york", "New York"),
    (r"nueva jersey", "New Jersey"),
    (r"nuevo hampshire", "New Hampshire"),
    (r"carolina del norte", "North Carolina"),
    (r"carolina del sur", "South Carolina"),
    (r"dakota del norte", "North Dakota"),
    (r"dakota del sur", "South Dakota"),
    (r"virginia occidental", "West Virginia"),
    (r"distrito de columbia", "District of Columbia"),
    (r"pensilvania", "Pennsylvania"),
    (r"luisiana", "Louisiana"),
    (r"misisipi", "Mississippi"),
    (r"misuri", "Missouri"),
    (r"hawai", "Hawaii"),
    (r"oregon", "Oregon"),
    (r"minesota", "Minnesota"),
    (r"tennesi", "Tennessee"),
    (r"islas virgenes", "Virgin Islands"),
    (r"samoa americana", "American Samoa"),
    (r"islas marianas del norte", "Northern Mariana Islands"),
    (r"islas marshall", "Marshall Islands"),
    # Words that only join the others: "en Texas" is "in Texas", "o" is the search's "or".
    # Lower case only: "DE" and "LA" typed in capitals stay Delaware and Louisiana.
    (r"(?-i:en)", "in"),
    (r"(?-i:o)", "or"),
    (r"(?-i:de la|de las|de los|del|de|y|e|para|con|los|las|la|el|una?)", ""),
]

# Accents and ñ read as their plain letters, one character for one, so a match's place in the folded text is
# its place in the typed text.
_FOLD = str.maketrans("áéíóúüñÁÉÍÓÚÜÑ", "aeiouunAEIOUUN")
_PATTERN = re.compile(
    # Not inside a word, nor before a hyphen ("e-learning"); after one it is an exclusion ("-facturación").
    r"(?<!\w)(?:"
    + "|".join(f"(?P<p{index}>{phrase})" for index, (phrase, _english) in enumerate(PHRASES))
    + r")(?![\w-])",
    re.IGNORECASE,
)
_ENGLISH = {f"p{index}": english for index, (_phrase, english) in enumerate(PHRASES)}
# The joining words are never written with an accent.
_UNACCENTED = {f"p{index}" for index, (phrase, _english) in enumerate(PHRASES) if phrase.startswith("(?-i:")}


def _piece_to_english(piece):
    folded = piece.translate(_FOLD)
    parts, last = [], 0
    for match in _PATTERN.finditer(folded):
        typed = piece[match.start() : match.end()]
        if match.lastgroup in _UNACCENTED and typed != match.group(0):
            continue  # "é" alone is not the word "e"
        parts += [piece[last : match.start()], _ENGLISH[match.lastgroup]]
        last = match.end()
    if not parts:
        return piece
    # The piece's own edges are kept: they part it from the quoted phrases on either side.
    before = piece[: len(piece) - len(piece.lstrip())]
    after = piece[len(piece.rstrip()) :]
    return before + " ".join("".join([*parts, piece[last:]]).split()) + after


def to_english(text):
    """The query with its Spanish search words in English, quoted phrases as typed."""
    pieces = text.split('"')
    for index in range(0, len(pieces), 2):
        pieces[index] = _piece_to_english(pieces[index])
    return '"'.join(pieces)


def as_typed(remainder, query):
    """The English words to_english() wrote back as the student typed them: a heading quotes "codificación
    médica", not the "medical coding" the search read. `remainder` is parsing's (the query less the states and
    levels it names, in English); words typed in English stay as they are."""
    typed_for = {}
    for index, piece in enumerate(query.split('"')):
        if index % 2:
            continue  # quoted phrases were not rewritten
        folded = piece.translate(_FOLD)
        for match in _PATTERN.finditer(folded):
            english = _ENGLISH[match.lastgroup]
            typed = piece[match.start() : match.end()]
            if english and (match.lastgroup not in _UNACCENTED or typed == match.group(0)):
                typed_for.setdefault(english.lower(), typed)
    if not typed_for:
        return remainder
    pattern = re.compile(
        r"(?<![\w\"])(?:"
        + "|".join(re.escape(english) for english in sorted(typed_for, key=len, reverse=True))
        + r")(?![\w\"])",
        re.IGNORECASE,
    )
    # Outside quotes only, as to_english() wrote.
    pieces = remainder.split('"')
    for index in range(0, len(pieces), 2):
        pieces[index] = pattern.sub(lambda match: typed_for[match.group(0).lower()], pieces[index])
    return '"'.join(pieces)
