"""Writes to user accounts. Only administrators manage users."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from dieuhanh.accounts.models import Role, User
from dieuhanh.accounts.permissions import Action, require

if TYPE_CHECKING:
    from dieuhanh.orgunits.models import OrgUnit


# Administrators and coordinators use the Django admin; what they may change there is
# still decided by the permission policy (the admins' has_*_permission hooks).
STAFF_ROLES = frozenset({Role.ADMIN, Role.COORDINATOR})


@transaction.atomic
def user_create(
    *,
    actor: User | None,
    username: str,
    password: str | None,
    unit: OrgUnit | None,
    role: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    title: str = "",
) -> User:
    if actor is not None:
        require(actor, Action.USER_MANAGE)
    user = User(
        username=username,
        unit=unit,
        role=role,
        first_name=first_name,
        last_name=last_name,
        email=email,
        title=title,
        is_staff=role in STAFF_ROLES,
        is_superuser=role == Role.ADMIN,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    return user


@transaction.atomic
def user_set_role(*, actor: User | None, user: User, role: str, unit: OrgUnit | None) -> User:
    if actor is not None:
        require(actor, Action.USER_MANAGE)
    user.role = role
    user.unit = unit
    user.is_staff = role in STAFF_ROLES
    user.is_superuser = role == Role.ADMIN
    user.full_clean(exclude=["password"])
    user.save(update_fields=["role", "unit", "is_staff", "is_superuser"])
    return user
