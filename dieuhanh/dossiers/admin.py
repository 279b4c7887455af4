"""Admin pages for the dossier module's configuration. Writes go through the services
(the same permission policy as the screens); imported records are read-only here."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.http import HttpRequest
from django.utils.translation import gettext as _

from dieuhanh.accounts.permissions import Action, can
from dieuhanh.dossiers import services
from dieuhanh.dossiers.models import (
    ApiToken,
    ImportRun,
    Procedure,
    SourceSystem,
    UnitNameMapping,
)


class _ConfigAdmin(admin.ModelAdmin):
    action = Action.CONFIG_MANAGE

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return can(request.user, Action.VIEW)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return can(request.user, self.action)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return can(request.user, self.action)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(SourceSystem)
class SourceSystemAdmin(_ConfigAdmin):
    list_display = ["code", "name", "active"]

    def save_model(self, request: HttpRequest, obj: SourceSystem, form: Any, change: bool) -> None:
        saved = services.source_system_save(
            actor=request.user,  # type: ignore[arg-type]
            code=obj.code,
            name=obj.name,
            description=obj.description,
        )
        if saved.active != obj.active:
            SourceSystem.objects.filter(pk=saved.pk).update(active=obj.active)
        obj.pk = saved.pk


@admin.register(ApiToken)
class ApiTokenAdmin(_ConfigAdmin):
    list_display = ["name", "source_system", "prefix", "created_at", "last_used_at", "revoked_at"]
    fields = ["source_system", "name", "units"]
    filter_horizontal = ["units"]
    actions = ["revoke"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return ["source_system", "name", "units"] if obj is not None else []

    def save_model(self, request: HttpRequest, obj: ApiToken, form: Any, change: bool) -> None:
        if change:
            return
        token, secret = services.api_token_create(
            actor=request.user,  # type: ignore[arg-type]
            source_system=form.cleaned_data["source_system"],
            name=form.cleaned_data["name"],
            units=list(form.cleaned_data["units"]),
        )
        obj.pk = token.pk
        messages.warning(
            request,
            _("Token created. Copy it now, it is not shown again: %(secret)s") % {"secret": secret},
        )

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        """The service already set the units."""

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request: HttpRequest, queryset: Any) -> None:
        for token in queryset:
            services.api_token_revoke(actor=request.user, token=token)  # type: ignore[arg-type]


@admin.register(UnitNameMapping)
class UnitNameMappingAdmin(_ConfigAdmin):
    action = Action.DOSSIERS_IMPORT
    list_display = ["name", "unit", "note", "created_at"]
    search_fields = ["name", "unit__name"]
    fields = ["name", "unit", "note"]

    def save_model(
        self, request: HttpRequest, obj: UnitNameMapping, form: Any, change: bool
    ) -> None:
        saved = services.unit_mapping_save(
            actor=request.user,  # type: ignore[arg-type]
            name=form.cleaned_data["name"],
            unit=form.cleaned_data["unit"],
            note=form.cleaned_data.get("note", ""),
        )
        obj.pk = saved.pk


@admin.register(Procedure)
class ProcedureAdmin(_ConfigAdmin):
    list_display = ["code", "name", "field_name", "online_level", "fee_bearing", "from_catalogue"]
    search_fields = ["code", "name"]
    list_filter = ["online_level", "fee_bearing", "from_catalogue"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # the catalogue is imported (dieuhanh procedures import)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ImportRun)
class ImportRunAdmin(_ConfigAdmin):
    list_display = ["pk", "kind", "origin", "file_name", "state", "rows_read", "rows_rejected"]
    list_filter = ["kind", "origin", "state"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
