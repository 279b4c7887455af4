from dieuhanh.demo import DEMO_PROVINCE, DemoContext, demo_step
from dieuhanh.orgunits.services import province_load


@demo_step(10, "Đơn vị hành chính tỉnh Lạng Sơn (trước và sau 1/7/2025)")
def load_units(ctx: DemoContext) -> None:
    report = province_load(actor=None, province_code=DEMO_PROVINCE)
    ctx.log(
        f"  {report.province}: {report.created} mới, {report.updated} cập nhật, "
        f"{report.unchanged} không đổi; liên kết kế thừa mới {report.lineage_created}."
    )
