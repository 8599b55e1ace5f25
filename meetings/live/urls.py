from django.urls import path

from meetings.live import views

urlpatterns = [
    path("meetings/<int:pk>/live/", views.live, name="meeting-live"),
    path("meetings/<int:pk>/live/action/", views.live_action, name="meeting-live-action"),
    path("meetings/<int:pk>/display/", views.display, name="meeting-display"),
    path("meetings/<int:pk>/events.json", views.event_log, name="meeting-event-log"),
]
