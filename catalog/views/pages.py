"""The home page, program and school pages (with their schema.org JSON-LD), and the health check."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, connection
from django.http import Http404, HttpResponse
from django.utils.cache import add_never_cache_headers
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, TemplateView

from careers import querysets as careers_queries
from certifications.eligibility import rules_for_program
from certifications.querysets import credentials_with_body
from config.errors import RETRY_AFTER_SECONDS
from config.pagecache import cache_answers

from ..models import Institution, Program
from ..permissions import scope_to_user
from ..querysets import published_program_page
from ..search.index import published_index


class HomeView(TemplateView):
    template_name = "catalog/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            # Counted on the program list's in-memory index (catalog/search/index.py): no scan of the programs.
            level_counts=published_index().level_counts(),
            occupations=careers_queries.with_national_pay(),
            credentials=credentials_with_body(),
            **kwargs,
        )


class ProgramDetailView(DetailView):
    # Jinja2 (config/jinja2.py says why): templates/jinja2/catalog/program_detail.html.
    template_engine = "jinja2"
    template_name = "catalog/program_detail.html"
    context_object_name = "program"

    def get_queryset(self):
        if self.is_preview:
            # ?preview=1: a draft or archived listing, for its own school's staff and site editors only.
            return scope_to_user(Program.objects.for_detail(), self.request.user)
        return Program.objects.published().for_detail()

    def get_object(self, queryset=None):
        """The program; its school's other published programs (`self.other_programs`) come in the same query."""
        if self.is_preview:
            program = super().get_object(queryset)
            self.other_programs = (
                Program.objects.published().at_same_school_as(program).only("slug", "title", "credential_level")
            )
            return program
        program, self.other_programs = published_program_page(self.kwargs[self.slug_url_kwarg])
        if program is None:
            raise Http404(_("No program found matching the query"))
        return program

    @cached_property
    def is_preview(self):
        user = self.request.user
        return self.request.GET.get("preview") == "1" and user.is_authenticated and user.is_staff

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if self.is_preview:
            # A preview is never cached nor indexed: it may show what is not public yet.
            add_never_cache_headers(response)
            response["X-Robots-Tag"] = "noindex"
        return response

    def get_context_data(self, **kwargs):
        program = self.object
        occupations = careers_queries.for_cip_code_with_national_pay(program.cip_code.code)
        return super().get_context_data(
            latest_earnings=next((o for o in program.outcomes_newest_first if o.median_earnings is not None), None),
            latest_debt=next((o for o in program.outcomes_newest_first if o.median_debt is not None), None),
            unreported=program.unreported_facts(detail=True),
            occupations=occupations,
            # Credentials the issuers' rules tie to its level, field and accreditation (certifications.EligibilityRule).
            credential_rules=rules_for_program(program),
            other_programs=self.other_programs,
            json_ld=json_ld_script(
                program_json_ld(self.request, program, occupations),
                page=self.request.build_absolute_uri(program.get_absolute_url()),
            ),
            **kwargs,
        )


class InstitutionDetailView(DetailView):
    template_name = "catalog/institution_detail.html"
    context_object_name = "institution"

    def get_queryset(self):
        return Institution.objects.for_detail()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            json_ld=json_ld_script(
                institution_json_ld(self.request, self.object),
                page=self.request.build_absolute_uri(self.object.get_absolute_url()),
            ),
            **kwargs,
        )


# schema.org JSON-LD: built as dicts here, with keys left out (never null) where a value is unknown.

DELIVERY_MODES = {"online": "online", "on_campus": "onsite", "hybrid": "blended"}
SCORECARD_SCHOOL_URL = "https://collegescorecard.ed.gov/school/?{unitid}"


def json_ld_script(data, page=None):
    """A <script type="application/ld+json"> element; <, > and & are escaped so no value can end the script.

    `page`, the page's own address, adds the WebPage the data is the main entity of, with the page's language
    (issue 16: the same program has an English and a Spanish page). It is said there and not on the entity: a
    Course's inLanguage would be the language it is taught in, and an Occupation has none.
    """
    if page:
        data = {**data, "mainEntityOfPage": {"@type": "WebPage", "@id": page, "inLanguage": get_language()}}
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    # As str.translate() with a table of the three would, in a seventh of the time (2 KB: 15 against 2 µs).
    text = text.replace("<", "\\u003C").replace(">", "\\u003E").replace("&", "\\u0026")
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


