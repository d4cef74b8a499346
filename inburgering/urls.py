from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView, TemplateView

from inburgering.accounts import mfa_views
from inburgering.accounts.views import home

admin.site.site_header = "Inburgering – beheer"
admin.site.site_title = "Inburgering"

urlpatterns = [
    path("", home, name="home"),
    path("inloggen/", auth_views.LoginView.as_view(), name="login"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("inloggen/mfa/", mfa_views.mfa_verifieren, name="mfa_verifieren"),
    path("inloggen/mfa/instellen/", mfa_views.mfa_instellen, name="mfa_instellen"),
    path("inloggen/mfa/herstelcodes/", mfa_views.mfa_herstelcodes, name="mfa_herstelcodes"),
    path("dossiers/", include("cases.urls")),
    path("partners/", include("partners.urls")),
    path("rapportages/", include("reports.urls")),
    path("duo/", include("duo.urls")),
    path("agenda/", include("agenda.urls")),
    path("journaal/", include("journaal.urls")),
    path("documenten/", include("documenten.urls")),
    path("taken/", include("taken.urls")),
    # DUO's Notificatie API as this installation hosts it (docs/standards/duo-m2m/API/Notificatie): DUO posts here.
    path("duo-m2m/v1/", include("duo.api.urls")),
    path("api/v1/", include(("leerroutes.api.urls", "api"))),
    path(
        "toegankelijkheid/",
        TemplateView.as_view(template_name="pages/toegankelijkheid.html"),
        name="toegankelijkheid",
    ),
    path("favicon.ico", RedirectView.as_view(url=static("favicon.svg"), permanent=True)),  # browsers ask for it
    path("i18n/", include("django.conf.urls.i18n")),  # set_language: the language switch in the footer
    path("admin/", admin.site.urls),
]

handler500 = "inburgering.accounts.views.serverfout"
