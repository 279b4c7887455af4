"""Who may do what, and where: the one policy every service calls before it writes.

A role says what kind of thing a person may do; their unit says where. Templates may hide
a button with ``can()``, but the service refuses the write with ``require()`` whatever
the screen showed (docs/adr/0004-roles-and-scope.md).

| action                | admin | coordinator | reporter      | leader | viewer |
|-----------------------|-------|-------------|---------------|--------|--------|
| view                  | all   | all         | all           | all    | all    |
| unit.edit_contact     | all   | all         | own unit only | —      | —      |
| unit.edit_structure   | all   | all         | —             | —      | —      |
| lineage.edit          | all   | all         | —             | —      | —      |
| config.manage         | all   | all         | —             | —      | —      |
| data.enter            | all   | all         | own unit only | —      | —      |
| user.manage           | all   | —           | —             | —      | —      |
| directive.manage      | all   | all         | —             | —      | —      |
| assignment.report     | all   | all         | own unit only | —      | —      |
| assignment.review     | all   | all         | —             | all    | —      |
| dossiers.import       | all   | all         | —             | —      | —      |

``directive.manage``: upload, review and confirm directives, or enter them by hand.
``assignment.report``: the lead unit's side of a task (progress, completion, asking for
more time); the unit is the assignment's lead unit. ``assignment.review``: the assigning
side (confirm or return a completion, grant or refuse an extension, pause, resume,
cancel); the unit is the directive's issuing unit.
``dossiers.import``: import dossiers, procedures and feedback (file or web upload) and
map unknown unit names; a source system's API token is limited to its own units instead.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from dieuhanh.accounts.models import Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from dieuhanh.accounts.models import User
    from dieuhanh.orgunits.models import OrgUnit


class Action(StrEnum):
    VIEW = "view"
    UNIT_EDIT_CONTACT = "unit.edit_contact"
    UNIT_EDIT_STRUCTURE = "unit.edit_structure"
    LINEAGE_EDIT = "lineage.edit"
    CONFIG_MANAGE = "config.manage"
    DATA_ENTER = "data.enter"
    USER_MANAGE = "user.manage"
    DIRECTIVE_MANAGE = "directive.manage"
    ASSIGNMENT_REPORT = "assignment.report"
    ASSIGNMENT_REVIEW = "assignment.review"
    DOSSIERS_IMPORT = "dossiers.import"


_PROVINCE_WIDE: dict[str, frozenset[Action]] = {
    Role.ADMIN: frozenset(Action),
    Role.COORDINATOR: frozenset(Action) - {Action.USER_MANAGE},
    Role.LEADER: frozenset({Action.VIEW, Action.ASSIGNMENT_REVIEW}),
    Role.VIEWER: frozenset({Action.VIEW}),
    Role.REPORTER: frozenset({Action.VIEW}),
}
# Actions a reporter may take, and only for the unit they belong to.
_OWN_UNIT_ONLY: dict[str, frozenset[Action]] = {
    Role.REPORTER: frozenset(
        {Action.UNIT_EDIT_CONTACT, Action.DATA_ENTER, Action.ASSIGNMENT_REPORT}
    ),
}


def can(user: User | AnonymousUser | None, action: Action, unit: OrgUnit | None = None) -> bool:
    """True when ``user`` may take ``action`` (on ``unit``, where the action is about one)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    role = getattr(user, "role", None)
    if role is None:
        return False
    if action in _PROVINCE_WIDE.get(role, frozenset()):
        return True
    if action in _OWN_UNIT_ONLY.get(role, frozenset()):
        return unit is not None and user.unit_id is not None and unit.pk == user.unit_id
    return False


def works_for_one_unit(user: User | AnonymousUser | None) -> bool:
    """Whether the user's work is their own unit's — a role whose actions the policy
    limits to that unit (a commune's reporter) — rather than the whole province's."""
    if user is None or not user.is_authenticated or user.is_superuser:
        return False
    return getattr(user, "role", None) in _OWN_UNIT_ONLY


def home_unit(user: User | AnonymousUser | None, province: OrgUnit) -> OrgUnit:
    """The unit a page opens on when none is asked for: the user's own unit for a user
    whose work is that unit's (a commune's reporter sees their commune first), the
    province for everyone else."""
    if works_for_one_unit(user):
        own = getattr(user, "unit", None)
        if own is not None and own.path.startswith(province.path):
            return own
    return province


def require(user: User | AnonymousUser | None, action: Action, unit: OrgUnit | None = None) -> None:
    """Raise ``PermissionDenied`` (HTTP 403) unless ``can(user, action, unit)``."""
    if not can(user, action, unit):
        where = f" — {unit}" if unit is not None else ""
        raise PermissionDenied(_("You are not allowed to do this") + where + ".")
