"""Facets of the program search: what each filter option means as a condition, and how many programs it has.

Counts follow standard faceted search: an option's count is the number of programs the list would
show if that option were the facet's only selection, with every OTHER active filter kept.

Each facet states its condition twice: as a Q (the SQL definition, `count_facets`: one aggregate query of
conditional COUNTs over the base queryset) and on the in-memory index (`Facet.mask`, `Facet.option_counts`),
which the list page counts with (catalog/search/listing.py). tests/catalog/test_search_index.py holds the two
to the same answers on both databases.
"""

from dataclasses import dataclass, field

import numpy as np
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import BooleanField, ExpressionWrapper, OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _

from ..models import Institution, Outcome, Program, ProgramField
from .parsing import US_STATES


def newest_outcome_verdict():
    """Whether the graduates of the program's newest outcome release out-earn the state's high school graduates.

    NULL when the newest release has no verdict (too few graduates to measure) or there is no release.
    """
    newest = Outcome.objects.filter(program=OuterRef("pk")).order_by("-release_date", "-pk")
    return Subquery(newest.values("earns_more_than_hs_graduates")[:1])


def _verdict_condition(values):
    """On a queryset annotated `out_earns_verdict` (newest_outcome_verdict()): one subquery per row, not per count."""
    condition = Q()
    for value in values:
        if value == "unknown":
            condition |= Q(out_earns_verdict__isnull=True)
        else:
            condition |= Q(out_earns_verdict=(value == "yes"))
    return condition


def _prepares_for_condition(values):
    # An uncorrelated IN rather than EXISTS: the count query reads the programs from a subquery, where an
    # outer reference to the program's id would not resolve.
    links = Program.prepares_for.through.objects.filter(credential__slug__in=values)
    return Q(pk__in=links.values("program_id"))


# The delivery facet's option for IPEDS's "some of the school's programs here can be completed online".
SOME_ONLINE = "some_online"
# What a delivery the school gives means in IPEDS's terms, for programs whose school has given none.
_DISTANCE_EDUCATION_FOR = {"online": "all", "on_campus": "none", SOME_ONLINE: "some"}


def _delivery_condition(values):
    """The school's delivery mode where it gives one, else IPEDS's distance education: "online" is a program the
    school calls online or, without a word from the school, one IPEDS says can be completed entirely online."""
    condition = Q()
    for value in values:
        if value in Program.DeliveryMode.values:
            condition |= Q(delivery_mode=value)
        if value in _DISTANCE_EDUCATION_FOR:
            condition |= Q(delivery_mode="", distance_education=_DISTANCE_EDUCATION_FOR[value])
    return condition


def _field_condition(values):
    # An uncorrelated IN, as for credentials: the count query reads the programs from a subquery.
    return Q(pk__in=ProgramField.objects.filter(cip_code__code__in=values).values("program_id"))


# The same conditions on the in-memory index (catalog/search/index.py), for the list page's counts and order.


def _delivery_mask(index, values):
    delivery, distance = index.coded["delivery_mode"], index.coded["distance_education"]
    mask = index.none()
    for value in values:
        if value in Program.DeliveryMode.values:
            mask |= delivery.mask([value])
        if value in _DISTANCE_EDUCATION_FOR:
            mask |= delivery.mask([""]) & distance.mask([_DISTANCE_EDUCATION_FOR[value]])
    return mask


def _delivery_unreported(index):
    return index.coded["delivery_mode"].mask([""]) & index.coded["distance_education"].mask([""])


def _verdict(value):
    return {"yes": True, "no": False}.get(value)


def _unlinked(name):
    return lambda index: ~index.linked[name]


