"""What the index holds for each program: four texts, one per weight, built the same for both databases.

Weights follow PostgreSQL's A (highest) to D; SQLite keeps one FTS5 column per weight:
- A: what the program is. Its title, its own CIP code's title, its credential level and delivery mode
  labels ("Associate's degree", "Online"), so "associate" or "online" ranks programs that are so first.
- B: who offers it, and what it may be. The school's name; and for a listing filed under a CIP series
  (College Scorecard files every real program under 51.07) the titles of the codes in that series, so
  "coding" finds them through 51.0713 "Medical Insurance Coding Specialist/Coder". Weaker than A: such
  a listing may be any program of the series. Not for a listing whose 6-digit fields IPEDS gives
  (`Program.federal_fields`): their titles are in A, and say which programs of the series it is.
- C: what it teaches. Course titles, the CIP code's definition, the credentials it prepares for.
- D: the rest. Its description, the school's city and state name. Not the state's code: a code typed in
  the query is always read as a state filter, and the one way a code can reach the text ("M.S.", a
  master's degree) must not find Mississippi.
Texts are reduced to plain words first: PostgreSQL's parser would otherwise read "Specialist/Coder" as a
file path and index neither word.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.utils import translation

from .parsing import MAX_WORD_CHARS, US_STATES, words


@dataclass(frozen=True)
class Document:
    program_id: int
    a: str
    b: str
    c: str
    d: str
    # Also weight B: the titles of the codes in the program's CIP series, the same text for every program
    # filed under that series (3,752 in the real data), so PostgreSQL can turn it into a vector once.
    b_series: str = ""

    @property
    def texts(self):
        """The four weighted texts, A to D."""
        return (self.a, f"{self.b} {self.b_series}".strip(), self.c, self.d)


def vocabulary(documents):
    """The documents' distinct words that typo correction may suggest: letters only, 3+ long."""
    texts = {text for doc in documents for text in (doc.a, doc.b, doc.b_series, doc.c, doc.d)}
    return {word for text in texts for word in text.split() if word.isalpha() and 3 <= len(word) <= MAX_WORD_CHARS}


def plain(*texts):
    return " ".join(word for text in texts if text for word in words(text))


def build_documents(program_ids=None, using="default"):
    """The documents of these programs (all when None), in five queries whatever their number."""
    from catalog.models import CIPCode, Course, Program

    programs = Program.objects.using(using).order_by()
    courses = Course.objects.using(using).order_by("program_id", "order", "title")
    credentials = Program.prepares_for.through.objects.using(using).order_by("program_id", "credential__abbreviation")
    if program_ids is not None:
        programs = programs.filter(pk__in=program_ids)
        courses = courses.filter(program_id__in=program_ids)
        credentials = credentials.filter(program_id__in=program_ids)
    rows = list(
        programs.values_list(
            "pk",
            "title",
            "description",
            "credential_level",
            "delivery_mode",
            "institution__name",
            "institution__city",
            "institution__state",
            "cip_code__code",
            "cip_code__title",
            "cip_code__definition",
            "federal_fields",
        )
    )
    if not rows:
        return []
    series_titles = defaultdict(list)
    for code, title in CIPCode.objects.using(using).order_by("code").values_list("code", "title"):
        if len(code) > 5:
            series_titles[code[:5]].append(title)
    series_text = {series: plain(*titles) for series, titles in series_titles.items()}
    course_titles = defaultdict(list)
    for program_id, title in courses.values_list("program_id", "title"):
        course_titles[program_id].append(title)
    credential_names = defaultdict(list)
    for program_id, abbreviation, name in credentials.values_list(
        "program_id", "credential__abbreviation", "credential__name"
    ):
        credential_names[program_id] += [abbreviation, name]

    # The index is in English whatever language the page is shown in.
    with translation.override("en"):
        levels = {value: str(label) for value, label in Program.CredentialLevel.choices}
        deliveries = {value: str(label) for value, label in Program.DeliveryMode.choices}
    documents = []
    for pk, title, description, level, delivery, school, city, state, code, cip_title, definition, fields in rows:
        field_titles = [field["title"] for field in fields or []]
        documents.append(
            Document(
                program_id=pk,
                a=plain(title, cip_title, *field_titles, levels.get(level, ""), deliveries.get(delivery, "")),
                b=plain(school),
                c=plain(*course_titles[pk], definition, *credential_names[pk]),
                d=plain(description, city, US_STATES.get(state, "")),
                # IPEDS's 6-digit fields say what the program is: then the series' other titles would only
                # make "coding" find a health management degree.
                b_series=series_text.get(code, "") if len(code) == 5 and not field_titles else "",
            )
        )
    return documents
