from django.urls import path

from . import views

app_name = "agenda"
urlpatterns = [
    path("", views.overzicht, name="overzicht"),
    path("dossiers/<uuid:uuid>/nieuw/", views.nieuw, name="nieuw"),
    path("<uuid:uuid>/wijzigen/", views.wijzigen, name="wijzigen"),
    path("<uuid:uuid>/annuleren/", views.annuleren, name="annuleren"),
    path("<uuid:uuid>.ics", views.ics, name="ics"),
    path("feed/", views.feed_beheer, name="feed_beheer"),
    path("feed/<str:token>.ics", views.feed, name="feed"),
]
