"""Partners: the regional contracts (issue 7)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path


@login_required
def contracten(request):
    return render(request, "partners/contracten.html", {})


urlpatterns = [path("contracten/", contracten, name="contracten")]
