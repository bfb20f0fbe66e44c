"""What a query means, worked out once per request: states, terms, spelling corrections, and relaxation."""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext

from . import intent, spelling
from .parsing import MAX_SEARCH_WORDS, Term, alternatives, parse


@dataclass
class Interpretation:
    """A parsed query. Build it with `interpret()`, pass it to `Program.objects.search()`, show `notes()`.

    `relaxed` is decided by the first `.search()` it is passed to (an emptiness check on that queryset),
    and kept for later calls, so facet counts computed with the same Interpretation follow the list's rule.
    """

    text: str = ""
    states: list = field(default_factory=list)
    # Typed terms after spelling corrections, synonyms not yet added; a program must match every slot.
    slots: list = field(default_factory=list)
    excluded: list = field(default_factory=list)
    corrections: dict = field(default_factory=dict)
    truncated: bool = False
    # The typed text less the states it names (parsing.ParsedQuery.remainder), for headings.
    remainder: str = ""
    # Credential levels and delivery modes the query names, applied as filters (catalog/filters.py), and the
    # phrases that named them ("certificate", "online").
    levels: list = field(default_factory=list)
    level_words: list = field(default_factory=list)
    delivery: list = field(default_factory=list)
    delivery_words: list = field(default_factory=list)
    relaxed: bool = False
    relaxation_decided: bool = field(default=False, repr=False, compare=False)

    @property
    def terms(self):
        """The words and phrases searched for, as corrected: ["medical", "coding"]."""
        return [term.text for slot in self.slots for term in slot]

    @property
    def is_blank(self):
        """Nothing typed: the search leaves the list as it is."""
        return not self.text

    @property
    def is_unsearchable(self):
        """Something typed, but no word, phrase or state in it ("%", "-", "the"): nothing matches it."""
        return bool(self.text) and not (
            self.states or self.matching_slots() or self.excluded_terms() or self.levels or self.delivery
        )

    def text_without(self, kind):
        """The query less its level ("level") or delivery ("delivery") phrases: the search without that filter."""
        return intent.strip(self.text, kind)

    def matching_slots(self):
        """Each slot with its synonyms; slots left with nothing to match (stop words alone) are dropped."""
        expanded = [list(dict.fromkeys(alt for term in slot for alt in alternatives(term))) for slot in self.slots]
        return [slot for slot in expanded if slot]

    def excluded_terms(self):
        return list(dict.fromkeys(alt for term in self.excluded for alt in alternatives(term)))

    @property
    def corrected_text(self):
        text = self.text
        for typed, corrected in self.corrections.items():
            text = re.sub(rf"(?<!\w){re.escape(typed)}(?!\w)", corrected, text, flags=re.IGNORECASE)
        return text

    def notes(self):
        """Sentences for the page about how the query was read."""
        notes = []
        if self.is_unsearchable:
            notes.append(
                gettext("“%(text)s” has no words to search for: try a program, school, city or state.")
                % {"text": self.text}
            )
        if self.corrections:
            notes.append(
                gettext("Showing results for %(corrected)s (you typed %(typed)s).")
                % {"corrected": self.corrected_text, "typed": self.text}
            )
        if self.truncated:
            notes.append(gettext("Only the first %(count)s words were searched for.") % {"count": MAX_SEARCH_WORDS})
        if self.relaxed:
            notes.append(gettext("No program matched every word, so programs that match some of them are shown."))
        return notes


def interpret(query, using="default"):
    """Read a query (any text: it is cleaned and capped) and correct the words the index does not know.

    At most one query, against the vocabulary, and none when every word is a known one.
    """
    if isinstance(query, Interpretation):
        return query
    parsed = parse(query)
    typed = [term.words[0] for slot in parsed.slots for term in slot if len(term.words) == 1 and not term.exact]
    corrections = spelling.corrections(typed, using=using) if typed else {}
    slots = [
        [
            Term((corrections[term.words[0]],)) if not term.exact and term.words[0] in corrections else term
            for term in slot
        ]
        for slot in parsed.slots
    ]
    return Interpretation(
        text=parsed.text,
        states=parsed.states,
        slots=slots,
        excluded=parsed.excluded,
        corrections=corrections,
        truncated=parsed.truncated,
        remainder=parsed.remainder,
        levels=parsed.found.levels,
        level_words=parsed.found.level_words,
        delivery=parsed.found.delivery,
        delivery_words=parsed.found.delivery_words,
    )
