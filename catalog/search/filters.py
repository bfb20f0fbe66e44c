"""One FilterSet per list page, applied on top of the page's already-optimised queryset.

`ProgramFilter(request.GET, queryset=...).qs` is the whole result list: text search, near me, every
facet and range, and the sort. The list page and the CSV export both use it, so they always agree.
"""

import copy
from functools import cached_property

import django_filters
from django import forms
from django.db.models import Case, CharField, Exists, F, Q, Value, When
from django.db.models.functions import Lower
from django.utils.functional import lazy
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _
from django_filters.filters import FilterMethod

from ..geo import near_condition, normalise_zip, zip_centroid
from ..models import CIPCode, Program, ProgramField
from . import facets as facet_module
from .interpretation import interpret
from .summary import ProgramFilterSummary

MAX_QUERY_LENGTH = 200
MAX_COST = 1_000_000
MAX_MONTHS = 240
DISTANCES = [10, 25, 50, 100]
DEFAULT_DISTANCE = 25

SORTS = [
    ("relevance", _("Best match")),
    ("distance", _("Nearest first")),
    ("name", _("School name, A to Z")),
    ("cost", _("Cost, lowest first")),
    ("-cost", _("Cost, highest first")),
    ("tuition", _("Yearly tuition (in-state), lowest first")),
    ("-tuition", _("Yearly tuition (in-state), highest first")),
    ("-earnings", _("Median earnings, highest first")),
    ("earnings", _("Median earnings, lowest first")),
    ("debt", _("Median debt, lowest first")),
    ("-debt", _("Median debt, highest first")),
    ("debt_to_earnings", _("Debt-to-earnings ratio, lowest first")),
    ("-debt_to_earnings", _("Debt-to-earnings ratio, highest first")),
    ("length", _("Length, shortest first")),
    ("-length", _("Length, longest first")),
    ("-completers", _("Number of graduates, most first")),
    ("completers", _("Number of graduates, fewest first")),
]
# Sort key -> (a Program field, or an outcome figure taken from the newest release that reports it).
SORT_FIGURES = {
    "cost": ("field", "cost"),
    "length": ("field", "length_months"),
    "tuition": ("field", "institution__tuition_in_state"),
    "earnings": ("outcome", "median_earnings"),
    "debt": ("outcome", "median_debt"),
    "debt_to_earnings": ("outcome", "debt_to_earnings_ratio"),
    "completers": ("outcome", "completers"),
}
# School, then program; the id last, so equal rows keep one order and pagination is stable.
NAME_ORDER = [Lower("institution__name"), "credential_level", Lower("title"), "pk"]
# 0 for a program with a price (its own cost, or its school's yearly tuition), 1 without: a tiebreak.
PRICE_UNKNOWN = Case(
    When(
        Q(cost__isnull=False)
        | Q(pk__in=ProgramField.objects.filter(tuition_and_fees__isnull=False).values("program_id"))
        | Q(institution__tuition_in_state__isnull=False)
        | Q(institution__tuition_out_of_state__isnull=False),
        then=Value(0),
    ),
    default=Value(1),
)
# Range filters: group -> the field its bounds apply to (GET parameters <group>_min and <group>_max).
RANGE_FIELDS = {
    "cost": "cost",
    "tuition": "institution__tuition_in_state",
    "length": "length_months",
}


class LenientMultipleChoiceField(forms.MultipleChoiceField):
    """Keeps the known choices among those sent, once each, and drops the rest (the FilterSet notes them)."""

    def clean(self, value):
        return list(dict.fromkeys(item for item in self.to_python(value) if self.valid_value(item)))


class LenientMultipleChoiceFilter(django_filters.MultipleChoiceFilter):
    field_class = LenientMultipleChoiceField


