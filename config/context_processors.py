"""The page in each of the site's languages, for the language switch and the hreflang links (issue 16)."""

from django.conf import settings
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language, get_language_info

# English keeps its addresses (no prefix); every other language lives under /<code>/ (config/urls.py).
PREFIXED = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def page_path(path, language):
    """`path` (of any language's version of a page) as the same page's address in `language`."""
    for code in PREFIXED:
        if path == f"/{code}" or path.startswith(f"/{code}/"):
            path = path[len(code) + 1 :] or "/"
            break
    return path if language == settings.LANGUAGE_CODE else f"/{language}{path}"


def _versions(request):
    query = request.META.get("QUERY_STRING", "")
    current = get_language()
    origin = f"{request.scheme}://{request.get_host()}"
    # Under a script prefix (a site served at /catalog/), the language prefix follows it: /catalog/es/careers/.
    script_name = request.path[: len(request.path) - len(request.path_info)]
    versions = []
    for code, _name in settings.LANGUAGES:
        path = script_name + page_path(request.path_info, code)
        versions.append(
            {
                "code": code,
                # Each language named in itself: "Español" on the English page, "English" on the Spanish one.
                "name": get_language_info(code)["name_local"],
                # The switch keeps the query string (the same search, the same state); the hreflang links name
                # the canonical address, which leaves it out, as the canonical link does.
                "url": path + (f"?{query}" if query else ""),
                "absolute_url": origin + path,
                "current": code == current,
            }
        )
    return versions


def languages(request):
    """`language_versions`: every language's version of this page (code, name, url with the query string,
    absolute_url without it, current); worked out only when a template reads it."""
    return {"language_versions": SimpleLazyObject(lambda: _versions(request))}
