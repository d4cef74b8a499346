"""Partners: the partner directory (issue 7)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path


@login_required
def organisaties(request):
    return render(request, "partners/organisaties.html", {})


urlpatterns = [path("", organisaties, name="organisaties")]
