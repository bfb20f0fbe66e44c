"""Spanish glosses of the credential names (issue 16).

Credential names stay as their publishers print them ("Certified Professional Coder"). A Spanish page adds a
gloss beside the name, "Certified Professional Coder (Codificador Profesional Certificado)", so a reader knows
what the English words mean. Each name is its own msgid under one context, and the translation is the gloss: where
a language's catalogue leaves it as the name (English), no gloss is shown. A credential added later shows its name
alone until its line is added here and translated.
"""

from django.utils.translation import pgettext, pgettext_lazy

# Never shown: they put the names in the catalogue (makemessages reads only literal strings).
NAMES = [
    pgettext_lazy("gloss of a credential's name", "Certified Professional Coder"),
    pgettext_lazy("gloss of a credential's name", "Certified Outpatient Coder"),
    pgettext_lazy("gloss of a credential's name", "Certified Professional Coder - Payer"),
    pgettext_lazy("gloss of a credential's name", "Certified Inpatient Coder"),
    pgettext_lazy("gloss of a credential's name", "Certified Risk Adjustment Coder"),
    pgettext_lazy("gloss of a credential's name", "Certified Coding Associate"),
    pgettext_lazy("gloss of a credential's name", "Certified Coding Specialist"),
    pgettext_lazy("gloss of a credential's name", "Registered Health Information Technician"),
    pgettext_lazy("gloss of a credential's name", "Registered Health Information Administrator"),
]


def gloss(name):
    """The name's meaning in the active language, or "" where it has none other than the name itself."""
    translated = pgettext("gloss of a credential's name", name)
    return "" if translated == name else translated
