from django.urls import path

from . import views

app_name = "duo_api"
urlpatterns = [
    path("notificaties", views.notificaties, name="notificaties"),
]
