from django.urls import path

from . import views

app_name = "documenten"
urlpatterns = [
    path("<uuid:uuid>/", views.downloaden, name="downloaden"),
    path("<uuid:uuid>/verwijderen/", views.verwijderen, name="verwijderen"),
    path("dossier/<uuid:uuid>/uploaden/", views.uploaden, name="uploaden"),
    path("dossier/<uuid:uuid>/brief/", views.brief, name="brief"),
]
