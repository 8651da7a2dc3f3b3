from django.urls import path

from webhooks import views

app_name = "webhooks"

urlpatterns = [
    path("o/<slug:org>/settings/webhooks/", views.endpoint_list, name="list"),
    path("o/<slug:org>/settings/webhooks/new/", views.endpoint_create, name="create"),
    path("o/<slug:org>/settings/webhooks/<int:pk>/", views.endpoint_detail, name="detail"),
    path("o/<slug:org>/settings/webhooks/<int:pk>/edit/", views.endpoint_edit, name="edit"),
    path("o/<slug:org>/settings/webhooks/<int:pk>/delete/", views.endpoint_delete, name="delete"),
    path(
        "o/<slug:org>/settings/webhooks/<int:pk>/deliveries/<int:delivery>/resend/",
        views.delivery_resend,
        name="resend",
    ),
]
