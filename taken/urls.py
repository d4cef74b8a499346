from django.urls import path

from . import views

app_name = "taken"
urlpatterns = [
    path("", views.overzicht, name="overzicht"),
    path("nieuw/", views.nieuw, name="nieuw"),
    path("<uuid:uuid>/afronden/", views.afronden, name="afronden"),
    path("<uuid:uuid>/heropenen/", views.heropenen, name="heropenen"),
]
