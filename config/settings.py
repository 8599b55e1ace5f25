"""Django settings for Ratssaal, read from the environment (see README, "Configuration")."""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from config import env

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env.flag(os.environ, "DEBUG", default=False)
SECRET_KEY = env.secret_key(os.environ, debug=DEBUG)
ALLOWED_HOSTS = env.hosts(os.environ.get("ALLOWED_HOSTS"), debug=DEBUG)

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "channels",
    "axes",
    "council",
    "meetings",
    "voting",
    "minutes",
    "meetings.live",
    "config.pages",
]

MIDDLEWARE = [
    # First: it stores public pages with every header the others add (config/pages).
    "config.pages.middleware.PublicPageMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "config.unavailable.DatabaseUnavailableMiddleware",
    # Axes must come last: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "council.context_processors.municipality",
                "config.navigation.navigation",
            ],
        },
    },
]

# Requests inside Django at once per worker; how long one may wait in line (config/admission.py).
REQUESTS_AT_ONCE = int(os.environ.get("REQUESTS_AT_ONCE", env.REQUESTS_AT_ONCE))
REQUEST_QUEUE_BUDGET_SECONDS = env.REQUEST_QUEUE_BUDGET_SECONDS
DATABASES = {
    "default": env.database(
        os.environ.get("DATABASE_URL"), base_dir=BASE_DIR, requests_at_once=REQUESTS_AT_ONCE
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = env.caches(os.environ.get("REDIS_URL"), database=DATABASES["default"], base_dir=BASE_DIR)

CHANNEL_LAYERS = env.channel_layers(
    os.environ.get("REDIS_URL"), prefix=env.layer_prefix(os.environ, DATABASES["default"])
)

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# django-axes: five failed attempts lock this account from this address for 15 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
AXES_RESET_ON_SUCCESS = True

LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("German")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Uploaded documents live outside static and are served only through views that check permission.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# The town's signing keys (see docs/operations.md, "Signing keys"): back this directory up.
SIGNING_KEYSTORE_DIR = Path(os.environ.get("SIGNING_KEYSTORE_DIR", BASE_DIR / "var" / "signing"))
# Encrypts the keys in the keystore; required outside DEBUG as soon as anyone signs.
SIGNING_PASSPHRASE = os.environ.get("SIGNING_PASSPHRASE", "")

EMAIL_BACKEND = (
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env.flag(os.environ, "EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "ratssaal@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

JITSI_DOMAIN = os.environ.get("JITSI_DOMAIN", "meet.jit.si")
JITSI_APP_ID = os.environ.get("JITSI_APP_ID", "")
JITSI_APP_SECRET = os.environ.get("JITSI_APP_SECRET", "")
# The Jitsi origin: https://<JITSI_DOMAIN>, or the domain as given if it names a scheme (tests).
JITSI_ORIGIN = JITSI_DOMAIN.rstrip("/") if "://" in JITSI_DOMAIN else f"https://{JITSI_DOMAIN}"

# Behind a TLS-terminating proxy (HTTPS=1): secure cookies, HSTS, redirect to https.
HTTPS = env.flag(os.environ, "HTTPS", default=False)
globals().update(env.https_settings(HTTPS))
# Preloading HSTS is for the owner of the registrable domain (the town's) to decide and submit,
# not for one application on a subdomain of it: `check --deploy` need not ask for it.
SILENCED_SYSTEM_CHECKS = ["security.W021"]

X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, JITSI_ORIGIN],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [JITSI_ORIGIN],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

DOCUMENT_MAX_BYTES = int(os.environ.get("DOCUMENT_MAX_MB", "20")) * 1024 * 1024
# The address of this installation, for links in e-mails and calendar files.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
# Calendar UIDs end in this domain: it must stay the same for the life of the installation.
CALENDAR_UID_DOMAIN = os.environ.get("CALENDAR_UID_DOMAIN") or urlsplit(SITE_URL).hostname

# Votes arriving within this many seconds share one progress message ("23 von 29 haben abgestimmt").
VOTE_PROGRESS_INTERVAL = float(os.environ.get("VOTE_PROGRESS_INTERVAL", "0.25"))
