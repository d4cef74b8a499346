from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import TemplateView

from inburgering.accounts.views import home

admin.site.site_header = "Inburgering – beheer"
admin.site.site_title = "Inburgering"

urlpatterns = [
    path("", home, name="home"),
    path("inloggen/", auth_views.LoginView.as_view(), name="login"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("dossiers/", include("cases.urls")),
    path("partners/", include("partners.urls")),
    path("rapportages/", include("reports.urls")),
    path("api/v1/", include(("leerroutes.api.urls", "api"))),
    path(
        "toegankelijkheid/",
        TemplateView.as_view(template_name="pages/toegankelijkheid.html"),
        name="toegankelijkheid",
    ),
    path("i18n/", include("django.conf.urls.i18n")),  # set_language: the language switch in the footer
    path("admin/", admin.site.urls),
]
