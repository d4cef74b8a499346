from django.urls import path

from . import views

app_name = "duo"
urlpatterns = [
    path("verschillen/", views.verschillen, name="verschillen"),
    path("aanmeldingen/", views.aanmeldingen, name="aanmeldingen"),
    path("aanmeldingen/<uuid:uuid>/koppelen/", views.aanmelding_koppelen, name="aanmelding_koppelen"),
    path("dossiers/<uuid:uuid>/ophalen/", views.ophalen, name="ophalen"),
    path("dossiers/<uuid:uuid>/overnemen/", views.overnemen, name="overnemen"),
    path("dossiers/<uuid:uuid>/opnieuw-melden/", views.opnieuw_melden, name="opnieuw_melden"),
    path("voorstellen/<uuid:uuid>/afgehandeld/", views.voorstel_afgehandeld, name="voorstel_afgehandeld"),
]
