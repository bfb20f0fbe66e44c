"""Hostile input for the fuzzing gate, and the property every response must have."""

from hypothesis import strategies as st

# Text that must never come back unescaped in an HTML page.
SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'

HOSTILE = [
    SCRIPT,
    IMG,
    "' OR 1=1 --",
    "'; DROP TABLE catalog_program; --",
    "%",
    "_",
    "\\",
    "\x00",
    "a\x00b",
    "\x1b[31m\x07\x08",
    "\u202e\u200b\ufeff",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 😀",
    "../../etc/passwd",
    "-1",
    "-999999999999999999999",
    "99999999999999999999999999",
    "1e309",
    "NaN",
    "0x10",
    "",
    " ",
    "x" * 5000,
]

# The query parameters the public pages read, and a few they do not.
PARAMETERS = [
    "q", "zip", "within", "include_online", "credential_level", "delivery", "ownership", "state", "locale",
    "accreditation", "externship", "prerequisite", "prepares_for", "out_earns", "cip_code", "cost_min",
    "cost_max", "length_min", "length_max", "sort", "page", "programs", "only", "preview", "area", "level",
    "credentials", "unknown",
]  # fmt: skip

hostile_text = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=60),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.builds(lambda a, b: a + b, st.sampled_from(HOSTILE), st.text(max_size=20)),
)
# Repeated and empty parameters included: the same name may come several times, with any value.
query_pairs = st.lists(st.tuples(st.sampled_from(PARAMETERS), hostile_text), max_size=8)


def check_response(response, where):
    """The property: no server error, and no user text unescaped in an HTML page."""
    assert response.status_code < 500, f"{where} answered {response.status_code}"
    if "text/html" in response.get("Content-Type", ""):
        content = response.content.decode("utf-8", errors="replace")
        assert SCRIPT not in content, f"{where} echoes a <script> unescaped"
        assert IMG not in content, f'{where} echoes a "><img fragment unescaped'
