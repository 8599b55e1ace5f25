"""Websocket routes."""

from django.urls import path

from meetings.live.consumer import MeetingConsumer

websocket_urlpatterns = [
    path("ws/meetings/<int:pk>/", MeetingConsumer.as_asgi()),
]
