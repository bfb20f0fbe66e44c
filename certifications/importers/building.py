"""Build stage for certifications: check the hand-written credentials.json against its source notes.

There is no public file to derive from: the facts were collected by hand from the issuers' pages
into ../shared/data/credentials.md, which is prose, and written into certifications/data/credentials.json
by hand (see certifications/data/README.md). Build checks that file and that every credential and
fee amount it states appears in the notes; it copies the file only when asked to build elsewhere.
"""

import re
import shutil
from pathlib import Path

from catalog.importing import DataError

from .curated import CURATED_FILE, read_credentials

NOTES_FILE = "credentials.md"


def _check_against_notes(notes_path, curated_path, credentials):
    if not notes_path.exists():
        raise DataError(notes_path, 0, "file not found")
    notes = notes_path.read_text(encoding="utf-8")
    for slug, item in sorted(credentials.items()):
        abbreviation = item["fields"]["abbreviation"]
        if not re.search(rf"\b{re.escape(abbreviation)}\b", notes):
            raise DataError(curated_path, 0, f"credentials.{slug}: {abbreviation} is not in {NOTES_FILE}")
        for index, fee in enumerate(item["fees"] or []):
            amount = f"${fee['amount'].normalize():f}"
            if amount not in notes:
                raise DataError(
                    curated_path, 0, f"credentials.{slug}.fees[{index}].amount: {amount} is not in {NOTES_FILE}"
                )


def build(source_dir, out_dir):
    """Check credentials.json (and copy it into `out_dir` if that is another folder); return summary lines."""
    bodies, credentials = read_credentials(CURATED_FILE)
    _check_against_notes(Path(source_dir) / NOTES_FILE, CURATED_FILE, credentials)
    target = Path(out_dir) / CURATED_FILE.name
    if target.resolve() != CURATED_FILE.resolve():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(CURATED_FILE, target)
    fees = sum(len(item["fees"] or []) for item in credentials.values())
    links = sum(len(item["occupations"] or []) for item in credentials.values())
    return [
        f"certifications: {CURATED_FILE.name} is hand-written from {NOTES_FILE}; checked {len(bodies)} bodies, "
        f"{len(credentials)} credentials, {fees} fees, {links} occupation links"
    ]
