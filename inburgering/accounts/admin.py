"""Admin for users, plus two helpers the other apps' admins share.

The beheerder manages users and roles here but holds no personal data (DESIGN.md §2): the user list
shows names and roles of staff, never anything about statushouders, and a non-superuser cannot make
anyone (themselves included) a superuser or change a superuser.
"""

from django.contrib import admin
from django.contrib.admin.utils import NestedObjects, quote
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.db import router
from django.db.models import Prefetch
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.text import capfirst

from . import roles
from .forms import ROL_KEUZES, GebruikerAanmaakForm
from .models import User
from .services import create_user

VERBORGEN = "gegevens niet getoond"


def adopt(obj, created) -> None:
    """Make the unsaved admin object `obj` the row a service just created, so the admin's log entry,
    message and redirect refer to it."""
    for field in obj._meta.concrete_fields:
        setattr(obj, field.attname, getattr(created, field.attname))
    obj._state.adding = False
    obj._state.db = created._state.db


class ReadOnlyAdminMixin:
    """For records the application writes and nobody edits by hand (the audit log, report runs)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class PersonalDataSafeDeleteMixin:
    """The delete confirmation page lists related and protected objects by their `str()`. Objects of
    models this admin does not register (the case models: a statushouder, a referral's reason, a PIP
    action) are shown by their kind only, so deleting reference data never reveals personal data."""

    def get_deleted_objects(self, objs, request):
        try:
            first = objs[0]
        except IndexError:
            return [], {}, set(), []
        site = self.admin_site
        collector = NestedObjects(using=router.db_for_write(first._meta.model), origin=objs)
        collector.collect(objs)
        perms_needed = set()

        def shown(model) -> bool:
            return site.is_registered(model) or model in self.inline_models()

        def format_callback(obj):
            model, opts = obj.__class__, obj._meta
            if not shown(model):
                return f"{capfirst(opts.verbose_name)} ({VERBORGEN})"
            if not site.is_registered(model):
                return f"{capfirst(opts.verbose_name)}: {obj}"
            if not site.get_model_admin(model).has_delete_permission(request, obj):
                perms_needed.add(opts.verbose_name)
            try:
                url = reverse(f"{site.name}:{opts.app_label}_{opts.model_name}_change", args=(quote(obj.pk),))
            except NoReverseMatch:
                return f"{capfirst(opts.verbose_name)}: {obj}"
            return format_html('{}: <a href="{}">{}</a>', capfirst(opts.verbose_name), url, obj)

        to_delete = collector.nested(format_callback)
        protected = []
        hidden_counts = {}
        for obj in collector.protected:
            if shown(obj.__class__):
                protected.append(format_callback(obj))
            else:
                name = capfirst(obj._meta.verbose_name_plural)
                hidden_counts[name] = hidden_counts.get(name, 0) + 1
        protected += [f"{name}: {count} ({VERBORGEN})" for name, count in hidden_counts.items()]
        model_count = {model._meta.verbose_name_plural: len(items) for model, items in collector.model_objs.items()}
        return to_delete, model_count, perms_needed, protected

    def inline_models(self) -> set:
        return {inline.model for inline in self.inlines} | {
            f.remote_field.through for f in self.model._meta.many_to_many if f.remote_field.through._meta.auto_created
        }


class RolFilter(admin.SimpleListFilter):
    title = "rol"
    parameter_name = "rol"

    def lookups(self, request, model_admin):
        return ROL_KEUZES

    def queryset(self, request, queryset):
        if self.value() in roles.ROLES:
            return queryset.filter(groups__name=self.value())
        return queryset


class GemeenteFilter(admin.SimpleListFilter):
    title = "gemeente"
    parameter_name = "gemeente"

    def lookups(self, request, model_admin):
        from partners.models import Gemeente

        return [(g.cbs_code, g.naam) for g in Gemeente.objects.only("naam", "cbs_code")]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(groups__gemeente__cbs_code=self.value())
        return queryset


@admin.register(User)
class UserAdmin(PersonalDataSafeDeleteMixin, DjangoUserAdmin):
    add_form = GebruikerAanmaakForm
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "usable_password", "password1", "password2")}),
        ("Rol", {"fields": ("rol", "gemeente", "arbeidsmarktregio")}),
        ("Persoonlijke gegevens", {"fields": ("first_name", "last_name", "email", "fte")}),
    )
    fieldsets = (
        (None, {"fields": ("username", "password", "uuid")}),
        ("Persoonlijke gegevens", {"fields": ("first_name", "last_name", "email", "fte")}),
        (
            "Rol en rechten",
            {
                "fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions"),
                "description": "De rol is de rolgroep (consultant, teamleider, regiocoordinator, beheerder); "
                "de gemeente is de groep 'gemeente …' van die gemeente.",
            },
        ),
        ("Belangrijke data", {"fields": ("last_login", "date_joined")}),
    )
    readonly_fields = ("uuid", "last_login", "date_joined")
    list_display = ("username", "volledige_naam", "rol", "gemeenten", "regio", "is_active", "last_login")
    list_filter = (RolFilter, GemeenteFilter, "is_active", "is_staff", "is_superuser")
    search_fields = ("username", "first_name", "last_name", "email")
    ordering = ("username",)

    def get_queryset(self, request):
        from partners.models import ArbeidsmarktregioUserObjectPermission

        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch("groups", queryset=Group.objects.select_related("gemeente").order_by("name")),
                Prefetch(
                    "arbeidsmarktregiouserobjectpermission_set",
                    queryset=ArbeidsmarktregioUserObjectPermission.objects.select_related("content_object"),
                ),
            )
        )

    @admin.display(description="naam", ordering="last_name")
    def volledige_naam(self, user):
        return user.get_full_name()

    @admin.display(description="rol")
    def rol(self, user):
        labels = dict(ROL_KEUZES)
        return ", ".join(labels[g.name] for g in user.groups.all() if g.name in labels)

    @admin.display(description="gemeente")
    def gemeenten(self, user):
        return ", ".join(g.gemeente.naam for g in user.groups.all() if hasattr(g, "gemeente"))

    @admin.display(description="arbeidsmarktregio")
    def regio(self, user):
        return ", ".join(sorted({p.content_object.naam for p in user.arbeidsmarktregiouserobjectpermission_set.all()}))

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if obj is not None and not request.user.is_superuser:
            fields = (*fields, "is_superuser", "user_permissions")
        return fields

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        adopt(obj, create_user(**form.create_fields()))
