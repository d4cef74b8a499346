"""Admin for users and their roles, plus two helpers the other apps' admins share.

The beheerder manages users and roles here but holds no personal data (DESIGN.md §2): the user list
shows names and roles of staff, never anything about statushouders, and a non-superuser cannot make
anyone (themselves included) a superuser or change a superuser.

Separation of duties (README, "Roles and what each may see"): groups, permissions and the staff and superuser
flags cannot be edited here by anyone; roles, gemeenten and regions are granted as Roltoekenningen, never to
oneself, and a role that reaches personal data or the admin takes effect when a second beheerder confirms it.
"""

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import NestedObjects, quote
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import router
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.utils.text import capfirst
from django.views.decorators.cache import never_cache

from . import mfa, roles, services
from .forms import ROL_KEUZES, GebruikerAanmaakForm, RoltoekenningForm
from .models import Roltoekenning, User

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


class RoltoekenningInline(admin.TabularInline):
    """The user's grants, read-only: granting and revoking is done under Roltoekenningen."""

    model = Roltoekenning
    fk_name = "gebruiker"
    extra = 0
    fields = ("rol", "gemeente", "arbeidsmarktregio", "status", "aangevraagd_door", "bevestigd_door", "beeindigd_op")
    readonly_fields = fields
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


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
                "de gemeente is de groep 'gemeente …' van die gemeente. Rollen, gemeenten en arbeidsmarktregio's "
                "geeft en ontneemt u onder Roltoekenningen: nooit aan uzelf, en een consulent, teamleider of "
                "beheerder pas na bevestiging door een andere beheerder.",
            },
        ),
        ("Belangrijke data", {"fields": ("last_login", "date_joined")}),
    )
    readonly_fields = ("uuid", "last_login", "date_joined")
    inlines = [RoltoekenningInline]
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

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []

    def get_readonly_fields(self, request, obj=None):
        """Nobody edits groups, permissions or the staff and superuser flags here, a superuser neither: roles go
        through Roltoekenningen (second person, audit log); superusers are made with `createsuperuser`."""
        fields = super().get_readonly_fields(request, obj)
        if obj is not None:
            fields = (*fields, "is_staff", "is_superuser", "groups", "user_permissions")
        return fields

    def get_urls(self):
        eigen = [
            path(
                "<int:id>/mfa-activatiecode/",
                self.admin_site.admin_view(self.mfa_activatiecode_view),
                name="accounts_user_mfa_activatiecode",
            )
        ]
        return eigen + super().get_urls()

    @method_decorator(never_cache)
    def mfa_activatiecode_view(self, request, id):
        """Issue the one-time code for a user's first MFA enrolment; it is shown once, on the answer to the POST."""
        user = get_object_or_404(User, pk=id)
        if not self.has_change_permission(request, user):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": user,
            "title": f"MFA-activatiecode voor {user.get_username()}",
            "geldig_uren": settings.MFA_ACTIVATIECODE_UREN,
            "heeft_mfa": mfa.heeft_mfa(user),
        }
        if request.method == "POST":
            try:
                code, activatiecode = mfa.geef_activatiecode(request.user, user)
            except ValidationError as exc:
                context["fout"] = exc.messages[0]
            else:
                context.update(code=code, geldig_tot=activatiecode.geldig_tot)
        return TemplateResponse(request, "admin/accounts/user/mfa_activatiecode.html", context)

    def user_change_password(self, request, id, form_url=""):
        """Remember who set the password: that beheerder may not also issue the user's MFA activation code."""
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            User.objects.filter(pk=id).update(wachtwoord_gezet_door=request.user)
        return response

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
        user, toekenning = services.maak_gebruiker(request.user, **form.create_fields())
        adopt(obj, user)
        if toekenning.status == Roltoekenning.Status.AANGEVRAAGD:
            messages.warning(
                request,
                f"De rol {toekenning.rol} van {user.get_username()} wacht op de bevestiging van een andere beheerder "
                "(Roltoekenningen).",
            )


@admin.register(Roltoekenning)
class RoltoekenningAdmin(admin.ModelAdmin):
    """Granting a role: one beheerder adds it, another confirms it (action "Bevestigen"); revoking with the action
    "Intrekken". Nothing is changed or deleted by hand: a grant's history stays."""

    form = RoltoekenningForm
    list_display = ("gebruiker", "rol", "gemeente", "arbeidsmarktregio", "status", "aangevraagd_door", "aangevraagd_op")
    list_filter = ("status", "rol")
    list_select_related = ("gebruiker", "gemeente", "arbeidsmarktregio", "aangevraagd_door")
    search_fields = ("gebruiker__username", "gebruiker__first_name", "gebruiker__last_name")
    actions = ["bevestigen", "intrekken"]
    readonly_fields = (
        "gebruiker",
        "rol",
        "gemeente",
        "arbeidsmarktregio",
        "status",
        "aangevraagd_door",
        "aangevraagd_op",
        "bevestigd_door",
        "bevestigd_op",
        "beeindigd_door",
        "beeindigd_op",
    )

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else self.readonly_fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"door": request.user})

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_bevestigen_permission(self, request):
        return request.user.has_perm("accounts.bevestigen_roltoekenning")

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        toekenning = services.vraag_rol_aan(
            request.user,
            data["gebruiker"],
            data["rol"],
            gemeente=data.get("gemeente"),
            arbeidsmarktregio=data.get("arbeidsmarktregio"),
        )
        adopt(obj, toekenning)

    @admin.action(description="Geselecteerde roltoekenningen bevestigen", permissions=["bevestigen"])
    def bevestigen(self, request, queryset):
        for toekenning in queryset:
            try:
                services.bevestig(request.user, toekenning)
            except (ValidationError, PermissionDenied) as exc:
                melding = exc.messages[0] if isinstance(exc, ValidationError) else str(exc)
                self.message_user(request, f"{toekenning}: {melding}", messages.ERROR)
            else:
                self.message_user(request, f"{toekenning}: bevestigd.", messages.SUCCESS)

    @admin.action(description="Geselecteerde roltoekenningen intrekken of afwijzen", permissions=["add"])
    def intrekken(self, request, queryset):
        for toekenning in queryset:
            try:
                services.trek_in(request.user, toekenning)
            except ValidationError as exc:
                self.message_user(request, f"{toekenning}: {exc.messages[0]}", messages.ERROR)
            else:
                self.message_user(request, f"{toekenning}: beëindigd.", messages.SUCCESS)


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(ReadOnlyAdminMixin, DjangoGroupAdmin):
    """Read-only, for a superuser too: the role groups' permissions are set in code (`roles.sync_role_groups`) and a
    gemeente's group by `create_gemeente`; membership is granted through Roltoekenningen."""
