"""Applying an Interpretation to a program queryset on whichever database it runs on."""

from django.db import connections
from django.db.models import FloatField, Value

from . import postgres, sqlite
from .interpretation import Interpretation, interpret


def backend_for(using):
    """PostgreSQL's full text search, or SQLite's FTS5 (the only two databases the project runs on)."""
    return postgres if connections[using].vendor == "postgresql" else sqlite


def search_programs(queryset, query):
    """`queryset` narrowed to the programs matching `query` (str or Interpretation), annotated `search_rank`.

    Queries added: the spelling lookup (when given a str with unknown words), and one EXISTS when a query
    of several words must be checked for matching every word before falling back to any word.
    """
    interpretation = query if isinstance(query, Interpretation) else interpret(query, using=queryset.db)
    no_rank = Value(0.0, output_field=FloatField())
    if interpretation.is_blank:
        return queryset.annotate(search_rank=no_rank)
    if interpretation.is_unsearchable:
        # As websearch_to_tsquery does with a query of no words: match nothing rather than everything.
        return queryset.none().annotate(search_rank=no_rank)
    backend = backend_for(queryset.db)
    if interpretation.states:
        queryset = queryset.filter(institution__state__in=interpretation.states)
    excluded = interpretation.excluded_terms()
    if excluded:
        queryset = queryset.exclude(backend.matches_any(excluded))
    slots = interpretation.matching_slots()
    if not slots:
        return queryset.annotate(search_rank=no_rank)
    if not interpretation.relaxation_decided:
        strict, _ = backend.match(slots, require_all=True)
        interpretation.relaxed = len(slots) > 1 and not queryset.filter(strict).exists()
        interpretation.relaxation_decided = True
    condition, rank = backend.match(slots, require_all=not interpretation.relaxed)
    return queryset.filter(condition).annotate(search_rank=rank)
