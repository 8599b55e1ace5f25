"""Websocket routes. The meeting socket `/ws/meetings/<id>/` joins with the live-session issue."""

websocket_urlpatterns: list = []
