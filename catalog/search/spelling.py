"""Typo tolerance: a typed word the index does not know is replaced by the most similar word it does.

The vocabulary is `SearchWord`, every distinct word of the indexed text (a few thousand), rebuilt with
the index. Similarity is pg_trgm's trigram similarity: computed by PostgreSQL (GIN trigram index) there,
and by the same formula in Python over the vocabulary on SQLite, so both databases correct alike.
"""

import bisect
import functools

from django.db import connections
from django.utils import translation

from .parsing import MAX_WORD_CHARS, STOP_WORDS, SYNONYMS, US_STATES, stem, words

# pg_trgm's default threshold (0.3) turns "nursing" into "pursuing"; 0.4 still takes "codng" to "coding"
# (0.44) and "medcal" to "medical" (0.5).
MIN_SIMILARITY = 0.4
# Shorter words are too often right and too easily "corrected" into another word (cpc, him, aas).
MIN_CORRECTED_LENGTH = 4


def trigrams(word):
    """pg_trgm's trigrams of one lower-case word: padded with two spaces before and one after."""
    padded = f"  {word} "
    return {padded[index : index + 3] for index in range(len(padded) - 2)}


def similarity(first, second):
    """pg_trgm's `similarity()`: shared trigrams over all trigrams of the two words."""
    a, b = trigrams(first), trigrams(second)
    return len(a & b) / len(a | b)


@functools.cache
def always_known():
    """Words that are never corrected: the labels programs are filtered by, synonyms, stop words, states.

    "online" must stay "online" even where no program reports its delivery mode (the real data).
    """
    from catalog.models import Program

    with translation.override("en"):
        labels = [str(label) for label in (*Program.CredentialLevel.labels, *Program.DeliveryMode.labels)]
    known = set(STOP_WORDS) | set(SYNONYMS)
    for text in (*labels, *US_STATES.values(), *(" ".join(values) for values in SYNONYMS.values())):
        known.update(words(text))
    return frozenset(known)


def correction_targets():
    """Known words a typo may be corrected to although no program may use them ("billing" -> "biller")."""
    return {word for word in always_known() if word not in STOP_WORDS and word.isalpha() and len(word) >= 3}


def candidates(typed_words):
    """The typed words worth looking up: letters only, long enough, not known without the vocabulary."""
    known = always_known()
    return [
        word
        for word in dict.fromkeys(typed_words)
        if word.isalpha() and MIN_CORRECTED_LENGTH <= len(word) <= MAX_WORD_CHARS and word not in known
    ]


def corrections(typed_words, using="default"):
    """{typed: corrected} for the typed words the index does not know and has a close match for.

    A word is known when it is in the vocabulary, or its stem starts a vocabulary word ("billers" when
    "billing" is indexed: the databases' own stemmers take it from there). One query, or none.
    """
    lookup = candidates(typed_words)
    if not lookup:
        return {}
    if connections[using].vendor == "postgresql":
        return _postgres_corrections(lookup, using)
    return _python_corrections(lookup, using)


def _postgres_corrections(lookup, using):
    from catalog.models import SearchWord

    table = connections[using].ops.quote_name(SearchWord._meta.db_table)
    sql = f"""
        SELECT t.typed, (
            SELECT w.word FROM {table} AS w
            WHERE w.word %% t.typed AND similarity(w.word, t.typed) >= %s
            ORDER BY similarity(w.word, t.typed) DESC, w.word
            LIMIT 1
        )
        FROM unnest(%s::text[], %s::text[]) AS t(typed, prefix)
        WHERE NOT EXISTS (
            SELECT 1 FROM {table} AS w
            WHERE w.word = t.typed OR (t.prefix <> t.typed AND w.word LIKE t.prefix || '%%')
        )
    """
    with connections[using].cursor() as cursor:
        cursor.execute(sql, [MIN_SIMILARITY, lookup, [stem(word) for word in lookup]])
        return {typed: best for typed, best in cursor.fetchall() if best}


def _python_corrections(lookup, using):
    from catalog.models import SearchWord

    vocabulary = sorted(SearchWord.objects.using(using).values_list("word", flat=True))
    found = {}
    vocabulary_trigrams = None
    for typed in lookup:
        if _is_known(typed, vocabulary):
            continue
        if vocabulary_trigrams is None:
            vocabulary_trigrams = [(word, trigrams(word)) for word in vocabulary]
        typed_trigrams = trigrams(typed)
        best, best_score = None, MIN_SIMILARITY
        # Ties go to the alphabetically first word, as PostgreSQL's ORDER BY does.
        for word, word_trigrams in vocabulary_trigrams:
            score = len(typed_trigrams & word_trigrams) / len(typed_trigrams | word_trigrams)
            if score > best_score or (score == best_score and best is None):
                best, best_score = word, score
        if best:
            found[typed] = best
    return found


def _is_known(word, vocabulary):
    index = bisect.bisect_left(vocabulary, word)
    if index < len(vocabulary) and vocabulary[index] == word:
        return True
    prefix = stem(word)
    if prefix == word:
        return False
    index = bisect.bisect_left(vocabulary, prefix)
    return index < len(vocabulary) and vocabulary[index].startswith(prefix)
