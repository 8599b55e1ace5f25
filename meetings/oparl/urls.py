"""Addresses of the OParl API under /oparl/v1/; the System object is the entry point."""

from django.urls import path, re_path

from meetings.oparl import views

app_name = "oparl"

urlpatterns = [
    path("system", views.system, name="system"),
    path("body", views.body_list, name="body-list"),
    path("body/<int:pk>", views.body, name="body"),
    path("body/<int:pk>/<slug:name>", views.body_objects, name="body-objects"),
    path("organization/gremium/<int:pk>", views.committee, name="organization-gremium"),
    path(
        "organization/gremium/<int:pk>/meeting",
        views.organization_meetings,
        name="organization-meetings",
    ),
    path("organization/fraktion/<int:pk>", views.faction, name="organization-fraktion"),
    path("legislative-term/<int:pk>", views.legislative_term, name="legislative-term"),
    path("person/<int:pk>", views.person, name="person"),
    path("membership/<int:pk>", views.membership, name="membership"),
    path("meeting/<int:pk>", views.meeting, name="meeting"),
    path("meeting/<int:pk>/invitation", views.meeting_invitation, name="meeting-invitation"),
    path(
        "meeting/<int:pk>/results-protocol",
        views.meeting_results_protocol,
        name="meeting-results-protocol",
    ),
    path("agenda-item/<int:pk>", views.agenda_item, name="agenda-item"),
    path("paper/<int:pk>", views.paper, name="paper"),
    path("consultation/<int:pk>", views.consultation, name="consultation"),
    path("file/<int:pk>", views.file, name="file"),
    path("location/<int:pk>", views.location, name="location"),
    # Anything else under /oparl/v1/ is a JSON 404 too, as clients of the API expect.
    re_path(r"^.*$", views.not_found),
]
