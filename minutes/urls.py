"""Addresses of the minutes. `/minutes/` and `/minutes/verify/` are stable (DESIGN.md)."""

from django.urls import path

from minutes import signature_views, views

urlpatterns = [
    path("minutes/", views.archive, name="minutes-archive"),
    path("minutes/verify/", signature_views.minutes_verify, name="minutes-verify"),
    path("minutes/<int:pk>/niederschrift.pdf", views.full_pdf, name="minutes-full-pdf"),
    path("minutes/<int:pk>/oeffentlich.pdf", views.public_pdf, name="minutes-public-pdf"),
    path("meetings/<int:pk>/minutes/", views.minutes_edit, name="minutes-edit"),
    path("meetings/<int:pk>/minutes/correct/", views.minutes_correct, name="minutes-correct"),
    path("meetings/<int:pk>/minutes/finalize/", views.minutes_finalize, name="minutes-finalize"),
    path("meetings/<int:pk>/minutes/reopen/", views.minutes_reopen, name="minutes-reopen"),
    path("meetings/<int:pk>/minutes/publish/", views.minutes_publish, name="minutes-publish"),
    path("meetings/<int:pk>/minutes/preview.pdf", views.minutes_preview, name="minutes-preview"),
    path("meetings/<int:pk>/minutes/sign/", signature_views.minutes_sign, name="minutes-sign"),
]
