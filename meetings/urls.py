from django.urls import path

from meetings.views import documents, feeds, papers, portal, secretariat

urlpatterns = [
    path("meetings/", portal.meeting_list, name="meeting-list"),
    path("meetings/<int:pk>/", portal.meeting_detail, name="meeting-detail"),
    path("meetings/<int:pk>/bekanntmachung.pdf", documents.public_notice, name="public-notice"),
    path("meetings/<int:pk>/einladung.pdf", documents.invitation_pdf, name="invitation-pdf"),
    path("meetings/new/", secretariat.meeting_create, name="meeting-create"),
    path("meetings/<int:pk>/edit/", secretariat.meeting_edit, name="meeting-edit"),
    path("meetings/<int:pk>/agenda/", secretariat.agenda_edit, name="agenda-edit"),
    path(
        "meetings/<int:pk>/agenda/<int:item>/",
        secretariat.agenda_item_edit,
        name="agenda-item-edit",
    ),
    path(
        "meetings/<int:pk>/agenda/<int:item>/move/",
        secretariat.agenda_item_move,
        name="agenda-item-move",
    ),
    path(
        "meetings/<int:pk>/agenda/<int:item>/delete/",
        secretariat.agenda_item_delete,
        name="agenda-item-delete",
    ),
    path("meetings/<int:pk>/invite/", secretariat.meeting_invite, name="meeting-invite"),
    path("meetings/<int:pk>/update/", secretariat.meeting_send_update, name="meeting-send-update"),
    path("meetings/<int:pk>/cancel/", secretariat.meeting_cancel, name="meeting-cancel"),
    path(
        "meetings/<int:pk>/dispatches/<int:dispatch>/resend/",
        secretariat.dispatch_resend,
        name="dispatch-resend",
    ),
    path(
        "council/<int:pk>/standard-items/",
        secretariat.standard_items_edit,
        name="standard-items-edit",
    ),
    path("papers/", papers.paper_list, name="paper-list"),
    path("papers/new/", papers.paper_create, name="paper-create"),
    path("papers/<int:pk>/", papers.paper_detail, name="paper-detail"),
    path("papers/<int:pk>/edit/", papers.paper_edit, name="paper-edit"),
    path("documents/<int:pk>/", documents.document_download, name="document-download"),
    path("calendar.ics", feeds.public_feed, name="calendar-feed"),
    path("council/<int:pk>/calendar.ics", feeds.body_feed, name="body-calendar-feed"),
    path("calendar/<str:token>.ics", feeds.private_feed, name="private-calendar-feed"),
    path("accounts/calendar/", feeds.calendar_settings, name="calendar-settings"),
]