class AmountField(forms.DecimalField):
    """A number as people type it: "4,200", "$4200" and " 4200.50 " all read as 4200 or 4200.50."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(",", "").removeprefix("$").strip()
        return super().to_python(value)


class AmountFilter(django_filters.NumberFilter):
    field_class = AmountField


def _facet_filter(label, multiple=False):
    if multiple:
        return LenientMultipleChoiceFilter(label=label, widget=forms.CheckboxSelectMultiple)
    return django_filters.ChoiceFilter(label=label)


def _miles(miles):
    return ngettext("%(miles)s mile", "%(miles)s miles", miles) % {"miles": miles}


# "25 miles" in the language of the request that shows it: ngettext_lazy(...) % {...} would translate once, at
# import, in English (Spanish "25 miles" reads as "25 thousand").
_miles_label = lazy(_miles, str)


# The facets whose choices the database holds: each filter set reads its own (ProgramFilter.__init__).
DATABASE_CHOICES = ("cip_code", "prepares_for", "field")
_FORM_CLASSES = {}


class _SharedFields(dict):
    """A form class's fields, which each form copies shallowly (sharing widgets and choices) instead of deeply; the
    fields named in DATABASE_CHOICES are copied deeply, as each form sets their choices."""

    def __deepcopy__(self, memo):
        return {
            name: copy.deepcopy(field, memo) if name in DATABASE_CHOICES else copy.copy(field)
            for name, field in self.items()
        }


class _SharedFilters(dict):
    """The filter set's filters, which each filter set copies one level deep rather than deeply (issue 15: the deep
    copy of 24 filters, their widgets, choices and labels, took about 1 ms of every search). Each copy is its own
    filter with its own `extra` (ProgramFilter.__init__ sets choices there), sharing what no request changes: its
    widget and fixed choices. A filter with a `method` gets its own FilterMethod, which points at the copy."""

    def __deepcopy__(self, memo):
        copies = {}
        for name, filter_ in self.items():
            copied = copy.copy(filter_)
            copied.extra = dict(filter_.extra)
            copied.__dict__.pop("_field", None)
            if isinstance(copied.__dict__.get("filter"), FilterMethod):
                copied.filter = FilterMethod(copied)
            copies[name] = copied
        return copies


class ProgramFilter(ProgramFilterSummary, django_filters.FilterSet):
    """The program search: text, near me, facets, ranges and the sort, all from the URL.

    Values that cannot be used are dropped rather than emptying the list or failing the page;
    `ignored_input_notes()` says which, so a hand-edited or stale URL shows a note.
    """

    q = django_filters.CharFilter(
        label=_("Search programs"),
        max_length=MAX_QUERY_LENGTH,
        help_text=_("A program, school, city or state."),
    )
    zip = django_filters.CharFilter(label=_("ZIP code"), max_length=10)
    within = django_filters.ChoiceFilter(
        label=_("Distance"),
        choices=[(str(miles), _miles_label(miles)) for miles in DISTANCES],
    )
    include_online = django_filters.BooleanFilter(
        label=_("Include online programs wherever they are"), widget=forms.CheckboxInput
    )
    credential_level = _facet_filter(_("Credential level"), multiple=True)
    delivery = _facet_filter(_("Delivery"), multiple=True)
    ownership = _facet_filter(_("Ownership"), multiple=True)
    state = _facet_filter(_("State"), multiple=True)
    locale = _facet_filter(_("Setting"), multiple=True)
    accreditation = _facet_filter(_("Programmatic accreditation"))
    externship = _facet_filter(_("Externship"))
    prerequisite = _facet_filter(_("Admission prerequisite"))
    prepares_for = _facet_filter(_("Prepares for the credential"))
    out_earns = _facet_filter(_("Graduates out-earn high school graduates"))
    cip_code = _facet_filter(_("Field of study (CIP code)"))
    field = _facet_filter(_("Field of study (6-digit CIP, IPEDS)"), multiple=True)
    cost_min = AmountFilter(label=_("Cost from"), min_value=0, max_value=MAX_COST)
    cost_max = AmountFilter(label=_("Cost up to"), min_value=0, max_value=MAX_COST)
    tuition_min = AmountFilter(label=_("Tuition per year from"), min_value=0, max_value=MAX_COST)
    tuition_max = AmountFilter(label=_("Tuition per year up to"), min_value=0, max_value=MAX_COST)
    length_min = django_filters.NumberFilter(label=_("Length from (months)"), min_value=0, max_value=MAX_MONTHS)
    length_max = django_filters.NumberFilter(label=_("Length up to (months)"), min_value=0, max_value=MAX_MONTHS)
    sort = django_filters.ChoiceFilter(label=_("Sort by"), choices=SORTS)

    class Meta:
        model = Program
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for facet in self.facets:
            # CIP codes and credentials come from the database: a callable is read only when a value needs
            # checking, so a URL without them (the CSV export's) costs no query.
            # (Plain functions, not bound methods: the form deep-copies its fields, and with them the choices.)
            choices = {
                "cip_code": lambda: self._cip_code_choices(),
                "prepares_for": lambda: self._credential_choices(),
                "field": lambda: self._field_choices(),
            }.get(facet.name, facet.choices)
            self.filters[facet.name].extra["choices"] = choices

    def get_form_class(self):
        """The filters' form class, built once per language rather than per request (issue 15: building it, a
        field per filter, and the form's deep copy of every field and its choices took about 2 ms of a search).

        The form only checks the URL's values and lends the page a help text and the distances; nothing
        changes its fields. So each form shares the class's fields (`_SharedFields`), except those whose
        choices come from the database, which `form` gives this filter set's own."""
        language = get_language()
        try:
            return _FORM_CLASSES[language]
        except KeyError:
            pass
        form_class = super().get_form_class()
        form_class.base_fields = _SharedFields(form_class.base_fields)
        _FORM_CLASSES[language] = form_class
        return form_class

    @property
    def form(self):
        if not hasattr(self, "_form"):
            form = super().form
            for name in DATABASE_CHOICES:
                form.fields[name].choices = self.filters[name].extra["choices"]
        return self._form

    # Choices and facets

    # The list page and the CSV export set this: the list, its order and its counts then come from the in-memory
    # index (`listing`), and the SQL below (`qs`, `facet_counts` without it) is the definition tests hold it to.
    use_index = False

    @cached_property
    def listing(self):
        """The list worked out on the in-memory index (catalog/search/listing.py)."""
        from .listing import IndexedListing

        return IndexedListing(self)

    @cached_property
    def _option_rows(self):
        """The options the database holds, in ONE query (a UNION of two small lists): {"cip_code": [(code, title)]
        for the CIP codes of the list's programs, by code; "prepares_for": [(slug, abbreviation, name)] for every
        credential, by abbreviation}. From the in-memory index with `use_index`."""
        from certifications.models import Credential

        if self.use_index:
            if "listing" in self.__dict__:
                index = self.listing.index
            else:  # the form checks a value before the search is read: the index alone, without its terms
                from .text_index import index_with_terms

                index, _matches = index_with_terms([], using=self.queryset.db)
            return {
                "cip_code": sorted(index.cip_titles.items()),
                "field": sorted(index.field_titles.items()),
                "prepares_for": list(index.credentials),
            }

        cip_codes = (
            CIPCode.objects.filter(programs__in=self.queryset)
            .distinct()
            .order_by()
            .annotate(kind=Value("cip_code"), blank=Value("", output_field=CharField()))
            .values_list("kind", "code", "title", "blank")
        )
        credentials = (
            Credential.objects.order_by()
            .annotate(kind=Value("prepares_for"))
            .values_list("kind", "slug", "abbreviation", "name")
        )
        fields = (
            CIPCode.objects.filter(program_fields__program__in=self.queryset)
            .distinct()
            .order_by()
            .annotate(kind=Value("field"), blank=Value("", output_field=CharField()))
            .values_list("kind", "code", "title", "blank")
        )
        rows = {"cip_code": [], "prepares_for": [], "field": []}
        for facet, *row in cip_codes.union(credentials, fields, all=True):
            rows[facet].append(tuple(row))
        rows["cip_code"] = sorted((code, title) for code, title, _blank in rows["cip_code"])
        rows["field"] = sorted((code, title) for code, title, _blank in rows["field"])
        rows["prepares_for"].sort(key=lambda row: (row[1], row[0]))
        return rows

    @property
    def _cip_code_rows(self):
        return self._option_rows["cip_code"]

    def _cip_code_choices(self):
        return [(code, f"{code} {title}") for code, title in self._cip_code_rows]

    def _field_choices(self):
        return [(code, f"{code} {title}") for code, title in self._option_rows["field"]]

    @property
    def _credential_rows(self):
        return self._option_rows["prepares_for"]

    def _credential_choices(self):
        return [(slug, f"{abbreviation}: {name}") for slug, abbreviation, name in self._credential_rows]

    @cached_property
    def facets(self):
        """The facets for filtering: their conditions need no choices, so CIP codes and credentials stay unread."""
        return facet_module.program_facets()

    def _choice_labels(self, name):
        choices = self.filters[name].extra["choices"]
        return {str(value): label for value, label in (choices() if callable(choices) else choices)}

    @property
    def qs(self):
        """The list, filtered and sorted; unbound (no parameters at all) it is still sorted the same way."""
        if not hasattr(self, "_qs"):
            self._qs = self.filter_queryset(self.queryset.all())
        return self._qs

    # Reading the form

    @cached_property
    def cleaned(self):
        """The values that validated; empty when the FilterSet is unbound."""
        if not self.is_bound:
            return {}
        self.form.is_valid()
        return self.form.cleaned_data

    @cached_property
    def search_text(self):
        return (self.cleaned.get("q") or "").strip()

    @cached_property
    def interpretation(self):
        return interpret(self.search_text, using=self.queryset.db) if self.search_text else None

    @cached_property
    def near(self):
        """{"zip", "miles", "point", "include_online"} when a usable ZIP code was given, else None."""
        zip_code = normalise_zip(self.cleaned.get("zip"))
        if not zip_code:
            return None
        point = zip_centroid(zip_code)
        if point is None:
            return None
        return {
            "zip": zip_code,
            "miles": int(self.cleaned.get("within") or DEFAULT_DISTANCE),
            "point": point,
            "include_online": bool(self.cleaned.get("include_online")),
        }

    def _values(self, name):
        value = self.cleaned.get(name)
        if value in (None, "", []):
            return []
        return list(value) if isinstance(value, list | tuple) else [value]

    @cached_property
    def ranges(self):
        """{"cost": (field, min, max), ...} for the usable bounds of RANGE_FIELDS; min above max drops both."""
        ranges = {}
        for group, field in RANGE_FIELDS.items():
            low, high = self.cleaned.get(f"{group}_min"), self.cleaned.get(f"{group}_max")
            if low is not None and high is not None and low > high:
                continue
            if low is not None or high is not None:
                ranges[group] = (field, low, high)
        return ranges

    @cached_property
    def implied(self):
        """{"credential_level" | "delivery": [values]} that the search text names ("certificate", "online") and the
        URL does not set itself: applied like the facet's own selection (a box ticked in the form wins)."""
        interpretation = self.interpretation
        if interpretation is None:
            return {}
        implied = {}
        if interpretation.levels and not self._values("credential_level"):
            implied["credential_level"] = [str(level) for level in interpretation.levels]
        if interpretation.delivery and not self._values("delivery"):
            implied["delivery"] = list(interpretation.delivery)
        return implied

    def _facet(self, name):
        return next(facet for facet in self.facets if facet.name == name)

    def active_conditions(self):
        """{group: (selected values, Q)} for every usable facet and range filter, and the implied ones."""
        active = {}
        for facet in self.facets:
            if facet.name == "delivery" and "delivery" in self.implied:
                continue  # below, once the other conditions are known
            values = [str(value) for value in self._values(facet.name)] or self.implied.get(facet.name, [])
            if values:
                active[facet.name] = (values, facet.condition(values))
        for group, (field, low, high) in self.ranges.items():
            condition = Q()
            if low is not None:
                condition &= Q(**{f"{field}__gte": low})
            if high is not None:
                condition &= Q(**{f"{field}__lte": high})
            active[group] = ([low, high], condition)
        if "delivery" in self.implied:
            active["delivery"] = (self.implied["delivery"], self._implied_delivery_condition(active))
        return active

    def _implied_delivery_condition(self, others):
        """ "online" in the search filters by delivery where the matching programs report it: when none of them
        does, the word cannot choose among them, so the condition holds for all (and the page says so).

        One uncorrelated EXISTS over the programs every other filter leaves, with a delivery of any kind, so
        the page costs no extra query; the facet counts show the same fact to the notes (`delivery_unknown`).
        """
        facet = self._facet("delivery")
        reported = Q()
        for value, _label in facet.choices:
            reported |= facet.condition([value])
        matching = self.narrowed.filter(self.near_condition(), *[condition for _v, condition in others.values()])
        return facet.condition(self.implied["delivery"]) | ~Exists(matching.filter(reported))

    # The list

    def narrow(self, queryset):
        """The queryset searched, annotated `out_earns_verdict` and, with a ZIP code, `distance_miles`."""
        if self.interpretation is not None:
            queryset = queryset.search(self.interpretation)
        queryset = queryset.annotate(out_earns_verdict=facet_module.newest_outcome_verdict())
        if self.near:
            queryset = queryset.with_distance_from(*self.near["point"])
        return queryset

    def near_condition(self):
        if not self.near:
            return Q()
        latitude, longitude = self.near["point"]
        return near_condition(latitude, longitude, self.near["miles"], self.near["include_online"])

    def filter_queryset(self, queryset):
        self.narrowed = self.narrow(queryset)
        conditions = [condition for _values, condition in self.active_conditions().values()]
        return self.sort_queryset(self.narrowed.filter(self.near_condition(), *conditions))

    @cached_property
    def sort_key(self):
        """The sort in force: the one asked for when it can be used, else distance, relevance or name."""
        asked = self.cleaned.get("sort") or ""
        if asked == "distance" and not self.near:
            asked = ""
        if asked == "relevance" and self.interpretation is None:
            asked = ""
        if asked:
            return asked
        if self.near:
            return "distance"
        return "relevance" if self.interpretation is not None else "name"

    def sort_queryset(self, queryset):
        key = self.sort_key
        if key == "relevance" and "search_rank" in queryset.query.annotations:
            # Among equally relevant listings (every Scorecard listing of a level has the same words), those
            # that tell the student a price come first. A query of filters only ("certificate in Texas") ranks
            # every program 0, a constant PostgreSQL refuses to order by.
            rank = queryset.query.annotations["search_rank"]
            by_rank = [] if isinstance(rank, Value) else [F("search_rank").desc(nulls_last=True)]
            return queryset.order_by(*by_rank, PRICE_UNKNOWN, *NAME_ORDER)
        if key == "distance" and "distance_miles" in queryset.query.annotations:
            return queryset.order_by(F("distance_miles").asc(nulls_last=True), *NAME_ORDER)
        figure = SORT_FIGURES.get(key.lstrip("-"))
        if figure is None:
            return queryset.order_by(*NAME_ORDER)
        kind, name = figure
        if kind == "outcome":
            queryset = queryset.with_newest_reported(name, "sort_value")
            name = "sort_value"
        expression = F(name).desc(nulls_last=True) if key.startswith("-") else F(name).asc(nulls_last=True)
        return queryset.order_by(expression, *NAME_ORDER)

    # Facet counts

    def facet_counts(self):
        """(facets with option counts, extra counts): from the in-memory index with `use_index`, else one query.

        Extra counts: "total", the length of the list; "no_coordinates", programs a distance search leaves out
        because their school cannot be placed (with a ZIP code only); "cost_unreported", "length_unreported" and
        "tuition_unreported", programs without that fact.
        """
        listing = self.listing if self.use_index else None  # first: its query also brings the facet options
        facets = facet_module.program_facets(
            self._cip_code_choices(), self._credential_choices(), self._field_choices()
        )
        if listing is not None:
            counts, extra_counts = listing.facet_counts(facets)
        else:
            counts, extra_counts = self._sql_facet_counts(facets)
        if "delivery" in self.implied:
            delivery = next(facet for facet in counts if facet.name == "delivery")
            # Under every other filter, no program reports a delivery mode: the word was not applied.
            self.delivery_unknown = not any(option.count for option in delivery.options)
            if self.delivery_unknown:
                for option in delivery.options:
                    option.selected = False
        return counts, extra_counts

    def _sql_facet_counts(self, facets):
        self.qs  # noqa: B018 - builds self.narrowed
        active = self.active_conditions()
        base = self.narrowed
        extra = {"total": (Q(), ())}
        if self.near:
            # The base holds the programs near the ZIP code and those a distance search must leave out, so the
            # latter are counted in the same query; every other count excludes them again.
            left_out = Q(institution__latitude__isnull=True) | Q(institution__longitude__isnull=True)
            if self.near["include_online"]:
                left_out &= ~Q(delivery_mode="online")
            base = base.filter(self.near_condition() | left_out)
            active["near"] = ([], ~left_out)
            extra["no_coordinates"] = (left_out, {"near"})
        extra["cost_unreported"] = (Q(cost__isnull=True), {"cost"})
        extra["length_unreported"] = (Q(length_months__isnull=True), {"length"})
        extra["tuition_unreported"] = (Q(institution__tuition_in_state__isnull=True), {"tuition"})
        return facet_module.count_facets(base, facets, active, extra)


ProgramFilter.base_filters = _SharedFilters(ProgramFilter.base_filters)
