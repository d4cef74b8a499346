from django.contrib import admin
from django.urls import path

admin.site.site_header = "Inburgering – beheer"
admin.site.site_title = "Inburgering"

urlpatterns = [
    path("admin/", admin.site.urls),
]
