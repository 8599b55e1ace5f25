"""Addresses of the minutes. `/minutes/` and `/minutes/verify/` are stable (DESIGN.md); the
signing page belongs at `meetings/<id>/minutes/sign/` and verification at `minutes/verify/`,
next to these."""

from django.urls import path

from minutes import views

urlpatterns = [
    path("minutes/", views.archive, name="minutes-archive"),
    path("minutes/<int:pk>/niederschrift.pdf", views.full_pdf, name="minutes-full-pdf"),
    path("minutes/<int:pk>/oeffentlich.pdf", views.public_pdf, name="minutes-public-pdf"),
    path("meetings/<int:pk>/minutes/", views.minutes_edit, name="minutes-edit"),
    path("meetings/<int:pk>/minutes/correct/", views.minutes_correct, name="minutes-correct"),
    path("meetings/<int:pk>/minutes/finalize/", views.minutes_finalize, name="minutes-finalize"),
    path("meetings/<int:pk>/minutes/reopen/", views.minutes_reopen, name="minutes-reopen"),
    path("meetings/<int:pk>/minutes/publish/", views.minutes_publish, name="minutes-publish"),
    path("meetings/<int:pk>/minutes/preview.pdf", views.minutes_preview, name="minutes-preview"),
]
