"""The compare list: up to 10 program slugs kept in a cookie, and the table that sets them side by side.

A cookie rather than the session: a visitor needs no account and no server-side state, so public pages
can be cached later; the list is just public addresses, so there is nothing to protect by signing it.
"""

import re
from dataclasses import dataclass, field

from django.contrib.humanize.templatetags.humanize import intcomma
from django.template.defaultfilters import date as format_date
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from catalog.templatetags.figures import format_number

MAX_PROGRAMS = 10
COOKIE_NAME = "compare"
# Slugs hold only letters, digits, "-" and "_", so "." can join them in a cookie without quoting.
COOKIE_SEPARATOR = "."
COOKIE_MAX_AGE = 60 * 60 * 24 * 180  # half a year: long enough to come back to a shortlist
SLUG_PATTERN = re.compile(r"^[-a-zA-Z0-9_]{1,255}$")
# How much of an unusable entry a note repeats back: enough to recognise it, never a whole pasted text.
SHOWN_CHARS = 60


def _shown(text):
    return text if len(text) <= SHOWN_CHARS else text[:SHOWN_CHARS] + "…"


@dataclass
class ParsedList:
    """Slugs to look up, in the order given, and notes about the entries that were dropped."""

    slugs: list = field(default_factory=list)
    notes: list = field(default_factory=list)


def parse_program_list(raw):
    """Read a comma-separated `programs` parameter: valid slugs once each, at most 10, with a note per problem."""
    parsed = ParsedList()
    invalid, duplicates, extra = [], [], 0
    for entry in (raw or "").split(","):
        entry = entry.strip()
        if not entry:
            continue
        if not SLUG_PATTERN.match(entry):
            invalid.append(entry)
        elif entry in parsed.slugs:
            if entry not in duplicates:
                duplicates.append(entry)
        elif len(parsed.slugs) >= MAX_PROGRAMS:
            extra += 1
        else:
            parsed.slugs.append(entry)
    if invalid:
        parsed.notes.append(
            ngettext(
                "“%(entry)s” is not a program address, so it was left out.",
                "%(count)s entries are not program addresses, so they were left out (the first: “%(entry)s”).",
                len(invalid),
            )
            % {"entry": _shown(invalid[0]), "count": len(invalid)}
        )
    for slug in duplicates:
        parsed.notes.append(_("“%(slug)s” was listed more than once; it is shown once.") % {"slug": _shown(slug)})
    if extra:
        parsed.notes.append(
            ngettext(
                "At most %(max)s programs can be compared at once, so %(count)s more was left out.",
                "At most %(max)s programs can be compared at once, so %(count)s more were left out.",
                extra,
            )
            % {"max": MAX_PROGRAMS, "count": extra}
        )
    return parsed


def read_compare_list(request):
    """The visitor's compare list from the cookie; anything malformed in it is dropped silently."""
    raw = request.COOKIES.get(COOKIE_NAME, "")[: (255 + 1) * MAX_PROGRAMS]
    slugs = []
    for slug in raw.split(COOKIE_SEPARATOR):
        if SLUG_PATTERN.match(slug) and slug not in slugs:
            slugs.append(slug)
    return slugs[:MAX_PROGRAMS]


def write_compare_list(response, request, slugs):
    """Store the list on the response; an empty list deletes the cookie."""
    if slugs:
        response.set_cookie(
            COOKIE_NAME,
            COOKIE_SEPARATOR.join(slugs[:MAX_PROGRAMS]),
            max_age=COOKIE_MAX_AGE,
            secure=request.is_secure(),
            httponly=True,
            samesite="Lax",
        )
    else:
        response.delete_cookie(COOKIE_NAME, samesite="Lax")
    return response


# The table


@dataclass
class Cell:
    text: str
    url: str = ""
    # The number the "best" tag compares; None where the value is not reported.
    number: object = None
    best: bool = False


