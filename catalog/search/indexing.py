"""Keeping the index and its vocabulary current: called by the signals on every save and by the bundle loader."""

from django.db import transaction

from .documents import build_documents, vocabulary
from .querying import backend_for
from .spelling import correction_targets

VOCABULARY_BATCH = 1000


def refresh_search_index(program_ids=None, using="default"):
    """Rebuild the index rows of these programs (every program when None) and add their words to the vocabulary.

    Set-based: five queries to read, one write per thousand programs (SQLite: one batched insert), one
    vocabulary insert; no query per program. Ids of deleted programs are fine: their rows go (SQLite)
    or there is nothing to update (PostgreSQL, where the vector lives on the program row).
    A full refresh also rebuilds the vocabulary, dropping words no program uses any more. The vocabulary
    also holds the words the search understands without any program using them (synonyms, labels).
    """
    from catalog.models import SearchWord

    ids = None if program_ids is None else sorted(set(program_ids))
    if ids == []:
        return
    # One transaction: the index and its vocabulary change together, and SQLite writes once, not per row.
    with transaction.atomic(using=using):
        documents = build_documents(ids, using=using)
        backend_for(using).write_index(documents, ids, using)
        words_used = vocabulary(documents) | correction_targets()
        words = SearchWord.objects.using(using)
        if ids is None:
            words.all().delete()
            words.bulk_create([SearchWord(word=word) for word in sorted(words_used)], batch_size=VOCABULARY_BATCH)
        elif words_used:
            words.bulk_create(
                [SearchWord(word=word) for word in sorted(words_used)],
                batch_size=VOCABULARY_BATCH,
                ignore_conflicts=True,
            )
