"""schema.org `EducationalOccupationalCredential` JSON-LD for a credential page: only what the page itself shows.

Keys are left out, never null, where a value is unknown; the script element comes from the catalog's helper,
which escapes <, > and & so no value can end it.
"""

from catalog.views.pages import json_ld_script


def _price(amount):
    """A Decimal fee as a JSON number: 499 rather than "499.00"."""
    return int(amount) if amount == int(amount) else float(amount)


def credential_json_ld(credential, url):
    """The credential with its body, renewal cycle, fees and eligibility; `credential` comes from for_detail()."""
    body = credential.body
    recognized_by = {"@type": "Organization", "name": body.name, "alternateName": body.abbreviation}
    if body.website:
        recognized_by["url"] = body.website
    data = {
        "@context": "https://schema.org",
        "@type": "EducationalOccupationalCredential",
        "name": credential.name,
        "alternateName": [name for name in (credential.abbreviation, credential.former_abbreviation) if name],
        "credentialCategory": "certification",
        "recognizedBy": recognized_by,
        "url": url,
    }
    if credential.setting:
        data["description"] = credential.setting
    if credential.renewal_cycle_years:
        data["validFor"] = f"P{credential.renewal_cycle_years}Y"
    if credential.eligibility:
        data["competencyRequired"] = credential.eligibility
    fees = credential.fees.all()
    if fees:
        data["offers"] = [
            {
                "@type": "Offer",
                "price": _price(fee.amount),
                "priceCurrency": "USD",
                **({"description": fee.description} if fee.description else {}),
            }
            for fee in fees
        ]
    return json_ld_script(data, page=url)
