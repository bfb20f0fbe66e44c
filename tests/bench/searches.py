"""The benchmark's searches, without Django: run.py reads them before any settings are chosen."""

SEARCH = "/programs/?q=medical+coding&credential_level=1&delivery=online&state=TX"
# A student's query is new: the uncached passes send a different search with each request, these in turn.
ROTATION_STATES = ["TX", "CA", "NY", "FL", "OH", "IL", "PA", "GA", "NC", "MI", "WA", "AZ", "NM", "CO", "MN"]
ROTATION_TEXTS = ["medical+coding", "health+information", "medical+billing+and+coding", "coding+certificate"]
ROTATION_FACETS = ["credential_level=1&delivery=online", "credential_level=2", "ownership=public&delivery=online"]


def search_rotation(suffix=""):
    """Distinct searches like SEARCH (text, facets, a state), 180 of them, each with `suffix` ("&sort=cost")."""
    return [
        f"/programs/?q={text}&{facets}&state={state}{suffix}"
        for state in ROTATION_STATES
        for text in ROTATION_TEXTS
        for facets in ROTATION_FACETS
    ]
