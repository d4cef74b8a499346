from django.urls import path

from . import views

app_name = "journaal"
urlpatterns = [
    path("<uuid:uuid>/", views.overzicht, name="overzicht"),
    path("<uuid:uuid>/nieuw/", views.nieuw, name="nieuw"),
    path("notitie/<uuid:notitie>/bewerken/", views.bewerken, name="bewerken"),
]
