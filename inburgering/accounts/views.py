from django.contrib.auth.decorators import login_required
from django.http import HttpResponseServerError
from django.shortcuts import redirect, render
from django.template import loader

from partners.models import Arbeidsmarktregio, Gemeente

from . import roles


@login_required
def home(request):
    """A consultant or teamleider lands on Vandaag (what needs action now); the other roles get a landing page."""
    user = request.user
    if any(roles.has_role(user, r) for r in roles.CASEWORK_ROLES):
        return redirect("cases:vandaag")
    context = {
        "rollen": [r for r in roles.ROLES if roles.has_role(user, r)],
        "gemeenten": Gemeente.objects.filter(group__user=user),
        "regios": Arbeidsmarktregio.objects.filter(arbeidsmarktregiouserobjectpermission__user=user).distinct(),
    }
    return render(request, "home.html", context)


def serverfout(request):
    """handler500: the friendly error page, rendered without the request's context (no context processor, so no
    query: the error may be the database's)."""
    return HttpResponseServerError(loader.render_to_string("500.html"))
