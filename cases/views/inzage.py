"""Inzage (AVG art. 15): everything held about one statushouder and who accessed it, as PDF and JSON (being written)."""

from django.http import HttpResponse
from django.urls import path


def _nog_niet(request, *args, **kwargs):
    return HttpResponse(status=501)


inzage = inzage_pdf = inzage_json = _nog_niet

urlpatterns = [
    path("<uuid:uuid>/inzage/", inzage, name="inzage"),
    path("<uuid:uuid>/inzage/pdf/", inzage_pdf, name="inzage_pdf"),
    path("<uuid:uuid>/inzage/json/", inzage_json, name="inzage_json"),
]
