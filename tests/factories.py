"""factory_boy factories for every model: tests build exactly the data they talk about."""

import datetime
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from careers.models import Occupation, OutlookStatement, OutlookThreshold, Projection, WageEstimate
from catalog.models import CIPCode, Course, Institution, Outcome, Program, SchoolMembership
from catalog.permissions import sync_staff_groups
from certifications.models import CertifyingBody, Credential, CredentialFee, EligibilityRule, Guide


class CIPCodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CIPCode
        django_get_or_create = ("code",)

    code = "51.07"
    title = "Health and Medical Administrative Services"
    definition = "A summary of groups of instructional programs that prepare individuals to perform administrative."


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institution

    name = factory.Sequence(lambda n: f"Example Community College {n}")
    slug = factory.Sequence(lambda n: f"example-community-college-{n}")
    unitid = factory.Sequence(lambda n: 900000 + n)
    city = "Springfield"
    state = "IL"
    zip_code = "62701"
    ownership = Institution.Ownership.PUBLIC
    locale = Institution.Locale.CITY
    website = "https://www.example.edu/"
    source = "IPEDS HD2020 (sample)"


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program

    institution = factory.SubFactory(InstitutionFactory)
    title = "Medical Billing and Coding"
    slug = factory.Sequence(lambda n: f"medical-billing-and-coding-{n}")
    cip_code = factory.SubFactory(CIPCodeFactory)
    credential_level = Program.CredentialLevel.ASSOCIATE
    status = Program.Status.PUBLISHED


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course

    program = factory.SubFactory(ProgramFactory)
    order = factory.Sequence(lambda n: n)
    title = "Medical Terminology"
    credits = Decimal("3.0")


class OutcomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outcome

    program = factory.SubFactory(ProgramFactory)
    median_earnings = 41000
    earnings_horizon = Outcome.EarningsHorizon.FOUR_YEARS
    median_debt = 9000
    debt_to_earnings_ratio = Decimal("0.220")
    completers = 25
    state_hs_earnings_threshold = 36000
    earns_more_than_hs_graduates = True
    source = "College Scorecard field of study data"
    release_date = datetime.date(2026, 6, 10)


class OccupationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Occupation
        django_get_or_create = ("soc_code",)

    soc_code = "29-2072"
    title = "Medical Records Specialists"
    slug = factory.LazyAttribute(lambda o: o.title.lower().replace(" ", "-"))
    summary = "Compile, process, and maintain medical records."
    entry_education = "Postsecondary nondegree award"


class WageEstimateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WageEstimate

    occupation = factory.SubFactory(OccupationFactory)
    soc_code = factory.LazyAttribute(lambda o: o.occupation.soc_code)
    release = "May 2025"
    reference_date = datetime.date(2025, 5, 1)
    area_type = WageEstimate.AreaType.NATIONAL
    area_code = "99"
    area_name = "U.S."
    employment = 194720
    annual_mean = 53000
    annual_median = 51140
    annual_p10 = 35000
    annual_p25 = 41000
    annual_p75 = 62000
    annual_p90 = 75000
    hourly_median = Decimal("24.59")
    source = "BLS Occupational Employment and Wage Statistics"


class ProjectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Projection

    occupation = factory.SubFactory(OccupationFactory)
    soc_code = factory.LazyAttribute(lambda o: o.occupation.soc_code)
    base_year = 2021
    target_year = 2031
    base_employment = 186400
    projected_employment = 198700
    percent_change = Decimal("6.6")
    annual_openings = 14900
    source = "BLS Employment Projections 2021-31"


class OutlookThresholdFactory(factory.django.DjangoModelFactory):
    """One of BLS's job-outlook phrases for a projection period, from `min_percent` up."""

    class Meta:
        model = OutlookThreshold

    base_year = 2021
    target_year = 2031
    descriptor = "faster than average"
    min_percent = 5
    source = "BLS Occupational Outlook Handbook (test thresholds)"
    source_url = "https://www.bls.gov/ooh/"


