from django.contrib import admin
from django.urls import include, path

from config import health, views

urlpatterns = [
    path("", views.home, name="home"),
    path("", include("council.urls")),
    path("", include("meetings.urls")),
    path("oparl/v1/", include("meetings.oparl.urls")),
    path("", include("minutes.urls")),
    path("", include("meetings.live.urls")),
    path("accounts/", include("council.account_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz", health.healthz, name="healthz"),
    path("admin/", admin.site.urls),
]
