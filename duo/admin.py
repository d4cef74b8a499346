from django.contrib import admin

from .models import Instelling


@admin.register(Instelling)
class InstellingAdmin(admin.ModelAdmin):
    list_display = ["naam", "instellingsnummer", "plaatsnaam", "bow", "organisatie"]
    search_fields = ["naam", "instellingsnummer", "bow"]
    list_select_related = ["organisatie"]
