"""`manage.py create_school_staff --email a@school.edu --institution <slug or UNITID>`: a staff account for a school.

The account joins the "School staff" group and is a member of the given schools (run again to add a school).
No password is made up here, so none can end up in a terminal log: the account starts with an unusable
password, and the command says how to set one (`manage.py changepassword`, typed by the person, not echoed).
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction

from catalog.models import Institution, SchoolMembership
from catalog.permissions import SCHOOL_STAFF_GROUP, sync_staff_groups


def find_institution(value):
    """A school by slug, or by IPEDS UNITID when the value is a number."""
    lookup = {"unitid": int(value)} if value.isdigit() else {"slug": value}
    try:
        return Institution.objects.get(**lookup)
    except Institution.DoesNotExist:
        raise CommandError(f"No school with {next(iter(lookup))} {value!r}.") from None


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

    @transaction.atomic
    def handle(self, *args, email, institution, **options):
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
        if created or not user.has_usable_password():
            self.stdout.write(
                "It has no password yet. To set one, the staff member (or you, with them) runs:\n"
                f"  manage.py changepassword {email}\n"
                "and types it at the prompt; nothing is printed or logged. Then sign in at /admin/."
            )
