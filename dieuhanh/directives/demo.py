"""Demo directives and assignments for Lạng Sơn (registered with @demo_step).

- Seed 000 (the Lạng Sơn conclusion notice of October 2024) goes through the real path:
  read by the extractor, resolved, corrected where a reviewer would, confirmed, then
  lived (reported, confirmed) as it might have been.
- Seed 003 (Quảng Ngãi, 2023: another province) stays a draft awaiting review, so the
  review screen shows what it does with another province's agencies.
- A year of synthetic notices, written here (not copied from any published document),
  also read by the extractor; each assignment then gets a deterministic history: some done
  on time, some late, some extended, some overdue, a few paused, returned or cancelled.

Idempotent: every document carries an ``external_id``; a second run adds nothing.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from dieuhanh.accounts.models import User
from dieuhanh.demo import DemoContext, demo_step
from dieuhanh.directives import services
from dieuhanh.directives.models import Assignment, Directive, DirectiveDraft
from dieuhanh.directives.status import State
from dieuhanh.orgunits.models import OrgUnit

RESTRUCTURED = date(2025, 7, 1)


def _seeds_dir() -> Path:
    return Path(settings.BASE_DIR).parent / "shared" / "seeds"


def _seed(prefix: str) -> Path | None:
    found = sorted(_seeds_dir().glob(f"{prefix}_*.txt"))
    return found[0] if found else None


def _user(username: str) -> User | None:
    return User.objects.filter(username=username).first()


def _unit(code: str) -> OrgUnit:
    return OrgUnit.objects.get(code=code)


def _reporter_commune() -> OrgUnit | None:
    return (
        OrgUnit.objects.filter(kind=OrgUnit.Kind.COMMUNE, valid_to__isnull=True)
        .order_by("nso_code")
        .first()
    )


@dataclass
class Actors:
    coordinator: User | None
    leader: User | None
    reporter: User | None


# --- seed 000: confirmed and lived -------------------------------------------------------


def _load_seed_000(ctx: DemoContext, actors: Actors) -> None:
    if Directive.objects.filter(external_id="seed-000").exists():
        return
    path = _seed("000")
    if path is None:
        ctx.log("  (không thấy văn bản mẫu 000 trong ../shared/seeds: bỏ qua)")
        return
    draft = DirectiveDraft.objects.filter(external_id="seed-000").first()
    if draft is None:
        draft = services.draft_create_from_file(
            actor=actors.coordinator,
            filename=path.name,
            content=path.read_bytes(),
            external_id="seed-000",
        )
    # What a reviewer does: the notice leaves its number and day blank ("Số: /TB-UBND",
    # "ngày … tháng 10 năm 2024"); the first of the month keeps every deadline after it.
    services.draft_update_header(
        actor=actors.coordinator,
        draft=draft,
        date=date(2024, 10, 1),
        title=(
            "Kết luận tại cuộc họp đánh giá kết quả công tác chuyển đổi số 9 tháng đầu năm; "
            "phương hướng, nhiệm vụ 3 tháng cuối năm 2024"
        ),
    )
    tttt = _unit("20-STTTT")
    rows = {r["key"]: r for r in draft.tasks}
    # Items the text gives no unit for ("Ban Chỉ đạo chuyển đổi số các cấp", none): the
    # reviewer gives them to the steering committee's standing agency.
    choices = {
        "4": ([tttt.pk], []),
        "5": ([tttt.pk], [_unit("20-SNV").pk]),
        "6": ([tttt.pk], [_unit("20-SKHDT").pk, _unit("20-STC").pk]),
    }
    for key, (lead, coop) in choices.items():
        row = rows.get(key)
        if row is None:
            continue
        services.draft_task_update(
            actor=actors.coordinator,
            draft=draft,
            key=key,
            text=row["text"],
            lead_ids=lead,
            coop_ids=coop,
            deadline=date.fromisoformat(row["deadline"]) if row.get("deadline") else None,
            deadline_text=row.get("deadline_text") or "",
            recurring=bool(row.get("recurring")),
        )
    directive = services.draft_confirm(actor=actors.coordinator, draft=draft)
    directive.note = (
        "Số và ngày ban hành để trống trong bản gốc (tháng 10/2024); ghi ngày 01/10/2024."
    )
    directive.save(update_fields=["note"])

    def task(position: int, unit: OrgUnit = tttt) -> Assignment | None:
        return directive.assignments.filter(position=position, lead_unit=unit).first()

    a = task(2)
    if a is not None:
        services.progress_post(
            actor=actors.coordinator,
            assignment=a,
            text="Đã xây dựng dự thảo Đề án, gửi lấy ý kiến các sở, ngành và UBND các huyện.",
            percent=60,
            reported_on=date(2024, 10, 7),
        )
        services.progress_post(
            actor=actors.coordinator,
            assignment=a,
            text="Đã hoàn thiện và trình UBND tỉnh dự thảo Đề án chuyển đổi số của tỉnh.",
            reported_on=date(2024, 10, 14),
            done=True,
        )
        services.assignment_confirm(
            actor=actors.leader, assignment=a, decided_on=date(2024, 10, 18)
        )
    a = task(3)
    if a is not None:
        services.progress_post(
            actor=actors.coordinator,
            assignment=a,
            text="Đang tổng hợp nhiệm vụ, giải pháp từ các sở, ngành cho Kế hoạch năm 2025.",
            percent=50,
            reported_on=date(2024, 11, 15),
        )
        services.progress_post(
            actor=actors.coordinator,
            assignment=a,
            text="UBND tỉnh đã ban hành Kế hoạch chuyển đổi số năm 2025.",
            reported_on=date(2024, 12, 20),
            done=True,
        )
        services.assignment_confirm(
            actor=actors.leader, assignment=a, decided_on=date(2024, 12, 26)
        )
    for position, day, text in (
        (5, date(2024, 12, 10), "Đã tổ chức 04 lớp tập huấn chuyển đổi số cho cán bộ cấp xã."),
        (6, date(2025, 1, 15), "Đã rà soát danh mục dự án công nghệ thông tin năm 2025."),
    ):
        a = task(position)
        if a is not None:
            services.progress_post(
                actor=actors.coordinator, assignment=a, text=text, percent=70, reported_on=day
            )
    for i, a in enumerate(directive.assignments.filter(position=1).order_by("lead_unit__name")):
        if i % 3 == 0:
            services.progress_post(
                actor=actors.coordinator,
                assignment=a,
                text="Đã rà soát các chỉ tiêu Nghị quyết số 49-NQ/TU thuộc lĩnh vực quản lý.",
                percent=80,
                reported_on=date(2024, 11, 5) + timedelta(days=i),
            )
    ctx.log(
        f"  Thông báo kết luận 2024 (văn bản mẫu 000): {directive.assignments.count()} nhiệm vụ"
    )


# --- seed 003: a draft from another province ---------------------------------------------


def _load_seed_003(ctx: DemoContext, actors: Actors) -> None:
    if DirectiveDraft.objects.filter(external_id="seed-003").exists():
        return
    path = _seed("003")
    if path is None:
        return
    draft = services.draft_create_from_file(
        actor=actors.coordinator,
        filename=path.name,
        content=path.read_bytes(),
        external_id="seed-003",
    )
    ctx.log(f"  Dự thảo chờ rà soát (văn bản mẫu 003, Quảng Ngãi): {len(draft.tasks)} nhiệm vụ")


# --- a year of synthetic notices -------------------------------------------------------------

# (lead as a notice writes it, cooperating or "", task wording, deadline: days after the
# notice and the phrase's form — "by", "latest", "month", "quarter" — or None: regular).
Task = tuple[str, str, str, tuple[int, str] | None]

TOPICS: list[tuple[str, str, list[Task]]] = [
    (
        "về đẩy mạnh thanh toán trực tuyến trong giải quyết thủ tục hành chính",
        "Tỷ lệ hồ sơ thanh toán trực tuyến tăng nhưng chưa đồng đều giữa các xã, phường.",
        [
            (
                "Sở Khoa học và Công nghệ",
                "Sở Tài chính",
                "Hoàn thiện kết nối nền tảng thanh toán với Hệ thống thông tin giải quyết thủ "
                "tục hành chính của tỉnh",
                (35, "by"),
            ),
            (
                "Sở Khoa học và Công nghệ",
                "Sở Tài chính",
                "Tổng hợp, công khai tỷ lệ thanh toán trực tuyến của từng xã, phường hằng tháng",
                None,
            ),
            (
                "UBND các xã, phường",
                "",
                "hướng dẫn người dân thanh toán phí, lệ phí trực tuyến tại Bộ phận một cửa",
                (60, "by"),
            ),
            (
                "Văn phòng UBND tỉnh",
                "",
                "đôn đốc, tổng hợp kết quả thực hiện, báo cáo UBND tỉnh",
                (75, "month"),
            ),
        ],
    ),
    (
        "về số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",
        "Tỷ lệ số hóa kết quả giải quyết thủ tục hành chính còn thấp ở một số lĩnh vực.",
        [
            (
                "Văn phòng UBND tỉnh",
                "Sở Khoa học và Công nghệ",
                "Rà soát, chuẩn hóa danh mục kết quả giải quyết thủ tục hành chính phải số hóa",
                (30, "latest"),
            ),
            (
                "Sở Nội vụ",
                "",
                "bố trí kinh phí, nhân lực số hóa hồ sơ lưu trữ của các cơ quan cấp tỉnh",
                (90, "quarter"),
            ),
            (
                "Sở Tư pháp",
                "",
                "hoàn thành số hóa sổ hộ tịch lưu trữ tại các xã, phường",
                (45, "by"),
            ),
            (
                "Các sở, ban, ngành",
                "",
                "số hóa kết quả giải quyết thủ tục hành chính còn hiệu lực thuộc phạm vi quản lý",
                (50, "by"),
            ),
        ],
    ),
    (
        "về bảo đảm an toàn thông tin mạng",
        "Một số hệ thống thông tin chưa được phê duyệt hồ sơ đề xuất cấp độ.",
        [
            (
                "Sở Khoa học và Công nghệ",
                "Công an tỉnh",
                "Hoàn thành phê duyệt hồ sơ đề xuất cấp độ cho các hệ thống thông tin dùng chung "
                "của tỉnh",
                (40, "latest"),
            ),
            (
                "Sở Khoa học và Công nghệ",
                "Công an tỉnh",
                "Tổ chức diễn tập ứng cứu sự cố an toàn thông tin mạng cấp tỉnh",
                (70, "month"),
            ),
            (
                "Sở Y tế",
                "",
                "triển khai giải pháp phòng chống mã độc cho hệ thống thông tin của các bệnh "
                "viện tuyến tỉnh",
                (45, "by"),
            ),
            (
                "Sở Giáo dục và Đào tạo",
                "",
                "rà soát, khắc phục lỗ hổng bảo mật trên trang thông tin điện tử của các trường "
                "học",
                (30, "by"),
            ),
        ],
    ),
    (
        "về hoạt động của Tổ công nghệ số cộng đồng",
        "Tổ công nghệ số cộng đồng đã được thành lập ở tất cả các thôn, khối phố, nhưng hoạt "
        "động chưa đều.",
        [
            (
                "UBND các xã, phường",
                "",
                "kiện toàn Tổ công nghệ số cộng đồng, cập nhật danh sách thành viên lên hệ thống "
                "của tỉnh",
                (40, "by"),
            ),
            (
                "Sở Khoa học và Công nghệ",
                "",
                "Biên soạn tài liệu hướng dẫn kỹ năng số cơ bản cho người dân",
                (50, "latest"),
            ),
            (
                "Sở Văn hóa, Thể thao và Du lịch",
                "",
                "tuyên truyền về chuyển đổi số trên hệ thống thông tin cơ sở",
                None,
            ),
        ],
    ),
    (
        "về vận hành Trung tâm giám sát, điều hành thông minh của tỉnh",
        "Trung tâm đã kết nối dữ liệu của nhiều lĩnh vực, song số liệu của một số ngành chưa "
        "được cập nhật thường xuyên.",
        [
            (
                "Sở Khoa học và Công nghệ",
                "Văn phòng UBND tỉnh",
                "Bổ sung bộ chỉ số giám sát tình hình giải quyết thủ tục hành chính theo thời "
                "gian thực",
                (45, "by"),
            ),
            (
                "Sở Y tế",
                "",
                "kết nối dữ liệu khám, chữa bệnh và tiêm chủng với Trung tâm giám sát, điều hành "
                "thông minh",
                (60, "latest"),
            ),
            (
                "Sở Nông nghiệp và Môi trường",
                "",
                "cung cấp dữ liệu quan trắc môi trường tự động cho Trung tâm",
                (60, "by"),
            ),
            (
                "Sở Xây dựng",
                "",
                "kết nối dữ liệu camera giao thông tại các nút giao trọng điểm",
                (90, "quarter"),
            ),
        ],
    ),
    (
        "về cung cấp dịch vụ công trực tuyến toàn trình",
        "Số hồ sơ trực tuyến toàn trình tăng, nhưng một số thủ tục có nhu cầu cao vẫn phát sinh "
        "ít hồ sơ.",
        [
            (
                "Văn phòng UBND tỉnh",
                "Sở Khoa học và Công nghệ",
                "Rà soát danh mục dịch vụ công trực tuyến toàn trình, đề xuất cắt giảm thành "
                "phần hồ sơ",
                (30, "by"),
            ),
            (
                "Sở Công Thương",
                "",
                "hướng dẫn doanh nghiệp thực hiện thủ tục cấp giấy phép kinh doanh trực tuyến",
                (45, "by"),
            ),
            (
                "Sở Xây dựng",
                "",
                "đưa thủ tục cấp giấy phép xây dựng lên cung cấp trực tuyến toàn trình",
                (60, "latest"),
            ),
        ],
    ),
    (
        "về triển khai chữ ký số và ký số từ xa",
        "Tỷ lệ văn bản điện tử được ký số ở cấp xã chưa đạt yêu cầu.",
        [
            (
                "Sở Khoa học và Công nghệ",
                "Sở Nội vụ",
                "Tổng hợp nhu cầu, đề nghị cấp bổ sung chứng thư số cho cán bộ, công chức cấp xã",
                (30, "by"),
            ),
            (
                "UBND các xã, phường",
                "",
                "sử dụng chữ ký số trong gửi, nhận văn bản điện tử, báo cáo kết quả",
                (55, "by"),
            ),
            (
                "Sở Tài chính",
                "",
                "hướng dẫn các đơn vị sử dụng ngân sách ký số chứng từ kế toán",
                (50, "month"),
            ),
        ],
    ),
    (
        "về phát triển kinh tế số và thương mại điện tử",
        "Nhiều sản phẩm OCOP của tỉnh đã có mặt trên sàn thương mại điện tử.",
        [
            (
                "Sở Công Thương",
                "Sở Nông nghiệp và Môi trường",
                "Hỗ trợ các chủ thể OCOP đưa sản phẩm lên sàn thương mại điện tử",
                (75, "quarter"),
            ),
            (
                "Sở Tài chính",
                "",
                "tham mưu chính sách hỗ trợ doanh nghiệp nhỏ và vừa chuyển đổi số",
                (60, "latest"),
            ),
            (
                "UBND phường Đông Kinh",
                "",
                "thí điểm mô hình chợ bốn không tại chợ trung tâm",
                (80, "by"),
            ),
        ],
    ),
    (
        "về bồi dưỡng kỹ năng số cho cán bộ, công chức",
        "Nhu cầu bồi dưỡng kỹ năng số của cán bộ, công chức cấp xã sau sắp xếp là rất lớn.",
        [
            (
                "Sở Nội vụ",
                "Sở Khoa học và Công nghệ",
                "Xây dựng kế hoạch bồi dưỡng kỹ năng số cho cán bộ, công chức cấp xã",
                (30, "by"),
            ),
            (
                "Các sở, ban, ngành",
                "",
                "cử cán bộ tham gia các lớp bồi dưỡng kỹ năng số trên nền tảng học trực tuyến mở",
                (60, "by"),
            ),
            (
                "Thanh tra tỉnh",
                "",
                "ứng dụng phần mềm quản lý công tác thanh tra, tiếp công dân",
                (75, "latest"),
            ),
        ],
    ),
    (
        "về cập nhật dữ liệu lên hệ thống báo cáo của tỉnh",
        "Một số đơn vị còn chậm cập nhật số liệu báo cáo định kỳ.",
        [
            (
                "UBND các xã, phường",
                "",
                "cập nhật đầy đủ, đúng hạn số liệu báo cáo chuyển đổi số hằng tháng lên hệ thống "
                "báo cáo của tỉnh",
                (45, "by"),
            ),
            (
                "Văn phòng UBND tỉnh",
                "",
                "thường xuyên theo dõi, đôn đốc việc thực hiện các nhiệm vụ tại Thông báo này",
                None,
            ),
            (
                "Sở Khoa học và Công nghệ",
                "",
                "hoàn thiện chức năng nhắc hạn báo cáo trên hệ thống báo cáo của tỉnh",
                (40, "latest"),
            ),
            (
                "UBND phường Kỳ Lừa",
                "",
                "rà soát, chuẩn hóa dữ liệu dân cư phục vụ giải quyết thủ tục hành chính",
                (50, "by"),
            ),
        ],
    ),
]

_PROGRESS = [
    (20, "Đã xây dựng kế hoạch triển khai, giao công chức phụ trách."),
    (40, "Đã triển khai một phần; đang phối hợp với các đơn vị liên quan."),
    (60, "Đã hoàn thành khoảng hai phần ba khối lượng công việc."),
    (80, "Cơ bản hoàn thành, đang hoàn thiện báo cáo kết quả."),
]
_DONE = "Đã hoàn thành nhiệm vụ; gửi kèm báo cáo kết quả."
_EXTENSION_REASONS = [
    "Chờ hướng dẫn kỹ thuật của bộ, ngành trung ương; đề nghị gia hạn để hoàn thiện.",
    "Khối lượng hồ sơ lớn, cần thêm thời gian để hoàn thành.",
    "Phải điều chỉnh dự toán kinh phí; đề nghị lùi thời hạn.",
]
_RETURN_NOTE = "Báo cáo chưa có số liệu kết quả cụ thể; đề nghị bổ sung."


def _vn(day: date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def _deadline_phrase(day: date, form: str) -> tuple[str, date]:
    """The wording and the date the extractor will read from it."""
    if form == "latest":
        return f"chậm nhất là {_vn(day)}", day
    if form == "month":
        end = (day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        return f"hoàn thành trong tháng {day.month}/{day.year}", end
    if form == "quarter":
        q = (day.month - 1) // 3 + 1
        end_month = q * 3
        end = (date(day.year, end_month, 28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        roman = ["I", "II", "III", "IV"][q - 1]
        return f"báo cáo kết quả trong quý {roman}/{day.year}", end
    return f"hoàn thành trước ngày {_vn(day)}", day


def notice_text(number: int, day: date, topic: str, assessment: str, tasks: list[Task]) -> str:
    """A conclusion notice in the usual shape (header, assessment, numbered tasks with the
    lead first, deadlines in the usual wordings, signature)."""
    meeting = day - timedelta(days=3)
    lines = [
        "ỦY BAN NHÂN DÂN",
        "TỈNH LẠNG SƠN",
        "",
        f"Số: {number}/TB-UBND",
        "",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "",
        f"Lạng Sơn, ngày {day.day:02d} tháng {day.month} năm {day.year}",
        "",
        "THÔNG BÁO",
        "",
        f"Kết luận của Phó Chủ tịch UBND tỉnh tại cuộc họp {topic}",
        "",
        f"Ngày {meeting.day:02d}/{meeting.month}/{meeting.year}, đồng chí Phó Chủ tịch UBND "
        f"tỉnh chủ trì cuộc họp {topic}, với sự tham dự của lãnh đạo các sở, ngành và đại "
        "diện UBND các xã, phường. Sau khi nghe báo cáo và ý kiến của các thành phần dự họp, "
        "đồng chí Phó Chủ tịch UBND tỉnh kết luận như sau:",
        "",
        "I. ĐÁNH GIÁ CHUNG",
        "",
        assessment,
        "",
        "II. NHIỆM VỤ TRỌNG TÂM",
        "",
    ]
    n = 0
    i = 0
    while i < len(tasks):
        lead, coop, wording, deadline = tasks[i]
        group = [tasks[i]]
        while i + len(group) < len(tasks) and tasks[i + len(group)][0] == lead:
            group.append(tasks[i + len(group)])
        n += 1

        def sentence(words: str, dl: tuple[int, str] | None, *, bullet: bool) -> str:
            words = (words[0].upper() if bullet else words[0].lower()) + words[1:]
            if dl is None:
                if words.lower().startswith("thường xuyên"):
                    return f"{words}."
                return f"{'Thường' if bullet else 'thường'} xuyên {words[0].lower()}{words[1:]}."
            phrase, _end = _deadline_phrase(day + timedelta(days=dl[0]), dl[1])
            return f"{words}, {phrase}."

        if len(group) > 1:
            head = f"{n}. {lead} chủ trì" + (f", phối hợp với {coop}" if coop else "") + ":"
            lines += [head, ""]
            for _lead, _coop, words, dl in group:
                lines += [f"- {sentence(words, dl, bullet=True)}", ""]
        else:
            text = sentence(wording, deadline, bullet=False)
            if coop:
                lines += [f"{n}. {lead} chủ trì, phối hợp với {coop} {text}", ""]
            else:
                lines += [f"{n}. {lead} {text}", ""]
        i += len(group)
    lines += [
        "UBND tỉnh thông báo để các cơ quan, đơn vị biết, thực hiện./.",
        "",
        "Nơi nhận:",
        "- Như trên;",
        "- Lưu: VT.",
        "",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "",
        "Nông Thị Hạnh",
        "",
    ]
    return "\n".join(lines)


def _synthetic_dates(today: date, count: int) -> list[date]:
    """``count`` notice dates spread over the year before ``today`` (never before the
    2025 restructuring, so that they name today's units), the last about three weeks ago."""
    start = max(today - timedelta(days=365), RESTRUCTURED + timedelta(days=14))
    end = today - timedelta(days=21)
    if end <= start:
        end = start + timedelta(days=count)
    step = (end - start) / max(count - 1, 1)
    return [start + step * k for k in range(count)]


def _fill_missing_leads(draft: DirectiveDraft, leads: list[str], actor: User | None) -> None:
    """The reviewer's part: a row the extractor left without a unit ("Thanh tra tỉnh
    ứng dụng …" is not read as a lead) gets the unit the sentence names."""
    from dieuhanh.directives.resolution import UnitResolver

    resolver = UnitResolver.for_province()
    on = draft.date or timezone.localdate()
    for row, lead in zip(draft.tasks, leads, strict=False):
        if row.get("lead_ids"):
            continue
        unit_ids = resolver.resolve(lead, on=on).unit_ids or [_unit("20-SKHCN").pk]
        services.draft_task_update(
            actor=actor,
            draft=draft,
            key=row["key"],
            text=row["text"],
            lead_ids=unit_ids,
            coop_ids=row.get("coop_ids", []),
            deadline=date.fromisoformat(row["deadline"]) if row.get("deadline") else None,
            deadline_text=row.get("deadline_text") or "",
            recurring=bool(row.get("recurring")),
        )


def _live(a: Assignment, rng: random.Random, today: date, actors: Actors, keep_open: bool) -> None:
    """Give an assignment a plausible, deterministic history up to ``today``."""
    d0 = a.directive.date
    reporter = (
        actors.reporter
        if actors.reporter and actors.reporter.unit_id == a.lead_unit_id
        else actors.coordinator
    )
    leader = actors.leader

    def clamp(day: date) -> date:
        return max(d0, min(day, today))

    def progress(day: date, step: int) -> None:
        percent, text = _PROGRESS[min(step, len(_PROGRESS) - 1)]
        services.progress_post(
            actor=reporter, assignment=a, text=text, percent=percent, reported_on=clamp(day)
        )

    def complete(day: date, confirm_after: int | None, attach: bool = False) -> None:
        files = []
        if attach:
            files = [ContentFile(b"Bao cao ket qua thuc hien nhiem vu.\n", name="bao-cao.txt")]
        services.progress_post(
            actor=reporter,
            assignment=a,
            text=_DONE,
            reported_on=clamp(day),
            done=True,
            files=files,
        )
        if confirm_after is not None and a.completed_on:
            when = a.completed_on + timedelta(days=confirm_after)
            if when <= today:
                services.assignment_confirm(actor=leader, assignment=a, decided_on=when)

    deadline = a.deadline
    if keep_open:
        if today > d0:
            progress(d0 + timedelta(days=min(5, (today - d0).days)), 1)
        return
    if deadline is None:
        if rng.random() < 0.6:
            progress(d0 + timedelta(days=rng.randint(5, 25)), rng.randint(0, 2))
        return
    span = max((deadline - d0).days, 2)
    roll = rng.random()
    if deadline < today:
        if roll < 0.42:  # done on time
            progress(d0 + timedelta(days=span * 2 // 5), 1)
            complete(
                d0 + timedelta(days=rng.randint(span * 3 // 5, span)),
                rng.randint(1, 5),
                attach=rng.random() < 0.3,
            )
        elif roll < 0.60:  # done late
            progress(d0 + timedelta(days=span // 2), 1)
            complete(deadline + timedelta(days=rng.randint(2, 25)), rng.randint(1, 4))
        elif roll < 0.75:  # extended, then (maybe) done within the new deadline
            progress(d0 + timedelta(days=span * 2 // 5), 0)
            asked = clamp(max(d0 + timedelta(days=1), deadline - timedelta(days=6)))
            new = deadline + timedelta(days=rng.randint(15, 40))
            ext = services.extension_request(
                actor=reporter,
                assignment=a,
                requested_deadline=new,
                reason=rng.choice(_EXTENSION_REASONS),
                requested_on=asked,
            )
            decided = asked + timedelta(days=rng.randint(1, 3))
            if decided <= today:
                services.extension_decide(
                    actor=leader, extension=ext, approve=True, decided_on=decided
                )
                finish = deadline + timedelta(days=rng.randint(3, 14))
                if finish <= today and rng.random() < 0.7:
                    complete(finish, rng.randint(1, 3))
        elif roll < 0.80:  # returned once, then done
            progress(d0 + timedelta(days=span // 3), 1)
            complete(deadline - timedelta(days=3), None)
            returned = a.completed_on + timedelta(days=2) if a.completed_on else today
            if returned <= today:
                services.assignment_return(
                    actor=leader, assignment=a, note=_RETURN_NOTE, decided_on=returned
                )
                again = returned + timedelta(days=rng.randint(3, 10))
                if again <= today:
                    complete(again, 2)
        elif roll < 0.83:  # reported done, waiting for the assigner
            progress(d0 + timedelta(days=span // 2), 2)
            complete(min(today, deadline + timedelta(days=rng.randint(-5, 5))), None)
        else:  # overdue
            progress(d0 + timedelta(days=span // 3), rng.randint(0, 1))
            if rng.random() < 0.5:
                progress(d0 + timedelta(days=span * 3 // 4), 2)
    else:
        elapsed = (today - d0).days
        if roll < 0.5 and elapsed > 3:
            progress(d0 + timedelta(days=rng.randint(1, elapsed)), rng.randint(0, 2))
        elif roll < 0.65 and elapsed > 6:
            complete(d0 + timedelta(days=rng.randint(3, elapsed)), rng.randint(1, 3))


def _load_synthetic(ctx: DemoContext, actors: Actors) -> None:
    today = timezone.localdate()
    days = _synthetic_dates(today, len(TOPICS))
    reporter_commune = _reporter_commune()
    created = 0
    for k, ((topic, assessment, tasks), day) in enumerate(zip(TOPICS, days, strict=True)):
        external_id = f"demo-{k + 1:02d}"
        if Directive.objects.filter(external_id=external_id).exists():
            continue
        with transaction.atomic():
            number = 180 + 17 * k
            last = k == len(TOPICS) - 1
            text = notice_text(number, day, topic, assessment, tasks)
            stale = DirectiveDraft.objects.filter(external_id=external_id).first()
            if stale is not None:  # an earlier run stopped half-way
                services.draft_discard(actor=actors.coordinator, draft=stale)
                stale.external_id = ""
                stale.save(update_fields=["external_id"])
            draft = services.draft_create_from_file(
                actor=actors.coordinator,
                filename=f"{number}-TB-UBND.txt",
                content=text.encode("utf-8"),
                external_id=external_id,
            )
            _fill_missing_leads(draft, [t[0] for t in tasks], actors.coordinator)
            directive = services.draft_confirm(actor=actors.coordinator, draft=draft)
            for a in directive.assignments.select_related("directive", "lead_unit").order_by(
                "position", "lead_unit__nso_code", "lead_unit__code"
            ):
                rng = random.Random(f"{external_id}/{a.position}/{a.lead_unit.code}")
                # The demo reporter's commune keeps the newest commune task open, for the
                # walkthrough and the browser test.
                keep_open = (
                    last
                    and reporter_commune is not None
                    and (a.lead_unit_id == reporter_commune.pk)
                )
                _live(a, rng, today, actors, keep_open)
            created += 1
    # One paused and one cancelled task, decided on the assigner's side.
    for external_id, action in (("demo-05", "pause"), ("demo-06", "cancel")):
        target = (
            Assignment.objects.filter(directive__external_id=external_id, state=State.OPEN)
            .order_by("position", "id")
            .first()
        )
        if target is None or target.decisions.exists() or not created:
            continue
        if action == "pause":
            services.assignment_pause(
                actor=actors.leader,
                assignment=target,
                note="Tạm dừng để chờ điều chỉnh kế hoạch vốn.",
            )
        else:
            services.assignment_cancel(
                actor=actors.leader,
                assignment=target,
                note="Nội dung đã được giao tại văn bản khác.",
            )
    if created:
        total = Assignment.objects.filter(directive__external_id__startswith="demo-").count()
        ctx.log(f"  Một năm thông báo kết luận (tự soạn): {created} văn bản, {total} nhiệm vụ")


@demo_step(40, "Văn bản chỉ đạo và nhiệm vụ (2024, dự thảo cần rà soát, một năm gần đây)")
def demo_directives(ctx: DemoContext) -> None:
    actors = Actors(_user("coordinator"), _user("leader"), _user("reporter"))
    _load_seed_000(ctx, actors)
    _load_seed_003(ctx, actors)
    _load_synthetic(ctx, actors)
