"""schema.org `Occupation` JSON-LD for an occupation page: only what the page itself shows."""

from catalog.views.pages import json_ld_script

SCHEMA_PERCENTILES = {10: "percentile10", 25: "percentile25", 50: "median", 75: "percentile75", 90: "percentile90"}


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
    return json_ld_script(data, page=url)
