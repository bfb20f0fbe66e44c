"""`manage.py create_school_staff --email a@school.edu --institution <slug or UNITID>`: a staff account for a school.

The account joins the "School staff" group and is a member of the given schools (run again to add a school).
No password is made up here, so none can end up in a terminal log: the account starts with an unusable
password. With `--invite https://site`, the staff member is emailed a link to set their own (it works once,
for PASSWORD_RESET_TIMEOUT); without it, the command says how to set one with `manage.py changepassword`.
"""

import smtplib

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from catalog.models import Institution, SchoolMembership
from catalog.permissions import SCHOOL_STAFF_GROUP, sync_staff_groups


def find_institution(value):
    """A school by slug, or by IPEDS UNITID when the value is a number."""
    lookup = {"unitid": int(value)} if value.isdigit() else {"slug": value}
    try:
        return Institution.objects.get(**lookup)
    except Institution.DoesNotExist:
        raise CommandError(f"No school with {next(iter(lookup))} {value!r}.") from None


def site_address(value):
    """The address the site is served at, as the invitation's link starts: https://example.org, no path."""
    value = value.strip().rstrip("/")
    try:
        URLValidator(schemes=["https", "http"])(value)
    except ValidationError:
        raise CommandError(f"--invite needs the site's address, such as https://example.org; got {value!r}.") from None
    return value


def send_invitation(user, schools, site):
    """Email `user` a one-time link to set their password and sign in to edit `schools`' listings."""
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    days = settings.PASSWORD_RESET_TIMEOUT // (24 * 60 * 60)
    names = ", ".join(school.name for school in schools)
    subject = _("Your staff account for %(schools)s") % {"schools": names}
    body = _(
        "An account has been made for you to keep the listings of %(schools)s up to date.\n\n"
        "Choose your password here (the link works once, for %(days)s days):\n%(link)s\n\n"
        "Then sign in at %(admin)s with %(username)s.\n\n"
        "If you did not expect this email, you can ignore it: nothing happens until the link is used."
    ) % {
        "schools": names,
        "days": days,
        "link": site + path,
        "admin": site + reverse("admin:index"),
        "username": user.username,
    }
    send_mail(subject, body, None, [user.email])


class Command(BaseCommand):
    help = "Create (or extend) a school staff account that can edit only the given schools' listings."

    def add_arguments(self, parser):
        parser.add_argument("--email", required=True, help="The staff member's email; also their username.")
        parser.add_argument(
            "--institution",
            action="append",
            required=True,
            help="The school's slug or IPEDS UNITID; repeat for a person who edits several schools.",
        )
        parser.add_argument(
            "--invite",
            metavar="SITE_ADDRESS",
            help="Email the staff member a one-time link to set their password on this site "
            "(e.g. https://example.org), through the email settings (DJANGO_EMAIL_HOST).",
        )

    @transaction.atomic
    def handle(self, *args, email, institution, invite=None, **options):
        site = site_address(invite) if invite else None
        email = email.strip().lower()
        try:
            validate_email(email)
        except ValidationError:
            raise CommandError(f"{email!r} is not an email address.") from None
        schools = [find_institution(value.strip()) for value in institution]
        group = Group.objects.filter(name=SCHOOL_STAFF_GROUP).first() or sync_staff_groups()[0]

        User = get_user_model()
        user, created = User.objects.get_or_create(username=email, defaults={"email": email, "is_staff": True})
        if user.is_superuser:
            raise CommandError(f"{email} is a superuser, who already sees every school.")
        if created:
            user.set_unusable_password()
            user.save()
        elif not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
        user.groups.add(group)
        for school in schools:
            SchoolMembership.objects.get_or_create(user=user, institution=school)

        names = ", ".join(school.name for school in schools)
        self.stdout.write(f"{'Created' if created else 'Updated'} staff account {email} for {names}.")
        if user.has_usable_password():
            return
        if site:
            try:
                send_invitation(user, schools, site)
            except (OSError, smtplib.SMTPException) as exc:
                # Raised inside the transaction, so the account is not kept either: run the command again.
                raise CommandError(f"Could not send the invitation ({exc}); nothing was changed.") from None
            self.stdout.write(f"Emailed {email} a link to choose a password (it works once, within a few days).")
            return
        self.stdout.write(
            "It has no password yet. Send an invitation by running this again with --invite https://<this site>,\n"
            "or the staff member (or you, with them) runs:\n"
            f"  manage.py changepassword {email}\n"
            "and types it at the prompt; nothing is printed or logged. Then sign in at /admin/."
        )
