"""Production settings: `check --deploy` finds nothing, and behind the TLS proxy every response
carries the security headers, http is redirected and cookies are secure."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from config import env
from tests.factories import make_user

ROOT = Path(__file__).resolve().parents[2]


def production_environment() -> dict:
    environ = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "DATABASE_URL", "REDIS_URL"}
    }
    return {
        **environ,
        "HTTPS": "1",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "ratssaal.musterstadt.example",
    }


def test_production_settings_pass_check_deploy_without_a_warning():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_environment(),
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.fixture
def behind_the_proxy(settings):
    for name, value in env.https_settings(True).items():
        setattr(settings, name, value)
    settings.ALLOWED_HOSTS = ["ratssaal.musterstadt.example"]
    return Client(HTTP_HOST="ratssaal.musterstadt.example")


def test_without_https_nothing_is_forced():
    assert env.https_settings(False) == {}


@pytest.mark.django_db
def test_plain_http_through_the_proxy_is_redirected_to_https(behind_the_proxy):
    response = behind_the_proxy.get(reverse("home"), headers={"x-forwarded-proto": "http"})

    assert response.status_code == 301
    assert response.url == "https://ratssaal.musterstadt.example/"


@pytest.mark.django_db
def test_https_response_carries_the_security_headers(behind_the_proxy):
    response = behind_the_proxy.get(reverse("home"), headers={"x-forwarded-proto": "https"})

    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "default-src 'self'" in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_session_and_csrf_cookies_are_secure_and_the_session_cookie_http_only(behind_the_proxy):
    make_user(username="erika", password="ein sicheres Passwort 42")
    login = reverse("login")
    page = behind_the_proxy.get(login, headers={"x-forwarded-proto": "https"})
    token = page.cookies["csrftoken"].value

    response = behind_the_proxy.post(
        login,
        {"username": "erika", "password": "ein sicheres Passwort 42", "csrfmiddlewaretoken": token},
        headers={"x-forwarded-proto": "https"},
    )

    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["secure"] and session["httponly"]
    assert page.cookies["csrftoken"]["secure"]