@dataclass
class Row:
    key: str
    label: str
    cells: list
    # The text shown next to the best value of a numeric row ("highest", "lowest"), or "" for none.
    best_label: str = ""
    best_is_lowest: bool = False
    # Kept when only differences are shown: the citation of the figures that are.
    always_shown: bool = False

    @property
    def differs(self):
        return len({cell.text for cell in self.cells}) > 1

    def mark_best(self):
        numbers = [cell.number for cell in self.cells if cell.number is not None]
        if not self.best_label or len(numbers) < 2 or len(set(numbers)) < 2:
            return
        best = min(numbers) if self.best_is_lowest else max(numbers)
        for cell in self.cells:
            cell.best = cell.number == best


def newest_outcome(program):
    """The newest release's figures: one release per column, so every figure in it shares a source."""
    outcomes = getattr(program, "outcomes_newest_first", None)
    return outcomes[0] if outcomes else None


def _usd(value):
    """Whole dollars: `value|floatformat:0|intcomma` with a dollar sign, by the figures' formatter (a tenth of the
    time; the table shows some 150 amounts)."""
    return f"${format_number(value, '0g')}"


def _externship(program):
    if program.externship_offered is None:
        return ""
    if not program.externship_offered:
        return _("No")
    if program.externship_hours:
        return ngettext("Yes, %(hours)s hour", "Yes, %(hours)s hours", program.externship_hours) % {
            "hours": program.externship_hours
        }
    return _("Yes")


def _cost(program):
    """The school's own cost, else the whole-program tuition and fees it reported to IPEDS (IC_PY)."""
    if program.cost is not None:
        source = program.source_note or program.institution.name
        return f"{_usd(program.cost)} ({source}, {program.cost_year})"
    price = program.federal_price
    if price is None:
        return ""
    amount = _usd(price["low"]) if price["low"] == price["high"] else f"{_usd(price['low'])}–{_usd(price['high'])}"
    return f"{amount} (IPEDS IC{price['year'][:4]}_PY, {price['year']})"


def _cost_number(program):
    if program.cost is not None:
        return program.cost
    price = program.federal_price
    return None if price is None else price["low"]


def _delivery(program):
    if program.delivery_from_ipeds:
        return f"{program.delivery_label} ({program.federal_source})"
    return program.delivery_label


def tuition_text(school):
    """ "$9,744 in-state, $18,354 out-of-state (College Scorecard, 2018-19)", or "" when the school has none."""
    if not school.has_tuition:
        return ""
    tuition_in, tuition_out = school.tuition_in_state, school.tuition_out_of_state
    if tuition_in is not None and tuition_in == tuition_out:
        amounts = _("%(amount)s in-state and out-of-state") % {"amount": _usd(tuition_in)}
    else:
        parts = []
        if tuition_in is not None:
            parts.append(_("%(amount)s in-state") % {"amount": _usd(tuition_in)})
        if tuition_out is not None:
            parts.append(_("%(amount)s out-of-state") % {"amount": _usd(tuition_out)})
        amounts = ", ".join(parts)
    return f"{amounts} ({school.tuition_source}, {school.tuition_year})"


def _earnings(outcome):
    if outcome is None or outcome.median_earnings is None:
        return ""
    text = _usd(outcome.median_earnings)
    if outcome.earnings_horizon:
        text += f" ({outcome.get_earnings_horizon_display().lower()})"
    return text


def _premium_test(outcome):
    if outcome is None or outcome.earns_more_than_hs_graduates is None:
        return ""
    verdict = _("Passes") if outcome.earns_more_than_hs_graduates else _("Does not pass")
    if outcome.state_hs_earnings_threshold is not None:
        verdict += " " + _("(state threshold %(threshold)s)") % {"threshold": _usd(outcome.state_hs_earnings_threshold)}
    return verdict


def _outcome_source(outcome):
    if outcome is None:
        return ""
    return f"{outcome.source}, {format_date(outcome.release_date, 'DATE_FORMAT')}"


