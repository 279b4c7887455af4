"""The Django admin shows directives and assignments with their history, read-only:
every change goes through the services (the review screen, the assignment page), so the
admin cannot bypass the rules or the audit trail."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from dieuhanh.accounts.permissions import Action, can
from dieuhanh.directives.models import (
    Assignment,
    Directive,
    DirectiveDraft,
    Extension,
    ProgressUpdate,
    Reminder,
)


class ReadOnlyAdmin(SimpleHistoryAdmin):
    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_staff and can(request.user, Action.VIEW)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_staff and can(request.user, Action.VIEW)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Directive)
class DirectiveAdmin(ReadOnlyAdmin):
    list_display = ("number", "date", "kind", "issuer", "created_at")
    list_filter = ("kind",)
    search_fields = ("number", "title", "issuer")
    date_hierarchy = "date"


@admin.register(DirectiveDraft)
class DirectiveDraftAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "status", "date", "issuer", "created_at")
    list_filter = ("status",)
    exclude = ("text", "extraction")


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyAdmin):
    list_display = ("directive", "position", "lead_unit", "deadline", "state")
    list_filter = ("state", "lead_unit__kind")
    search_fields = ("text", "lead_unit__name", "directive__number")
    list_select_related = ("directive", "lead_unit")
    raw_id_fields = ("directive", "lead_unit")


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(ReadOnlyAdmin):
    list_display = ("assignment", "reported_on", "percent", "is_completion", "author")
    list_select_related = ("assignment", "author")


@admin.register(Extension)
class ExtensionAdmin(ReadOnlyAdmin):
    list_display = ("assignment", "previous_deadline", "requested_deadline", "status")
    list_filter = ("status",)


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyAdmin):
    list_display = ("assignment", "kind", "sent_on", "emailed", "recipients")
    list_filter = ("kind", "sent_on")
