from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.overzicht, name="overzicht"),  # runs I may see + the start form
    path("starten/", views.starten, name="starten"),  # POST: start a run
    path("gemeente/", views.gemeente_dashboard, name="gemeente"),  # a teamleider's gemeente dashboard
    path("overzicht/", views.regio_overzicht, name="regio_overzicht"),  # a region's headline figures and funnels
    path("overzicht/gemeente/", views.gemeente_overzicht, name="gemeente_overzicht"),  # the same for a gemeente
    path("<uuid:uuid>/", views.run, name="run"),  # status, progress, error/retry, downloads; the region overview
    path("<uuid:uuid>/voortgang/", views.voortgang, name="voortgang"),  # htmx partial: the progress bar
    path("<uuid:uuid>/opnieuw/", views.opnieuw, name="opnieuw"),  # POST: retry a failed run
    path("<uuid:uuid>/aanbieders/", views.aanbieders, name="aanbieders"),  # provider view
    path("<uuid:uuid>/download/<str:formaat>/", views.download, name="download"),  # pdf | csv | xlsx
]
