"""The admin sign-in locks after repeated wrong passwords (django-axes), and admin sessions expire."""

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a long and unguessable test passphrase"


def sign_in(client, username, password):
    return client.post(
        reverse("admin:login"), {"username": username, "password": password, "next": "/admin/"}, REMOTE_ADDR="10.0.0.7"
    )


@pytest.fixture
def limit_of_three(settings):
    settings.AXES_FAILURE_LIMIT = 3


def test_three_wrong_passwords_lock_the_account_even_with_the_right_one_next(client, limit_of_three):
    user = UserFactory(username="reg@alder.edu")

    for _ in range(3):
        assert sign_in(client, user.username, "wrong").status_code in (200, 429)
    locked = sign_in(client, user.username, PASSWORD)

    assert locked.status_code == 429
    assert "Sign-in locked" in locked.text
    assert "_auth_user_id" not in client.session


def test_fewer_wrong_passwords_than_the_limit_still_let_the_right_one_in(client, limit_of_three):
    user = UserFactory(username="reg@alder.edu")

    for _ in range(2):
        sign_in(client, user.username, "wrong")
    response = sign_in(client, user.username, PASSWORD)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_a_lockout_of_one_account_does_not_lock_another(client, limit_of_three):
    UserFactory(username="reg@alder.edu")
    other = UserFactory(username="kim@birch.edu")

    for _ in range(3):
        sign_in(client, "reg@alder.edu", "wrong")

    assert sign_in(client, other.username, PASSWORD).status_code == 302


def test_admin_sessions_last_a_working_day_and_end_with_the_browser():
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