@dataclass
class Facet:
    """One filter with a fixed list of options.

    name      the GET parameter
    lookup    the lookup its values are matched on (unless `condition` is given)
    choices   [(value as in the URL, label)]
    multiple  checkboxes (any of the ticked options) rather than one choice
    hide_empty options no program has are left out (long lists); otherwise they are shown disabled
    unreported the condition of programs for which this fact is blank, to say how many
    """

    name: str
    label: str
    lookup: str = ""
    choices: list = field(default_factory=list)
    multiple: bool = False
    hide_empty: bool = False
    coerce: object = str
    condition_for: object = None
    unreported: object = None
    explanation: str = ""
    # The in-memory index (catalog/search/index.py): the coded column `lookup` is read from, or for a facet with
    # a `condition_for`, a function (index, values) -> rows; and a function (index) -> rows for `unreported`
    # where it is not simply a blank in `column`.
    column: str = ""
    mask_for: object = None
    unreported_mask: object = None

    def condition(self, values):
        """The Q a list of selected values (strings as in the URL) stands for."""
        values = list(values)
        if self.condition_for is not None:
            return self.condition_for(values)
        return Q(**{f"{self.lookup}__in": [self.coerce(value) for value in values]})

    def mask(self, index, values):
        """The rows of the index that `condition(values)` selects."""
        values = list(values)
        if self.mask_for is not None:
            return self.mask_for(index, values)
        return index.coded[self.column].mask([self.coerce(value) for value in values])

    def unreported_rows(self, index):
        """The rows of the index that `unreported` selects, or None for a facet that does not say."""
        if self.unreported is None:
            return None
        if self.unreported_mask is not None:
            return self.unreported_mask(index)
        return index.coded[self.column].mask(["", None])

    def option_counts(self, index, rows):
        """[count] per choice among the selected rows: one pass over them for a column, else one per option."""
        if self.mask_for is None:
            histogram = index.coded[self.column].histogram(rows)
            return [histogram.get(self.coerce(value), 0) for value, _label in self.choices]
        return [int(np.count_nonzero(rows & self.mask(index, [value]))) for value, _label in self.choices]


def _yes_no(value):
    return value == "yes"


def _state_choices():
    return sorted(US_STATES.items(), key=lambda item: item[1])


def program_facets(cip_code_choices=(), credential_choices=(), field_choices=()):
    """Every facet of the program list, in the order the page shows them.

    CIP codes and credentials come from the database; the caller looks them up (once) only when needed.
    """
    return [
        Facet(
            "credential_level",
            _("Credential level"),
            lookup="credential_level",
            choices=list(Program.CredentialLevel.choices),
            multiple=True,
            coerce=int,
            column="credential_level",
        ),
        Facet(
            "delivery",
            _("Delivery"),
            choices=[*Program.DeliveryMode.choices, (SOME_ONLINE, _("Some programs can be completed online"))],
            multiple=True,
            condition_for=_delivery_condition,
            unreported=Q(delivery_mode="", distance_education=""),
            mask_for=_delivery_mask,
            unreported_mask=_delivery_unreported,
            explanation=_(
                "As the school says it, or else as the federal IPEDS survey reports whether the school’s programs "
                "at this level and in these fields can be completed entirely online."
            ),
        ),
        Facet(
            "ownership",
            _("Ownership"),
            lookup="institution__ownership",
            choices=list(Institution.Ownership.choices),
            multiple=True,
            unreported=Q(institution__ownership=""),
            column="ownership",
        ),
        Facet(
            "state",
            _("State"),
            lookup="institution__state",
            choices=_state_choices(),
            multiple=True,
            hide_empty=True,
            column="state",
        ),
        Facet(
            "locale",
            _("Setting"),
            lookup="institution__locale",
            choices=list(Institution.Locale.choices),
            multiple=True,
            unreported=Q(institution__locale=""),
            column="locale",
        ),
        Facet(
            "accreditation",
            _("Programmatic accreditation"),
            lookup="accreditation",
            choices=list(Program.Accreditation.choices),
            unreported=Q(accreditation=""),
            column="accreditation",
        ),
        Facet(
            "externship",
            _("Externship"),
            lookup="externship_offered",
            choices=[("yes", _("Externship offered")), ("no", _("No externship"))],
            coerce=_yes_no,
            unreported=Q(externship_offered__isnull=True),
            column="externship",
        ),
        Facet(
            "prerequisite",
            _("Admission prerequisite"),
            lookup="admission_prerequisite",
            choices=list(Program.Prerequisite.choices),
            unreported=Q(admission_prerequisite=""),
            column="prerequisite",
        ),
        Facet(
            "prepares_for",
            _("Prepares for the credential"),
            choices=list(credential_choices),
            condition_for=_prepares_for_condition,
            hide_empty=True,
            unreported=~Q(pk__in=Program.prepares_for.through.objects.values("program_id")),
            mask_for=lambda index, values: index.link_mask("prepares_for", values),
            unreported_mask=_unlinked("prepares_for"),
        ),
        Facet(
            "out_earns",
            _("Graduates out-earn high school graduates"),
            choices=[
                ("yes", _("Yes")),
                ("no", _("No")),
                ("unknown", _("No verdict reported")),
            ],
            condition_for=_verdict_condition,
            coerce=_verdict,
            column="verdict",
            explanation=_(
                "College Scorecard’s earnings-premium test: do the program’s graduates earn more than the "
                "typical worker in the state whose education ended with high school? Many programs have too "
                "few graduates for a verdict."
            ),
        ),
        Facet(
            "cip_code",
            _("Field of study (CIP code)"),
            lookup="cip_code__code",
            choices=list(cip_code_choices),
            hide_empty=True,
            column="cip_code",
        ),
        Facet(
            "field",
            _("Field of study (6-digit CIP, IPEDS)"),
            choices=list(field_choices),
            condition_for=_field_condition,
            hide_empty=True,
            unreported=~Q(pk__in=ProgramField.objects.values("program_id")),
            mask_for=lambda index, values: index.link_mask("field", values),
            unreported_mask=_unlinked("field"),
        ),
    ]