def comparison_rows(programs):
    """Every comparable fact as a row with one cell per program, best values of numeric rows marked.

    `programs` come from `Program.objects.for_compare()`. A blank cell text means "not reported";
    the template says so, and blank cells count as a value when deciding whether a row differs.
    """
    outcomes = [newest_outcome(program) for program in programs]

    def row(key, label, values, best_label="", best_is_lowest=False, always_shown=False):
        cells = [value if isinstance(value, Cell) else Cell(text=value) for value in values]
        built = Row(key, label, cells, best_label=best_label, best_is_lowest=best_is_lowest, always_shown=always_shown)
        built.mark_best()
        return built

    def place(school):
        return ", ".join(part for part in (school.city, school.state) if part)

    def outcome_number(outcome, name):
        return getattr(outcome, name) if outcome is not None else None

    rows = [
        row(
            "school",
            _("School"),
            [Cell(p.institution.name, url=p.institution.get_absolute_url()) for p in programs],
        ),
        row("place", _("City and state"), [place(p.institution) for p in programs]),
        row("ownership", _("Ownership"), [p.institution.get_ownership_display() for p in programs]),
        row("locale", _("Setting"), [p.institution.get_locale_display() for p in programs]),
        row("credential_level", _("Credential level"), [p.get_credential_level_display() for p in programs]),
        row("cip_code", _("Field of study (CIP 2020)"), [f"{p.cip_code.code} {p.cip_code.title}" for p in programs]),
        row("delivery", _("Delivery"), [_delivery(p) for p in programs]),
        row(
            "length",
            _("Length"),
            [
                Cell(
                    ngettext("%(months)s month", "%(months)s months", p.length_months) % {"months": p.length_months}
                    if p.length_months
                    else "",
                    number=p.length_months or None,
                )
                for p in programs
            ],
            best_label=_("shortest"),
            best_is_lowest=True,
        ),
        row(
            "credit_hours",
            _("Credit hours"),
            [floatformat(p.credit_hours, -1) if p.credit_hours is not None else "" for p in programs],
        ),
        row(
            "cost",
            _("Total tuition and fees"),
            [Cell(_cost(p), number=_cost_number(p)) for p in programs],
            best_label=_("lowest"),
            best_is_lowest=True,
        ),
        row(
            "tuition",
            _("School’s tuition and fees per year"),
            [Cell(tuition_text(p.institution), number=p.institution.tuition_in_state) for p in programs],
            best_label=_("lowest"),
            best_is_lowest=True,
        ),
        row(
            "prerequisite",
            _("Admission prerequisite"),
            [
                ": ".join(part for part in (p.get_admission_prerequisite_display(), p.prerequisite_notes) if part)
                for p in programs
            ],
        ),
        row("externship", _("Externship or hands-on training"), [_externship(p) for p in programs]),
        row(
            "accreditation",
            _("Programmatic accreditation or approval"),
            [p.get_accreditation_display() for p in programs],
        ),
        row(
            "median_earnings",
            _("Graduates’ median earnings"),
            [Cell(_earnings(o), number=outcome_number(o, "median_earnings")) for o in outcomes],
            best_label=_("highest"),
        ),
        row(
            "median_debt",
            _("Median debt"),
            [
                Cell(
                    _usd(o.median_debt) if o and o.median_debt is not None else "",
                    number=outcome_number(o, "median_debt"),
                )
                for o in outcomes
            ],
            best_label=_("lowest"),
            best_is_lowest=True,
        ),
        row(
            "debt_to_earnings",
            _("Debt-to-earnings ratio"),
            [
                Cell(
                    floatformat(o.debt_to_earnings_ratio, 2) if o and o.debt_to_earnings_ratio is not None else "",
                    number=outcome_number(o, "debt_to_earnings_ratio"),
                )
                for o in outcomes
            ],
            best_label=_("lowest"),
            best_is_lowest=True,
        ),
        row(
            "completers",
            _("Graduates counted"),
            [
                Cell(
                    intcomma(o.completers) if o and o.completers is not None else "",
                    number=outcome_number(o, "completers"),
                )
                for o in outcomes
            ],
            best_label=_("most"),
        ),
        row("premium_test", _("Earnings-premium test"), [_premium_test(o) for o in outcomes]),
        row(
            "prepares_for",
            _("Certifications it prepares for"),
            [", ".join(credential.abbreviation for credential in p.prepares_for.all()) for p in programs],
        ),
        row(
            "outcome_source",
            _("Source and release of the earnings, debt and graduate figures"),
            [Cell(_outcome_source(o), url=o.source_url if o else "") for o in outcomes],
            always_shown=True,
        ),
    ]
    return rows