class OutlookStatementFactory(factory.django.DjangoModelFactory):
    """BLS's own phrase for one published code's growth in one period."""

    class Meta:
        model = OutlookStatement

    soc_code = "29-2072"
    base_year = 2021
    target_year = 2031
    stated_percent = 7
    descriptor = "about as fast as the average for all occupations"
    source = "BLS Occupational Outlook Handbook (test statement)"
    source_url = "https://www.bls.gov/ooh/healthcare/medical-records-specialists.htm"


class CertifyingBodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CertifyingBody
        django_get_or_create = ("abbreviation",)

    abbreviation = "AAPC"
    name = "American Academy of Professional Coders"
    slug = factory.LazyAttribute(lambda o: o.abbreviation.lower())
    website = "https://www.aapc.com/"


class CredentialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Credential

    body = factory.SubFactory(CertifyingBodyFactory)
    abbreviation = factory.Sequence(lambda n: f"CRED{n}")
    name = "Certified Professional Coder"
    slug = factory.LazyAttribute(lambda o: o.abbreviation.lower())
    exam_questions = 100
    exam_minutes = 240
    exam_open_book = True
    exam_verified = True
    renewal_ceus = 36
    renewal_cycle_years = 2
    as_of = datetime.date(2025, 1, 1)


class CredentialFeeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CredentialFee

    credential = factory.SubFactory(CredentialFactory)
    amount = Decimal("499.00")
    description = "two attempts, in person"
    source = "AAPC"
    as_of = datetime.date(2025, 1, 1)


class EligibilityRuleFactory(factory.django.DjangoModelFactory):
    """By default: a CAHIIM-accredited associate program in the 51.07 series makes graduates eligible."""

    class Meta:
        model = EligibilityRule

    key = factory.Sequence(lambda n: f"rule-{n}")
    credential = factory.SubFactory(CredentialFactory)
    kind = EligibilityRule.Kind.ELIGIBLE
    credential_levels = factory.LazyFunction(lambda: [Program.CredentialLevel.ASSOCIATE])
    cip_code = "51.07"
    required_accreditation = Program.Accreditation.CAHIIM
    requirement = "Graduate of a CAHIIM-accredited associate HIM program."
    source = "AHIMA"
    source_url = "https://www.ahima.org/certification/Recertification"
    as_of = datetime.date(2025, 1, 1)


class GuideFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Guide

    slug = factory.Sequence(lambda n: f"guide-{n}")
    title = "Certificate in medical billing and coding"
    order = factory.Sequence(lambda n: n)
    credential_levels = factory.LazyFunction(lambda: [Program.CredentialLevel.UNDERGRADUATE_CERTIFICATE])
    cip_code = "51.07"
    admission_prerequisite = Program.Prerequisite.HIGH_SCHOOL
    summary = "The shortest route into the work."
    teaches = "Coding and billing."
    courses = factory.LazyFunction(lambda: ["Medical terminology", "Diagnosis codes"])
    admission = "A high school diploma or GED."
    skills = factory.LazyFunction(lambda: ["English", "Keyboarding"])
    source = "The article this site grew from (editorial guidance, not a figure)"


class UserFactory(factory.django.DjangoModelFactory):
    """An admin account with no permissions of its own: add `groups` or memberships for what it may do."""

    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"staff{n}@example.edu")
    email = factory.LazyAttribute(lambda o: o.username)
    is_staff = True
    password = factory.django.Password("a long and unguessable test passphrase")

    @factory.post_generation
    def groups(self, create, names):
        if create and names:
            if Group.objects.filter(name__in=names).count() != len(set(names)):
                sync_staff_groups()  # the migration's groups are gone after a transactional test's flush
            self.groups.add(*Group.objects.filter(name__in=names))


class SchoolMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SchoolMembership

    user = factory.SubFactory(UserFactory, groups=["School staff"])
    institution = factory.SubFactory(InstitutionFactory)