@dataclass
class OptionCount:
    value: str
    label: str
    count: int
    selected: bool

    @property
    def disabled(self):
        """No program has it under the other filters; a selected option stays usable so it can be unticked."""
        return self.count == 0 and not self.selected


@dataclass
class FacetCounts:
    facet: Facet
    options: list
    any_count: int
    unreported_count: object = None

    @property
    def name(self):
        return self.facet.name

    @property
    def selected_count(self):
        return sum(1 for option in self.options if option.selected)

    @property
    def is_empty(self):
        """Nothing to choose among these programs: no option has a program and none is selected. The page
        names such facets in one note instead of showing a group of disabled options."""
        return not self.selected_count and not any(option.count for option in self.options)

    @property
    def shown_options(self):
        if not self.facet.hide_empty:
            return self.options
        return [option for option in self.options if option.count or option.selected]


def count_facets(base, facets, active, extra=None):
    """(facet counts, extra counts) in ONE query.

    base    the queryset every count starts from (published, text search and near me applied)
    facets  the Facet list
    active  {group name: (selected values, Q)} for every active filter, facets and ranges alike
    extra   {name: (Q, groups it ignores)} more counts to take in the same query

    Each distinct condition (an active filter, an option, "unreported") becomes one boolean column of the
    base query, compiled once; the counts are conditional COUNTs over those columns, written as SQL. Asking
    the ORM for the ~130 filtered aggregates instead compiles every active filter again inside every one of
    them, which cost a quarter of a second of Python per search page (issue 9's benchmark).
    """
    columns = {}

    def column(condition):
        """The column name of a condition; None for an empty condition (always true)."""
        if not condition:
            return None
        name = f"facet_c{len(columns)}"
        columns[name] = ExpressionWrapper(condition, output_field=BooleanField())
        return name

    active_columns = {name: column(condition) for name, (_values, condition) in active.items()}

    def scope(excluding):
        return [name for group, name in active_columns.items() if group not in excluding and name]

    counts = {}  # result key -> the columns that must all be true
    for index, facet in enumerate(facets):
        others = scope({facet.name})
        counts[f"f{index}_any"] = others
        for position, (value, _label) in enumerate(facet.choices):
            counts[f"f{index}_{position}"] = [*others, column(facet.condition([value]))]
        if facet.unreported is not None:
            counts[f"f{index}_unreported"] = [*others, column(facet.unreported)]
    for name, (condition, ignoring) in (extra or {}).items():
        counts[f"x_{name}"] = [*scope(set(ignoring)), column(condition)]

    row = _conditional_counts(base, columns, counts)

    results = []
    for index, facet in enumerate(facets):
        selected = set(active.get(facet.name, ((), None))[0])
        options = [
            OptionCount(str(value), label, row[f"f{index}_{position}"], str(value) in selected)
            for position, (value, label) in enumerate(facet.choices)
        ]
        results.append(
            FacetCounts(
                facet=facet,
                options=options,
                any_count=row[f"f{index}_any"],
                unreported_count=row.get(f"f{index}_unreported"),
            )
        )
    return results, {name: row[f"x_{name}"] for name in (extra or {})}


def _conditional_counts(base, columns, counts):
    """{key: number of rows of `base` for which every column in counts[key] is true}, in one query."""
    rows = base.order_by().annotate(**columns).values("pk", *columns)
    try:
        sql, params = rows.query.sql_with_params()
    except EmptyResultSet:  # the base can have no rows at all (e.g. a search with nothing to search for)
        return dict.fromkeys(counts, 0)
    connection = connections[rows.db]
    quote = connection.ops.quote_name
    keys = list(counts)
    selects = []
    for key in keys:
        needed = [quote(name) for name in counts[key] if name]
        selects.append(f"COUNT(CASE WHEN {' AND '.join(needed)} THEN 1 END)" if needed else "COUNT(*)")
    query = f"SELECT {', '.join(selects)} FROM ({sql}) facet_rows"
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        values = cursor.fetchone()
    return dict(zip(keys, values, strict=True))
