from django.urls import path

from council import audit_views, views

urlpatterns = [
    path("council/", views.body_list, name="body-list"),
    path("council/<int:pk>/", views.body_detail, name="body-detail"),
    path("council/people/<int:pk>/", views.person_detail, name="person-detail"),
    path("audit/", audit_views.audit_log, name="audit-log"),
]