def _without_blanks(data):
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def _number(value):
    """A Decimal as a JSON number: 30 rather than 30.0 where it is whole."""
    return int(value) if value == int(value) else float(value)


def postal_address(school):
    address = _without_blanks(
        {"addressLocality": school.city, "addressRegion": school.state, "postalCode": school.zip_code}
    )
    return {"@type": "PostalAddress", **address, "addressCountry": "US"} if address else None


def institution_json_ld(request, school, *, with_context=True):
    """A `CollegeOrUniversity`: name, website, address, coordinates and its College Scorecard page."""
    geo = None
    if school.latitude is not None and school.longitude is not None:
        geo = {"@type": "GeoCoordinates", "latitude": _number(school.latitude), "longitude": _number(school.longitude)}
    data = {
        "@type": "CollegeOrUniversity",
        "name": school.name,
        "url": school.website,
        "address": postal_address(school),
        "geo": geo,
        "sameAs": [SCORECARD_SCHOOL_URL.format(unitid=school.unitid)] if school.unitid else None,
    }
    if with_context:
        data = {"@context": "https://schema.org", **data}
    return _without_blanks(data)


def program_json_ld(request, program, occupations):
    """An `EducationalOccupationalProgram` with what the listing knows, from the program page's queryset."""
    offers = None
    if program.cost is not None:
        offers = {
            "@type": "Offer",
            "category": _("Total tuition and fees, %(year)s") % {"year": program.cost_year},
            "priceSpecification": {
                "@type": "PriceSpecification",
                "price": _number(program.cost),
                "priceCurrency": "USD",
            },
        }
    credits = None
    if program.credit_hours is not None:
        credits = _number(program.credit_hours)
        if isinstance(credits, float):  # schema.org wants a whole number or a StructuredValue
            credits = {"@type": "StructuredValue", "value": credits, "unitText": _("credit hours")}
    prerequisite = ": ".join(
        part for part in (program.get_admission_prerequisite_display(), program.prerequisite_notes) if part
    )
    credentials = [
        _without_blanks(
            {
                "@type": "EducationalOccupationalCredential",
                "name": credential.name,
                "alternateName": credential.abbreviation,
                "url": request.build_absolute_uri(credential.get_absolute_url()),
                "recognizedBy": {"@type": "Organization", "name": credential.body.name},
            }
        )
        for credential in program.prepares_for.all()
    ]
    return _without_blanks(
        {
            "@context": "https://schema.org",
            "@type": "EducationalOccupationalProgram",
            "name": program.title,
            "url": request.build_absolute_uri(program.get_absolute_url()),
            "description": program.description,
            "provider": institution_json_ld(request, program.institution, with_context=False),
            "educationalCredentialAwarded": program.get_credential_level_display(),
            "educationalProgramMode": DELIVERY_MODES.get(program.delivery_mode),
            "timeToComplete": f"P{program.length_months}M" if program.length_months else None,
            "numberOfCredits": credits,
            "offers": offers,
            "occupationalCategory": [occupation.soc_code for occupation in occupations],
            "programPrerequisites": prerequisite,
            "occupationalCredentialAwarded": credentials,
            "hasCourse": [
                _without_blanks(
                    {
                        "@type": "Course",
                        "name": course.title,
                        "numberOfCredits": _number(course.credits) if course.credits is not None else None,
                    }
                )
                for course in program.courses.all()
            ],
        }
    )


@require_safe
@never_cache
def healthz(request):
    """For load balancers and operators: 200 while the database answers a trivial query, 503 when it does not.

    The body names the state of each service, one a line ("database: ok", "cache: unavailable"). A cache outage
    costs speed, not pages, so it does not fail the check: taking servers out of the pool for it would only
    turn a slower site into a missing one.
    """
    database = _database_answers()
    states = {"database": database, "cache": cache_answers()}
    body = "".join(f"{name}: {'ok' if ok else 'unavailable'}\n" for name, ok in states.items())
    response = HttpResponse(body, status=200 if database else 503, content_type="text/plain")
    if not database:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def _database_answers():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return False
    return True
