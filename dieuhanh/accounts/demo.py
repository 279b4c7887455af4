"""Demo accounts, one per role. Never available with production settings."""

from __future__ import annotations

from dieuhanh.accounts.models import Role, User
from dieuhanh.accounts.services import user_create
from dieuhanh.demo import DemoContext, demo_step
from dieuhanh.orgunits.models import OrgUnit

# username, role, unit code (None: a commune), fictional full name, title
DEMO_USERS = (
    ("admin", Role.ADMIN, "20-SKHCN", "Hoàng Minh Quân", "Chuyên viên công nghệ thông tin"),
    ("leader", Role.LEADER, "20", "Nông Thị Hạnh", "Phó Chủ tịch UBND tỉnh"),
    ("coordinator", Role.COORDINATOR, "20-SKHCN", "Lương Văn Đức", "Chuyên viên chuyển đổi số"),
    ("reporter", Role.REPORTER, None, "Vi Thị Lan", "Công chức Văn phòng - Thống kê"),
    ("viewer", Role.VIEWER, "20-VPUBND", "Hà Quốc Bảo", "Chuyên viên"),
)


@demo_step(20, "Tài khoản mẫu cho từng vai trò")
def demo_users(ctx: DemoContext) -> None:
    # The reporter works for a commune: the first current one by official code.
    commune = (
        OrgUnit.objects.filter(kind=OrgUnit.Kind.COMMUNE, valid_to__isnull=True)
        .order_by("nso_code")
        .first()
    )
    for username, role, unit_code, full_name, title in DEMO_USERS:
        unit = commune if unit_code is None else OrgUnit.objects.get(code=unit_code)
        last, _, first = full_name.rpartition(" ")
        user = User.objects.filter(username=username).first()
        if user is None:
            user_create(
                actor=None,
                username=username,
                password=ctx.password,
                unit=unit,
                role=role,
                first_name=first,
                last_name=last,
                title=title,
            )
        elif ctx.password_given and not user.check_password(ctx.password):
            user.set_password(ctx.password)
            user.save(update_fields=["password"])
        ctx.data.setdefault("users", []).append((username, role.label, unit))
