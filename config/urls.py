from django.contrib import admin
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from config import health, views

urlpatterns = [
    path("", views.home, name="home"),
    path("", include("council.urls")),
    path("", include("meetings.urls")),
    path("oparl/v1/", include("meetings.oparl.urls")),
    path("", include("minutes.urls")),
    path("", include("meetings.live.urls")),
    path("accounts/", include("council.account_urls")),
    # Without a CSRF token: the language form is on pages that are the same for everyone. A
    # forged request could only switch someone's display language.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("healthz", health.healthz, name="healthz"),
    path("admin/", admin.site.urls),
]
