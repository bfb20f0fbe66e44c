"""What the program list says about its own filters: notes on ignored input, chips, heading, links.

A mixin of `catalog.search.filters.ProgramFilter`, kept apart from the filtering itself; it reads the FilterSet's
validated values (`cleaned`, `near`, `ranges`, `facets`) and never touches the database, except for the
labels of CIP codes and credentials in a chip, which the FilterSet reads once.
"""

from decimal import Decimal, InvalidOperation

from django.utils.formats import number_format
from django.utils.http import urlencode
from django.utils.translation import gettext, gettext_lazy

from ..geo import normalise_zip, zip_centroid
from ..models import Program
from . import spanish
from .parsing import US_STATES

# Each level's programs as one phrase, so that a language whose word order differs writes it whole: Spanish
# puts the level after "Programas de", in lower case ("Programas de grado asociado").
LEVEL_PROGRAMS = {
    Program.CredentialLevel.UNDERGRADUATE_CERTIFICATE: gettext_lazy("Undergraduate certificate or diploma programs"),
    Program.CredentialLevel.ASSOCIATE: gettext_lazy("Associate's degree programs"),
    Program.CredentialLevel.BACHELOR: gettext_lazy("Bachelor's degree programs"),
    Program.CredentialLevel.POST_BACCALAUREATE_CERTIFICATE: gettext_lazy("Post-baccalaureate certificate programs"),
    Program.CredentialLevel.MASTER: gettext_lazy("Master's degree programs"),
    Program.CredentialLevel.DOCTORAL: gettext_lazy("Doctoral degree programs"),
    Program.CredentialLevel.FIRST_PROFESSIONAL: gettext_lazy("First professional degree programs"),
    Program.CredentialLevel.GRADUATE_CERTIFICATE: gettext_lazy("Graduate or professional certificate programs"),
    Program.CredentialLevel.NON_CREDENTIAL: gettext_lazy(
        "Non-credential programs (preparatory coursework or teacher certification)"
    ),
}

SHOWN_VALUE_LENGTH = 40
# Parameters the page reads that are not filters.
NON_FILTER_PARAMETERS = {"page", "print"}  # print: the print-ready view (catalog/context_processors.py)


def shown(value):
    """A value from the URL, safe and short enough to quote back in a note."""
    text = "".join(character for character in str(value) if character.isprintable())
    return text if len(text) <= SHOWN_VALUE_LENGTH else text[:SHOWN_VALUE_LENGTH] + "…"


