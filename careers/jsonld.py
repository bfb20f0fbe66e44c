"""schema.org `Occupation` JSON-LD for an occupation page: only what the page itself shows."""

import json

from django.utils.html import format_html
from django.utils.safestring import mark_safe

# Escaped so no value can close the <script> element or start markup inside it.
SCRIPT_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}
SCHEMA_PERCENTILES = {10: "percentile10", 25: "percentile25", 50: "median", 75: "percentile75", 90: "percentile90"}


def json_ld_script(data):
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, default=str).translate(SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


def occupation_json_ld(occupation, estimate, url):
    """An Occupation with its SOC code, entry education and, when known, the national wage distribution."""
    data = {
        "@context": "https://schema.org",
        "@type": "Occupation",
        "name": occupation.title,
        "occupationalCategory": occupation.soc_code,
        "occupationLocation": {"@type": "Country", "name": "United States"},
        "url": url,
    }
    if occupation.summary:
        data["description"] = occupation.summary
    if occupation.entry_education:
        data["educationRequirements"] = occupation.entry_education
    if estimate is not None:
        known = {SCHEMA_PERCENTILES[p]: value for p, value in estimate.percentiles if value is not None}
        if known:
            data["estimatedSalary"] = [
                {
                    "@type": "MonetaryAmountDistribution",
                    "name": estimate.source
                    if estimate.release in estimate.source
                    else f"{estimate.source}, {estimate.release}",
                    "currency": "USD",
                    "duration": "P1Y",
                    **known,
                }
            ]
    return json_ld_script(data)
