"""The program list as a CSV file: the same filters and sort as the page, every page of it."""

import csv
from decimal import Decimal

from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Outcome
from .search import ProgramListView

# Enough for any real shortlist; a bigger export would be the whole catalog, which the bundle already is.
ROW_LIMIT = 5000
CHUNK = 500
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
RATIO_PLACES = Decimal("0.001")


def spreadsheet_safe(value):
    """The cell as text, with a leading apostrophe where a spreadsheet would otherwise run it as a formula."""
    if value is None:
        return ""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _ratio(value):
    """The ratio to the field's three places: SQLite hands a subquery's decimal back with fifteen."""
    return None if value is None else Decimal(value).quantize(RATIO_PLACES)


class _Echo:
    """A file-like object whose write() hands back what it is given, so csv.writer can feed a stream."""

    def write(self, value):
        return value


class ProgramExportView(ProgramListView):
    """`/programs/export.csv?<the list's parameters>`.

    A subclass of the list view so the export is built by the same code: the list's queryset, its
    FilterSet with every filter and sort, and the same forgiving handling of parameters that do not
    validate (dropped, as the list drops them). Only the rendering differs.
    """

    def get(self, request, *args, **kwargs):
        self.filterset = self.get_filterset(self.get_filterset_class())
        self.filterset.use_index = True
        # The list's ids in its order, from the same in-memory index as the page.
        ids = [int(program_id) for program_id in self.filterset.listing.ids[: ROW_LIMIT + 1]]
        writer = csv.writer(_Echo())
        response = StreamingHttpResponse(
            self.stream(writer, self.programs(ids)), content_type="text/csv; charset=utf-8"
        )
        filename = f"programs-{timezone.localdate():%Y-%m-%d}.csv"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    def programs(self, ids):
        """The programs of `ids`, in that order, read CHUNK at a time. The list's prefetches are for cards; the export
        reads the newest outcome through subqueries, one query per chunk however many outcomes there are."""
        rows = self.filterset.queryset.prefetch_related(None).with_newest_outcome()
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            found = {program.pk: program for program in rows.filter(pk__in=chunk)}
            yield from (found[program_id] for program_id in chunk if program_id in found)

    def stream(self, writer, programs):
        # A byte order mark first, so Excel reads the file as UTF-8 (school names have accents).
        yield "\ufeff" + writer.writerow(self.header())
        for count, program in enumerate(programs, start=1):
            if count > ROW_LIMIT:
                yield writer.writerow(
                    [
                        _("Only the first %(limit)s programs are in this file. Narrow the search to export the rest.")
                        % {"limit": f"{ROW_LIMIT:,}"}
                    ]
                )
                break
            yield writer.writerow([spreadsheet_safe(value) for value in self.row(program)])

    @staticmethod
    def header():
        return [
            _("program"),
            _("school"),
            _("city"),
            _("state"),
            _("credential level"),
            _("delivery"),
            _("length (months)"),
            _("credit hours"),
            _("cost (USD)"),
            _("cost year"),
            _("can be completed online (IPEDS)"),
            _("program tuition and fees, whole program (IPEDS, USD)"),
            _("program tuition year (IPEDS)"),
            _("school's tuition and fees per year, in-state (USD)"),
            _("school's tuition and fees per year, out-of-state (USD)"),
            _("tuition year"),
            _("tuition source"),
            _("median earnings (USD)"),
            _("earnings measured"),
            _("median debt (USD)"),
            _("debt-to-earnings ratio"),
            _("completers"),
            _("out-earns high school graduates in the state"),
            _("outcome source"),
            _("outcome release date"),
            _("program URL"),
        ]

    @staticmethod
    def federal_price_cells(program):
        price = program.federal_price
        if price is None:
            return ["", ""]
        amount = price["low"] if price["low"] == price["high"] else f"{price['low']}-{price['high']}"
        return [amount, price["year"]]

    def row(self, program):
        school = program.institution
        out_earns = program.newest_outcome_earns_more_than_hs_graduates
        horizon = program.newest_outcome_earnings_horizon
        release = program.newest_outcome_release_date
        return [
            program.title,
            school.name,
            school.city,
            school.state,
            program.get_credential_level_display(),
            program.get_delivery_mode_display(),
            program.length_months,
            program.credit_hours,
            program.cost,
            program.cost_year,
            program.get_distance_education_display(),
            *self.federal_price_cells(program),
            school.tuition_in_state,
            school.tuition_out_of_state,
            school.tuition_year,
            school.tuition_source,
            program.newest_outcome_median_earnings,
            Outcome.EarningsHorizon(horizon).label if horizon in Outcome.EarningsHorizon.values else "",
            program.newest_outcome_median_debt,
            _ratio(program.newest_outcome_debt_to_earnings_ratio),
            program.newest_outcome_completers,
            "" if out_earns is None else (_("yes") if out_earns else _("no")),
            program.newest_outcome_source,
            release.isoformat() if release else "",
            self.request.build_absolute_uri(program.get_absolute_url()),
        ]
