"""Compare up to 10 programs side by side; add and remove with plain forms, the list kept in a cookie."""

from functools import wraps
from urllib.parse import urlencode, urlsplit

from django.contrib import messages
from django.http import HttpResponseForbidden, HttpResponseRedirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_cookie
from django.views.generic import TemplateView

from config.addresses import view_address

from ..compare import (
    MAX_PROGRAMS,
    SLUG_PATTERN,
    comparison_rows,
    parse_program_list,
    read_compare_list,
    write_compare_list,
)
from ..models import Program
from ..querysets import published_for_compare

ONLY_DIFFERENCES = "differences"


def compare_url(slugs, only=""):
    """The shareable address of a comparison: /compare/?programs=a,b (plus &only=differences)."""
    query = {"programs": ",".join(slugs)}
    if only == ONLY_DIFFERENCES:
        query["only"] = ONLY_DIFFERENCES
    return f"{view_address('catalog:compare')}?{urlencode(query, safe=',')}"


def _safe_next(request, default):
    """The `next` address from the form when it is on this site, else `default`."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


@method_decorator(vary_on_cookie, name="dispatch")
class CompareView(TemplateView):
    """`/compare/?programs=a,b` shows exactly those programs, for anyone who has the link.

    Without `programs`, the visitor's own list (from the cookie) is redirected to its shareable address.
    """

    template_name = "catalog/compare.html"

    def get(self, request, *args, **kwargs):
        only = request.GET.get("only", "")
        if "programs" not in request.GET:
            own = read_compare_list(request)
            if own:
                return HttpResponseRedirect(compare_url(own, only))
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        request = self.request
        parsed = parse_program_list(request.GET.get("programs", ""))
        found = {program.slug: program for program in published_for_compare(parsed.slugs)}
        programs = [found[slug] for slug in parsed.slugs if slug in found]
        notes = list(parsed.notes)
        missing = [slug for slug in parsed.slugs if slug not in found]
        if missing:
            notes.append(
                _(
                    "These are not programs in the catalog (they may have been removed), "
                    "so they are left out: %(slugs)s."
                )
                % {"slugs": ", ".join(f"“{slug[:60]}”" for slug in missing)}
            )
        only = request.GET.get("only", "")
        if only and only != ONLY_DIFFERENCES:
            notes.append(_("“%(value)s” is not a way to filter rows, so every row is shown.") % {"value": only[:60]})
        slugs = [program.slug for program in programs]
        rows = comparison_rows(programs)
        show_only_differences = only == ONLY_DIFFERENCES and len(programs) > 1
        shown_rows = [row for row in rows if row.differs or row.always_shown] if show_only_differences else rows
        own = read_compare_list(request)
        return super().get_context_data(
            programs=programs,
            rows=shown_rows,
            hidden_row_count=len(rows) - len(shown_rows),
            show_only_differences=show_only_differences,
            notes=notes,
            is_own_list=slugs == own,
            own_count=len(own),
            max_programs=MAX_PROGRAMS,
            share_url=request.build_absolute_uri(compare_url(slugs)) if slugs else "",
            all_rows_url=compare_url(slugs),
            differences_url=compare_url(slugs, ONLY_DIFFERENCES),
            # Leaving a program out of a shared comparison is a plain link: it changes no one's list.
            columns=[
                {"program": program, "leave_out_url": compare_url([s for s in slugs if s != program.slug], only)}
                for program in programs
            ],
            return_url=reverse("catalog:compare") + ("?only=differences" if show_only_differences else ""),
            programs_param=",".join(slugs),
            **kwargs,
        )


def same_site_form(view):
    """POST only, from a page of this site, with no CSRF token.

    The compare forms change nothing but the visitor's own list in their own cookie: no account, no data on
    the server. Leaving the token out keeps every public page free of per-visitor content and of the CSRF
    cookie, so anonymous pages can be cached whole (issue 9). A form posted from another site is still
    refused: browsers send `Origin` (or at least `Referer`) with a form POST, and it must be this host.
    """

    @csrf_exempt
    @require_POST
    @wraps(view)
    def checked(request, *args, **kwargs):
        source = request.headers.get("Origin") or request.headers.get("Referer")
        # An opaque origin ("null", from a sandboxed frame) has no host, so it is refused too.
        if source and urlsplit(source).netloc != request.get_host():
            return HttpResponseForbidden(_("This form can only be sent from this site."))
        return view(request, *args, **kwargs)

    return checked


def _posted_slug(request):
    slug = request.POST.get("program", "").strip()
    return slug if SLUG_PATTERN.match(slug) else ""


@same_site_form
def compare_add(request):
    """Add a published program to the list and go back; a full list or an unknown program says so."""
    slug = _posted_slug(request)
    own = read_compare_list(request)
    program = Program.objects.published().filter(slug=slug).select_related("institution").first() if slug else None
    if program is None:
        messages.warning(request, _("That program is not in the catalog any more, so it was not added."))
        return HttpResponseRedirect(compare_url(own) if own else reverse("catalog:compare"))
    if slug in own:
        return HttpResponseRedirect(_safe_next(request, program.get_absolute_url()))
    if len(own) >= MAX_PROGRAMS:
        messages.warning(
            request,
            _(
                "Your compare list already has %(max)s programs, the most that can be compared at once, so "
                "“%(title)s” at %(school)s was not added. Remove one below, then add it again."
            )
            % {"max": MAX_PROGRAMS, "title": program.title, "school": program.institution.name},
        )
        return HttpResponseRedirect(compare_url(own))
    response = HttpResponseRedirect(_safe_next(request, program.get_absolute_url()))
    return write_compare_list(response, request, [*own, slug])


@same_site_form
def compare_remove(request):
    """Take a program off the list and go back (to the compare page unless `next` says otherwise)."""
    slug = _posted_slug(request)
    remaining = [own_slug for own_slug in read_compare_list(request) if own_slug != slug]
    response = HttpResponseRedirect(_safe_next(request, reverse("catalog:compare")))
    return write_compare_list(response, request, remaining)


@same_site_form
def compare_use(request):
    """Make a shared comparison the visitor's own list; an empty `programs` empties the list."""
    parsed = parse_program_list(request.POST.get("programs", ""))
    slugs = list(Program.objects.published().filter(slug__in=parsed.slugs).values_list("slug", flat=True))
    ordered = [slug for slug in parsed.slugs if slug in slugs]
    response = HttpResponseRedirect(compare_url(ordered) if ordered else reverse("catalog:compare"))
    return write_compare_list(response, request, ordered)
