"""The Django admin for units. Saves go through the services, so the admin obeys the same
rules (paths, share totals, permissions) as every other caller."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from dieuhanh.accounts.permissions import Action, can
from dieuhanh.orgunits import services
from dieuhanh.orgunits.models import OrgUnit, OrgUnitLineage


class LineageInline(admin.TabularInline):
    model = OrgUnitLineage
    fk_name = "successor"
    extra = 0
    fields = ("predecessor", "share", "method", "effective_date", "basis")
    readonly_fields = fields
    verbose_name_plural = "Hình thành từ"

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # lineage is edited on its own page, through the service

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(OrgUnit)
class OrgUnitAdmin(SimpleHistoryAdmin):
    list_display = ("name", "code", "kind", "parent", "valid_from", "valid_to")
    list_filter = ("kind", "valid_to")
    search_fields = ("name", "code", "nso_code", "agency_code")
    readonly_fields = ("path", "depth")
    autocomplete_fields = ("parent",)
    inlines = (LineageInline,)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_staff and can(request.user, Action.VIEW)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_staff and can(request.user, Action.VIEW)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return can(request.user, Action.UNIT_EDIT_STRUCTURE, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return can(request.user, Action.UNIT_EDIT_STRUCTURE)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # units end (valid_to); they are never deleted, facts refer to them

    def save_model(self, request: HttpRequest, obj: OrgUnit, form: Any, change: bool) -> None:
        fields = {
            k: form.cleaned_data[k]
            for k in form.changed_data
            if k in services.STRUCTURE_FIELDS | services.CONTACT_FIELDS
        }
        if change:
            # The form has already written its values onto ``obj``: compare with the row.
            original = OrgUnit.objects.get(pk=obj.pk)
            services.orgunit_update(actor=request.user, unit=original, **fields)  # type: ignore[arg-type]
        else:
            created = services.orgunit_create(
                actor=request.user,  # type: ignore[arg-type]
                code=obj.code,
                name=obj.name,
                kind=obj.kind,
                parent=obj.parent,
                **{k: v for k, v in fields.items() if k not in {"name", "kind"}},
            )
            obj.pk, obj.path = created.pk, created.path


@admin.register(OrgUnitLineage)
class OrgUnitLineageAdmin(SimpleHistoryAdmin):
    list_display = ("predecessor", "successor", "share", "method", "effective_date")
    list_filter = ("method", "effective_date")
    search_fields = ("predecessor__name", "successor__name")
    autocomplete_fields = ("predecessor", "successor")

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_staff and can(request.user, Action.VIEW)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_staff and can(request.user, Action.VIEW)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return can(request.user, Action.LINEAGE_EDIT)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return can(request.user, Action.LINEAGE_EDIT)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return can(request.user, Action.LINEAGE_EDIT)

    def save_model(
        self, request: HttpRequest, obj: OrgUnitLineage, form: Any, change: bool
    ) -> None:
        values = {k: form.cleaned_data[k] for k in ("share", "method", "effective_date", "basis")}
        if change:
            original = OrgUnitLineage.objects.get(pk=obj.pk)
            services.lineage_update(actor=request.user, link=original, **values)  # type: ignore[arg-type]
        else:
            created = services.lineage_create(
                actor=request.user,  # type: ignore[arg-type]
                predecessor=form.cleaned_data["predecessor"],
                successor=form.cleaned_data["successor"],
                **values,
            )
            obj.pk = created.pk
