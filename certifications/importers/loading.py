"""Load stage: certifications/data/credentials.json -> CertifyingBody, Credential, CredentialFee.

The file is read and checked in full, and every SOC code it links to is looked up, before anything
is written. Only the keys the file has are set, so a field staff fill in by hand and the file
leaves out survives a reload; rows are written only when a value differs, so a second load
reports no change. Fees and occupation links are the file's to own: a credential ends up with
exactly the fees and occupations the file lists.
"""

from pathlib import Path

from careers.models import Occupation
from catalog.importing import DataError

from ..models import CertifyingBody, Credential, CredentialFee
from .curated import read_credentials

FILE_NAME = "credentials.json"


def _differing(instance, values):
    """Set the values that differ on `instance`; return their names."""
    names = [name for name, value in values.items() if getattr(instance, name) != value]
    for name in names:
        setattr(instance, name, values[name])
    return names


def _save_bodies(bodies, report):
    existing = {body.abbreviation: body for body in CertifyingBody.objects.filter(abbreviation__in=bodies)}
    created = updated = 0
    for abbreviation, fields in sorted(bodies.items()):
        body = existing.get(abbreviation)
        if body is None:
            existing[abbreviation] = CertifyingBody.objects.create(abbreviation=abbreviation, **fields)
            created += 1
        elif names := _differing(body, fields):
            body.save(update_fields=names)
            updated += 1
    report.add("certifying bodies", created=created, updated=updated, unchanged=len(bodies) - created - updated)
    return existing


def _occupations_by_code(path, credentials):
    codes = {code for item in credentials.values() for code in item["occupations"] or []}
    found = {occupation.soc_code: occupation.pk for occupation in Occupation.objects.filter(soc_code__in=codes)}
    for slug, item in sorted(credentials.items()):
        for index, code in enumerate(item["occupations"] or []):
            if code not in found:
                raise DataError(path, 0, f"credentials.{slug}.occupations[{index}]: unknown SOC code {code}")
    return found


def _sync_fees(credential, fees, counts):
    """Give `credential` exactly `fees`; return whether any fee was removed."""
    existing = {(fee.amount, fee.description): fee for fee in credential.fees.all()}
    for values in fees:
        values = {"description": "", **values}
        fee = existing.pop((values["amount"], values["description"]), None)
        if fee is None:
            CredentialFee.objects.create(credential=credential, **values)
            counts["created"] += 1
        elif names := _differing(fee, values):
            fee.save(update_fields=names)
            counts["updated"] += 1
        else:
            counts["unchanged"] += 1
    for fee in existing.values():
        fee.delete()
    return bool(existing)


def load(data_dir, report):
    """Read credentials.json in `data_dir` into the database; the occupations it names must be loaded already."""
    path = Path(data_dir) / FILE_NAME
    bodies, credentials = read_credentials(path)
    occupation_ids = _occupations_by_code(path, credentials)

    saved_bodies = _save_bodies(bodies, report)
    existing = {credential.slug: credential for credential in Credential.objects.filter(slug__in=credentials)}
    created = updated = 0
    fee_counts = {"created": 0, "updated": 0, "unchanged": 0}
    for slug, item in sorted(credentials.items()):
        values = {"body_id": saved_bodies[item["body"]].pk, **item["fields"]}
        credential = existing.get(slug)
        is_new = credential is None
        changed = False
        if is_new:
            credential = Credential.objects.create(slug=slug, **values)
        elif names := _differing(credential, values):
            credential.save(update_fields=names)
            changed = True
        if item["occupations"] is not None:
            wanted = {occupation_ids[code] for code in item["occupations"]}
            if set(credential.occupations.values_list("pk", flat=True)) != wanted:
                credential.occupations.set(wanted)
                changed = True
        if item["fees"] is not None:
            # A fee the file no longer lists is removed; the credential counts as changed.
            changed = _sync_fees(credential, item["fees"], fee_counts) or changed
        created += is_new
        updated += changed and not is_new
    report.add("credentials", created=created, updated=updated, unchanged=len(credentials) - created - updated)
    report.add("credential fees", **fee_counts)