class ProgramFilterSummary:
    """Notes, chips, heading, sort options and the canonical query string of a ProgramFilter."""

    def ignored_input_notes(self):
        """A sentence per parameter, or value, that could not be used."""
        from .filters import MAX_COST, MAX_MONTHS, MAX_QUERY_LENGTH, LenientMultipleChoiceFilter

        if not self.is_bound:
            return []
        self.cleaned  # noqa: B018 - validates the form
        notes = []
        errors = self.form.errors
        for name, filter_ in self.filters.items():
            label = filter_.label
            raw_values = self.data.getlist(name) if hasattr(self.data, "getlist") else [self.data.get(name)]
            raw_values = [value for value in raw_values if value not in (None, "")]
            if not raw_values:
                continue
            if isinstance(filter_, LenientMultipleChoiceFilter):
                kept = set(self._values(name))
                for value in dict.fromkeys(raw_values):
                    if value not in kept:
                        notes.append(
                            gettext("%(label)s: “%(value)s” is not one of the choices, so it was ignored.")
                            % {"label": label, "value": shown(value)}
                        )
                continue
            if len(raw_values) > 1 and name not in errors:
                notes.append(
                    gettext("%(label)s was given more than once, so only the last value (“%(value)s”) was used.")
                    % {"label": label, "value": shown(raw_values[-1])}
                )
            if name not in errors:
                continue
            value = shown(raw_values[-1])
            if name == "q":
                notes.append(
                    gettext(
                        "Your search text could not be used, so all programs are shown: "
                        "keep it to %(limit)s characters."
                    )
                    % {"limit": MAX_QUERY_LENGTH}
                )
            elif name == "zip":
                notes.append(self._zip_note(value))
            elif name in ("cost_min", "cost_max", "tuition_min", "tuition_max"):
                notes.append(
                    gettext("%(label)s: “%(value)s” is not an amount from $0 to $%(max)s, so it was ignored.")
                    % {"label": label, "value": value, "max": number_format(MAX_COST, force_grouping=True)}
                )
            elif name in ("length_min", "length_max"):
                notes.append(
                    gettext("%(label)s: “%(value)s” is not a number of months from 0 to %(max)s, so it was ignored.")
                    % {"label": label, "value": value, "max": MAX_MONTHS}
                )
            else:
                notes.append(
                    gettext("%(label)s: “%(value)s” is not one of the choices, so it was ignored.")
                    % {"label": label, "value": value}
                )
        notes += self._zip_notes(errors)
        notes += self._range_notes()
        notes += self._sort_notes()
        unknown = [name for name in self.data if name not in self.filters and name not in NON_FILTER_PARAMETERS]
        if unknown:
            notes.append(
                gettext("This page does not use these parts of the address, so they were ignored: %(names)s.")
                % {"names": ", ".join(shown(name) for name in unknown[:10])}
            )
        return notes

    @staticmethod
    def _zip_note(value):
        return gettext(
            "“%(value)s” is not a US ZIP code (five digits), so the results are not limited by distance."
        ) % {"value": value}

    def _zip_notes(self, errors):
        raw = (self.cleaned.get("zip") or "").strip()
        if "zip" in errors or not raw:
            return []
        zip_code = normalise_zip(raw)
        if zip_code is None:
            return [self._zip_note(shown(raw))]
        if zip_centroid(zip_code) is None:
            return [
                gettext("We could not find ZIP code %(zip)s, so the results are not limited by distance.")
                % {"zip": zip_code}
            ]
        return []

    def _range_notes(self):
        notes = []
        for group, label in (
            ("cost", gettext("Cost")),
            ("tuition", gettext("Tuition per year")),
            ("length", gettext("Length in months")),
        ):
            low, high = self.cleaned.get(f"{group}_min"), self.cleaned.get(f"{group}_max")
            if low is not None and high is not None and low > high:
                notes.append(
                    gettext(
                        "%(label)s: the lowest value (%(low)s) is above the highest (%(high)s), "
                        "so this range was ignored."
                    )
                    % {"label": label, "low": number_format(low), "high": number_format(high)}
                )
        return notes

    def _sort_notes(self):
        from .filters import SORTS

        asked = self.cleaned.get("sort") or ""
        labels = dict(SORTS)
        if asked == "distance" and not self.near:
            return [
                gettext("“%(sort)s” needs a ZIP code, so the results are sorted by %(used)s.")
                % {"sort": labels[asked], "used": str(labels[self.sort_key]).lower()}
            ]
        if asked == "relevance" and self.interpretation is None:
            return [
                gettext("“%(sort)s” needs search words, so the results are sorted by %(used)s.")
                % {"sort": labels[asked], "used": str(labels[self.sort_key]).lower()}
            ]
        return []

    def search_notes(self):
        """How the search engine read the query (spelling corrections and the like), and a delivery word that
        could not be applied because none of the matching programs reports its delivery (after facet_counts())."""
        notes = getattr(self.interpretation, "notes", None)
        notes = list(notes()) if callable(notes) else []
        if getattr(self, "delivery_unknown", False):
            notes.append(
                gettext(
                    "You asked for “%(words)s”, but delivery is not known for these programs yet, so all are shown."
                )
                % {"words": ", ".join(self.interpretation.delivery_words)}
            )
        return notes

    # Links and headings built from what is in force

    def applied_params(self):
        """[(name, value)] of everything in force, in a stable order: the canonical form of this list's URL."""
        params = []
        if self.search_text:
            params.append(("q", self.search_text))
        if self.near:
            params += [("zip", self.near["zip"]), ("within", str(self.near["miles"]))]
            if self.near["include_online"]:
                params.append(("include_online", "1"))
        for facet in self.facets:
            params += [(facet.name, str(value)) for value in self._values(facet.name)]
        for group in ("cost", "tuition", "length"):
            if group in self.ranges:
                _field, low, high = self.ranges[group]
                if low is not None:
                    params.append((f"{group}_min", _plain_number(low)))
                if high is not None:
                    params.append((f"{group}_max", _plain_number(high)))
        if self.cleaned.get("sort") and self.cleaned["sort"] == self.sort_key:
            params.append(("sort", self.sort_key))
        return params

    def query_string(self, without=(), drop_names=()):
        """The canonical query string less some (name, value) pairs and names."""
        return urlencode(
            [
                (name, value)
                for name, value in self.applied_params()
                if (name, value) not in without and name not in drop_names
            ]
        )

    def chips(self):
        """One removable chip per active filter: [{"label", "value", "query"}], "query" being the list without it."""
        chips = []
        if self.search_text:
            chips.append(
                {"label": gettext("Search"), "value": self.search_text, "query": self.query_string(drop_names={"q"})}
            )
        if self.near:
            value = gettext("within %(miles)s miles of %(zip)s") % {
                "miles": self.near["miles"],
                "zip": self.near["zip"],
            }
            if self.near["include_online"]:
                value = gettext("%(near)s, and online programs anywhere") % {"near": value}
            chips.append(
                {
                    "label": gettext("Near"),
                    "value": value,
                    "query": self.query_string(drop_names={"zip", "within", "include_online"}),
                }
            )
        chips += self._implied_chips()
        for facet in self.facets:
            labels = self._choice_labels(facet.name) if self._values(facet.name) else {}
            for value in self._values(facet.name):
                chips.append(
                    {
                        "label": facet.label,
                        "value": labels.get(str(value), value),
                        "query": self.query_string(without={(facet.name, str(value))}),
                    }
                )
        for group, label in (
            ("cost", gettext("Cost")),
            ("tuition", gettext("Tuition per year")),
            ("length", gettext("Length")),
        ):
            if group not in self.ranges:
                continue
            _field, low, high = self.ranges[group]
            chips.append(
                {
                    "label": label,
                    "value": _range_text(group, low, high),
                    "query": self.query_string(drop_names={f"{group}_min", f"{group}_max"}),
                }
            )
        return chips

    def _implied_chips(self):
        """A chip per level or delivery the search text asked for; removing it searches without those words."""
        chips = []
        for name, kind in (("credential_level", "level"), ("delivery", "delivery")):
            if name not in self.implied or (name == "delivery" and getattr(self, "delivery_unknown", False)):
                continue
            labels = self._choice_labels(name)
            text = self.interpretation.text_without(kind)
            params = [("q", text) if key == "q" else (key, value) for key, value in self.applied_params()]
            query = urlencode([(key, value) for key, value in params if not (key == "q" and not value)])
            for value in self.implied[name]:
                chips.append(
                    {
                        "label": self.filters[name].label,
                        "value": gettext("%(value)s (from your search)") % {"value": labels.get(str(value), value)},
                        "query": query,
                    }
                )
        return chips

    def states_named(self):
        """The states the list is limited to, by the State filter or named in the search text."""
        codes = list(self._values("state"))
        if self.interpretation is not None:
            codes += [code for code in getattr(self.interpretation, "states", []) if code not in codes]
        return [US_STATES.get(code, code) for code in codes]

    def heading(self):
        """ "Associate's degree programs in Texas matching “coding”": the page's title and <h1>."""
        levels = self._values("credential_level") or self.implied.get("credential_level", [])
        text = str(LEVEL_PROGRAMS[Program.CredentialLevel(int(levels[0]))]) if len(levels) == 1 else gettext("Programs")
        states = self.states_named()
        if len(states) == 1:
            text = gettext("%(what)s in %(where)s") % {"what": text, "where": states[0]}
        elif len(states) == 2:
            text = gettext("%(what)s in %(first)s and %(second)s") % {
                "what": text,
                "first": states[0],
                "second": states[1],
            }
        elif states:
            text = gettext("%(what)s in %(count)s states") % {"what": text, "count": len(states)}
        if self.near:
            text = gettext("%(what)s within %(miles)s miles of %(zip)s") % {
                "what": text,
                "miles": self.near["miles"],
                "zip": self.near["zip"],
            }
        # The states typed in the search are already in the heading: quote the rest of what was typed.
        typed = self.interpretation.remainder if self.interpretation is not None else self.search_text
        # In the student's own words: the search read Spanish ones as English (spanish.py).
        typed = spanish.as_typed(typed, self.search_text)
        if typed:
            text = gettext("%(what)s matching “%(q)s”") % {"what": text, "q": typed}
        return text

    def sort_options(self):
        """[(value, label, selected)] of the sorts that apply to this list."""
        from .filters import SORTS

        options = []
        for value, label in SORTS:
            if value == "relevance" and self.interpretation is None:
                continue
            if value == "distance" and not self.near:
                continue
            options.append((value, label, value == self.sort_key))
        return options


def _plain_number(value):
    """A Decimal or int as typed in a URL: 4200 rather than 4200.00."""
    if isinstance(value, Decimal):
        try:
            return str(value.quantize(Decimal(1))) if value == value.to_integral_value() else str(value.normalize())
        except InvalidOperation:
            return str(value)
    return str(value)


def _range_text(group, low, high):
    if group in ("cost", "tuition"):
        low = low if low is None else "$" + number_format(low, decimal_pos=0, force_grouping=True)
        high = high if high is None else "$" + number_format(high, decimal_pos=0, force_grouping=True)
        unit = ""
    else:
        low = low if low is None else _plain_number(low)
        high = high if high is None else _plain_number(high)
        unit = " " + gettext("months")
    if low is not None and high is not None:
        return gettext("%(low)s to %(high)s") % {"low": low, "high": high} + unit
    if low is not None:
        return gettext("at least %(low)s") % {"low": low} + unit
    return gettext("up to %(high)s") % {"high": high} + unit
