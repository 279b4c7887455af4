"""The general rules added after the blind runs (see ``documents/BLIND.md``), one by one,
on short texts written for the test."""

from __future__ import annotations

import io
import time
from datetime import date

import docx
import pytest

from dieuhanh.core.extraction import extract, read_text
from dieuhanh.core.extraction.agencies import parse_lead_clause, split_agencies
from dieuhanh.core.extraction.deadlines import find_deadline
from dieuhanh.core.extraction.header import prettify_org
from dieuhanh.core.extraction.tests.conftest import DOCUMENTS

REF = date(2025, 10, 1)


def tasks_of(text: str) -> list[tuple[str | None, str]]:
    return [(t.lead, t.text) for t in extract(text, strict=True).tasks]


# -- deadlines ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "iso", "phrase"),
    [
        ("phấn đấu đến ngày 31/12/2025 đạt 60%", "2025-12-31", "đến ngày 31/12/2025"),
        ("báo cáo trước 17 giờ ngày 15/9/2025.", "2025-09-15", "trước 17 giờ ngày 15/9/2025"),
        ("gửi trước 16 giờ 00 ngày 20/11/2025", "2025-11-20", "trước 16 giờ 00 ngày 20/11/2025"),
        ("tổ chức Ngày hội vào Quý IV/2025.", "2025-12-31", "vào Quý IV/2025"),
        ("báo cáo tại phiên họp quý IV năm 2025.", "2025-12-31", "quý IV năm 2025"),
        (
            "thực hiện trong Quý II, Quý III năm 2026).",
            "2026-09-30",
            "trong Quý II, Quý III năm 2026",
        ),
        ("trong tháng 5 và tháng 6/2026", "2026-06-30", "trong tháng 5 và tháng 6/2026"),
        ("Thời gian thực hiện: năm 2025 - 2027.", "2027-12-31", "năm 2025 - 2027"),
        ("từ ngày 01/10 đến ngày 15/10/2025", "2025-10-15", "đến ngày 15/10/2025"),
        ("từ nay đến hết năm", "2025-12-31", "đến hết năm"),
    ],
)
def test_more_deadline_forms(text: str, iso: str, phrase: str) -> None:
    found = find_deadline(text, REF)
    assert found is not None and found.date is not None
    assert (found.date.isoformat(), found.text) == (iso, phrase)


@pytest.mark.parametrize(
    "text",
    [
        "hoàn thành nhiệm vụ trong năm 2024 và giai đoạn 2021 - 2025",
        "trong giai đoạn 2026 - 2030.",
        "tính đến ngày 30/9/2025, toàn tỉnh có 1.200 hồ sơ",
        "Vào ngày 10/3/2025, UBND tỉnh tổ chức hội nghị",
        "định hướng đến năm 2030",
        "thiết lập kênh hỗ trợ kỹ thuật 24/7 trong thời gian đầu",
    ],
)
def test_still_not_deadlines(text: str) -> None:
    assert find_deadline(text, REF) is None


@pytest.mark.parametrize(
    ("cell", "iso"),
    [
        ("2025 - 2026", "2026-12-31"),
        ("Quý II - III/2025", "2025-09-30"),
        ("Tháng 9-10/2025", "2025-10-31"),
    ],
)
def test_range_cells(cell: str, iso: str) -> None:
    found = find_deadline(cell, REF, bare=True)
    assert found is not None and found.date is not None and found.date.isoformat() == iso


# -- agency names --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lead", "rest"),
    [
        (
            "Thủ trưởng các sở, ban, ngành; Chủ tịch UBND các xã, phường chịu trách nhiệm "
            "trước Chủ tịch UBND tỉnh",
            "Thủ trưởng các sở, ban, ngành; Chủ tịch UBND các xã, phường",
            "chịu trách nhiệm trước",
        ),
        (
            "Các sở, ngành có tỷ lệ hồ sơ trực tuyến dưới 50% phải có văn bản giải trình",
            "Các sở, ngành có tỷ lệ hồ sơ trực tuyến dưới 50%",
            "phải có văn bản",
        ),
        (
            "Các cơ quan được giao theo dõi chỉ tiêu có trách nhiệm báo cáo kết quả",
            "Các cơ quan được giao theo dõi chỉ tiêu",
            "báo cáo kết quả",
        ),
        ("Đề nghị UBND tỉnh quan tâm bố trí kinh phí", "UBND tỉnh", "quan tâm bố trí"),
        (
            "Chủ tịch UBND các huyện, thành phố trực tiếp chỉ đạo",
            "Chủ tịch UBND các huyện, thành phố",
            "trực tiếp chỉ đạo",
        ),
        ("Giao Thuế tỉnh tổng hợp kết quả", "Thuế tỉnh", "tổng hợp kết quả"),
        ("Kiến nghị Bộ Tài chính sớm ban hành hướng dẫn", "Bộ Tài chính", "sớm ban hành"),
        (
            "Sở Văn hóa, Thể thao và Du lịch tổ chức hội thi",
            "Sở Văn hóa, Thể thao và Du lịch",
            "tổ chức",
        ),
        (
            "Công chức Văn phòng - Thống kê theo dõi số liệu",
            "Công chức Văn phòng - Thống kê",
            "theo dõi",
        ),
    ],
)
def test_more_lead_forms(text: str, lead: str, rest: str) -> None:
    clause = parse_lead_clause(text, inherited=False)
    assert clause.lead == lead
    assert text[clause.rest :].startswith(rest)


def test_a_joint_office_and_officials_in_the_plural() -> None:
    assert split_agencies("Văn phòng HĐND và UBND huyện") == ["Văn phòng HĐND và UBND huyện"]
    assert split_agencies("Văn phòng UBND tỉnh và UBND các huyện") == [
        "Văn phòng UBND tỉnh",
        "UBND các huyện",
    ]
    clause = parse_lead_clause(
        "Trưởng các phòng, ban chuyên môn thuộc UBND huyện chỉ đạo công chức", inherited=False
    )
    assert clause.lead == "Trưởng các phòng, ban chuyên môn thuộc UBND huyện"


def test_a_heading_in_capitals_is_not_a_name() -> None:
    assert parse_lead_clause("TỔ CHỨC THỰC HIỆN", inherited=False).lead is None


def test_cooperating_names_end_at_their_verb() -> None:
    clause = parse_lead_clause(
        "Ban Tuyên giáo và Dân vận Tỉnh ủy chủ trì, phối hợp với Báo và Phát thanh, Truyền "
        "hình tỉnh mở chuyên mục",
        inherited=False,
    )
    assert clause.cooperating == ["Báo và Phát thanh, Truyền hình tỉnh"]
    assert split_agencies("Sở Tư pháp; Sở Nội vụ") == ["Sở Tư pháp", "Sở Nội vụ"]


# -- structure -----------------------------------------------------------------------------

_SIGNATURE = "\n\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n\nCHỦ TỊCH\n\nNguyễn Văn An\n"


def test_appendix_after_the_signature_is_read() -> None:
    text = (
        "KẾ HOẠCH\n\nIII. NHIỆM VỤ\n\nCác nhiệm vụ cụ thể được phân công tại Phụ lục kèm theo."
        "\n\nIV. TỔ CHỨC THỰC HIỆN\n\n1. Sở Tài chính bố trí kinh phí thực hiện./."
        + _SIGNATURE
        + "\nPHỤ LỤC\nDANH MỤC NHIỆM VỤ\n\n"
        "| TT | Nhiệm vụ | Đơn vị chủ trì | Thời gian hoàn thành |\n"
        "|---|---|---|---|\n"
        "| 1 | Xây dựng Cổng dữ liệu mở | Sở Khoa học và Công nghệ | Quý IV/2025 |\n"
    )
    got = extract(text, strict=True)
    assert [(t.lead, t.text) for t in got.tasks] == [
        ("Sở Tài chính", "bố trí kinh phí thực hiện."),
        ("Sở Khoa học và Công nghệ", "Xây dựng Cổng dữ liệu mở"),
    ]
    assert got.signer is not None and got.signer.name == "Nguyễn Văn An"


def test_an_appendix_listing_people_holds_no_tasks() -> None:
    text = (
        "QUYẾT ĐỊNH\n\nĐiều 1. Thành lập Ban Chỉ đạo chuyển đổi số tỉnh.\n\n"
        "Điều 2. Ban Chỉ đạo có nhiệm vụ giúp UBND tỉnh chỉ đạo công tác chuyển đổi số.\n\n"
        "Điều 3. Quyết định này có hiệu lực kể từ ngày ký./."
        + _SIGNATURE
        + "\nPHỤ LỤC\nDANH SÁCH THÀNH VIÊN\n\n1. Ông Nguyễn Văn An, Chủ tịch UBND tỉnh.\n"
    )
    assert tasks_of(text) == []


def test_a_plan_attached_to_its_decision_is_read() -> None:
    text = (
        "QUYẾT ĐỊNH\n\nĐiều 1. Ban hành kèm theo Quyết định này Kế hoạch chuyển đổi số.\n\n"
        "Điều 2. Chánh Văn phòng UBND tỉnh, Giám đốc các sở chịu trách nhiệm thi hành "
        "Quyết định này./."
        + _SIGNATURE
        + "\nKẾ HOẠCH\nChuyển đổi số năm 2026\n(Ban hành kèm theo Quyết định số 12/QĐ-UBND)\n\n"
        "I. NHIỆM VỤ\n\n1. Sở Nội vụ tổ chức bồi dưỡng kỹ năng số, hoàn thành trong Quý II/2026.\n"
    )
    got = extract(text, strict=True)
    assert [(t.lead, t.text[:24], t.deadline) for t in got.tasks] == [
        ("Sở Nội vụ", "tổ chức bồi dưỡng kỹ năn", date(2026, 6, 30))
    ]


@pytest.mark.parametrize(
    ("closing", "is_task"),
    [
        ("Yêu cầu các cơ quan, đơn vị nghiêm túc thực hiện./.", False),
        ("Sở Nội vụ đề nghị các cơ quan, đơn vị quan tâm, phối hợp thực hiện./.", False),
        ("Các sở, ban, ngành tổ chức thực hiện Kế hoạch này./.", False),
        ("Các cơ quan báo cáo kết quả về Sở Nội vụ trước ngày 25/11/2025./.", True),
        ("Đề nghị các đơn vị báo cáo kết quả về Công an tỉnh trước ngày 25 hằng tháng./.", True),
        (
            "Thủ trưởng các sở, ban, ngành chịu trách nhiệm trước Chủ tịch UBND tỉnh về kết "
            "quả thực hiện Kế hoạch./.",
            True,
        ),
    ],
)
def test_closing_sentence_or_last_task(closing: str, is_task: bool) -> None:
    text = f"KẾ HOẠCH\n\nIII. TỔ CHỨC THỰC HIỆN\n\n1. Sở Tài chính bố trí kinh phí.\n\n{closing}\n"
    assert len(tasks_of(text)) == (2 if is_task else 1)


def test_unnumbered_headings_before_bullets() -> None:
    text = (
        "THÔNG BÁO\n\nII. NHIỆM VỤ\n\nSở Y tế\n\n- Triển khai bệnh án điện tử.\n"
        "- Kết nối dữ liệu tiêm chủng.\n\nNhiệm vụ khác\n\n* Sở Nội vụ đưa kết quả chuyển "
        "đổi số vào tiêu chí thi đua.\n"
    )
    assert tasks_of(text) == [
        ("Sở Y tế", "Triển khai bệnh án điện tử."),
        ("Sở Y tế", "Kết nối dữ liệu tiêm chủng."),
        ("Sở Nội vụ", "đưa kết quả chuyển đổi số vào tiêu chí thi đua."),
    ]


def test_items_take_the_lead_their_introduction_asks() -> None:
    text = (
        "Kính gửi: UBND các xã, phường.\n\nĐể hoàn thành chỉ tiêu năm 2025, Sở Khoa học và "
        "Công nghệ đề nghị UBND các xã, phường thực hiện một số nội dung sau:\n\n"
        "- Rà soát hồ sơ tiếp nhận trực tiếp.\n- Kiện toàn Tổ Công nghệ số cộng đồng:\n"
        "  + Bổ sung thành viên là đoàn viên thanh niên.\n\nTrân trọng./.\n"
    )
    assert tasks_of(text) == [
        ("UBND các xã, phường", "Rà soát hồ sơ tiếp nhận trực tiếp."),
        ("UBND các xã, phường", "Bổ sung thành viên là đoàn viên thanh niên."),
    ]


def test_topic_labels_and_addressee_headings() -> None:
    text = (
        "KẾ HOẠCH\n\nII. NHIỆM VỤ\n\n1. Phát triển hạ tầng số: Sở Khoa học và Công nghệ chủ "
        "trì, phối hợp với các doanh nghiệp viễn thông phủ sóng 5G.\n\n"
        "2. Đối với UBND các xã, phường\n\na. Kiện toàn Tổ Công nghệ số cộng đồng.\n"
    )
    got = extract(text, strict=True).tasks
    assert [(t.lead, t.cooperating, t.text) for t in got] == [
        ("Sở Khoa học và Công nghệ", ["các doanh nghiệp viễn thông"], "phủ sóng 5G."),
        ("UBND các xã, phường", [], "Kiện toàn Tổ Công nghệ số cộng đồng."),
    ]


def test_roman_numbered_sentences_are_tasks_and_facts_are_not() -> None:
    text = (
        "Trị An, ngày 02 tháng 9 năm 2025\n\nTHÔNG BÁO\n\n"
        "I. Năm 2024, tỷ lệ thanh toán trực tuyến của tỉnh chỉ đạt 28,6%, thấp hơn bình quân.\n\n"
        "II. Trong quý II, các cơ quan, đơn vị đã có nhiều cố gắng.\n\n"
        "III. Ban Chỉ đạo đánh giá cao sự vào cuộc của các cơ quan, đơn vị.\n\n"
        "IV. Tiếp tục đẩy mạnh triển khai hóa đơn điện tử trên địa bàn tỉnh.\n\n"
        "V. Giao Thuế tỉnh tổng hợp kết quả thực hiện, báo cáo UBND tỉnh.\n"
    )
    assert tasks_of(text) == [
        (None, "Tiếp tục đẩy mạnh triển khai hóa đơn điện tử trên địa bàn tỉnh."),
        ("Thuế tỉnh", "tổng hợp kết quả thực hiện, báo cáo UBND tỉnh."),
    ]


def test_an_item_introducing_a_table_is_not_a_task() -> None:
    text = (
        "THÔNG BÁO\n\n1. Để hoàn thành Nền tảng dữ liệu trong năm 2025, giao các cơ quan "
        "thực hiện các nhiệm vụ sau:\n\n"
        "| STT | Nội dung nhiệm vụ | Cơ quan chủ trì | Thời gian hoàn thành |\n"
        "| 1 | Nâng cấp Trung tâm dữ liệu | Sở Khoa học và Công nghệ | Quý III/2025 |\n"
    )
    assert tasks_of(text) == [("Sở Khoa học và Công nghệ", "Nâng cấp Trung tâm dữ liệu")]


# -- targets and figures -------------------------------------------------------------------


def test_target_tables() -> None:
    text = (
        "KẾ HOẠCH\nChuyển đổi số năm 2025\n\nI. CHỈ TIÊU\n\n"
        "| TT | Chỉ tiêu | ĐVT | Thực hiện năm 2024 | Kế hoạch năm 2025 | Kế hoạch năm 2026 |\n"
        "|---|---|---|---|---|---|\n"
        "| 1 | Tỷ trọng kinh tế số trong GRDP | % | 8,9 | ≥ 10 | 12 |\n"
        "| 2 | Số doanh nghiệp công nghệ số | Doanh nghiệp | 310 | 350 | 400 |\n"
    )
    got = extract(text, strict=True)
    assert [
        (t.indicator[:15], t.comparator, float(t.value), t.unit, t.year) for t in got.targets
    ] == [
        ("Tỷ trọng kinh t", "≥", 10.0, "%", 2025),
        ("Tỷ trọng kinh t", "≥", 12.0, "%", 2026),
        ("Số doanh nghiệp", "≥", 350.0, "doanh nghiệp", 2025),
        ("Số doanh nghiệp", "≥", 400.0, "doanh nghiệp", 2026),
    ]
    assert got.tasks == []


def test_targets_take_the_year_opening_their_paragraph_and_start_at_the_qualifier() -> None:
    text = (
        "KẾ HOẠCH\nChuyển đổi số\n\nI. MỤC TIÊU\n\nĐến năm 2030: kinh tế số đạt tối thiểu 20% "
        "GRDP; hoàn thành ít nhất 03 cơ sở dữ liệu chuyên ngành; có ít nhất 05 bài toán "
        "phân tích dữ liệu.\n"
    )
    got = extract(text, strict=True).targets
    assert [(t.indicator[:22], t.year, t.unit) for t in got] == [
        ("kinh tế số đạt tối thi", 2030, "%"),
        ("ít nhất 03 cơ sở dữ li", 2030, "cơ sở dữ liệu"),
        ("ít nhất 05 bài toán ph", 2030, "bài toán"),
    ]


def test_report_figures_from_labels_tables_and_shares() -> None:
    text = (
        "BÁO CÁO\n\n1. Số liệu\n\n- Tổng số hồ sơ tiếp nhận: 318.640 hồ sơ, trong đó trực "
        "tuyến 251.725 hồ sơ, đạt 79,0%.\n- Toàn tỉnh có 4.215 doanh nghiệp sử dụng hóa đơn "
        "điện tử.\n\n| STT | Cấp | Đơn vị tính | Kết quả | Tỷ lệ (%) |\n"
        "|---|---|---|---|---|\n| 1 | Cấp tỉnh | Hồ sơ | 102.455 | 93,04 |\n"
    )
    got = [(f.label, float(f.value), f.unit) for f in extract(text, strict=True).figures]
    assert ("Tổng số hồ sơ tiếp nhận", 318640.0, "hồ sơ") in got
    assert ("trực tuyến (tỷ lệ)", 79.0, "%") in got
    assert any(v == 4215 and "hóa đơn điện tử" in label for label, v, _ in got)
    assert ("Cấp tỉnh - Kết quả", 102455.0, "hồ sơ") in got
    assert ("Cấp tỉnh - Tỷ lệ (%)", 93.04, "%") in got


# -- header and files ----------------------------------------------------------------------


def test_header_run_together_by_a_pdf() -> None:
    text = (
        "ỦY BAN NHÂN DÂN TỈNH TRỊ NAM Số: 287/TB-UBND CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM "
        "Độc lập - Tự do - Hạnh phúc Trị Nam, ngày 15 tháng 8 năm 2025 THÔNG BÁO Kết luận "
        "của Phó Chủ tịch UBND tỉnh\n\n1. Sở Y tế triển khai bệnh án điện tử.\n"
    )
    got = extract(text, strict=True)
    assert (got.number, got.date, got.issuer) == (
        "287/TB-UBND",
        date(2025, 8, 15),
        "UBND tỉnh Trị Nam",
    )


def test_issuer_of_an_office_and_of_a_numbered_programme() -> None:
    text = (
        "UBND TỈNH SƠN ĐÔNG\nVĂN PHÒNG\n\nSố: 31/VP-KGVX\n\nSơn Đông, ngày 02 tháng 10 năm 2025\n"
    )
    assert extract(text, strict=True).issuer == "Văn phòng UBND tỉnh Sơn Đông"
    assert prettify_org("BAN CHỈ ĐẠO ĐỀ ÁN 06") == "Ban Chỉ đạo Đề án 06"


def test_a_cell_merged_down_repeats_its_value() -> None:
    document = docx.Document()
    table = document.add_table(rows=3, cols=3)
    for r, row in enumerate(
        [
            ("Nội dung", "Đơn vị chủ trì", "Thời gian"),
            ("Nâng cấp hệ thống", "Sở A", "Quý III/2025"),
            ("Cấp chứng thư số", "", "Quý IV/2025"),
        ]
    ):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    table.cell(1, 1).merge(table.cell(2, 1))
    buffer = io.BytesIO()
    document.save(buffer)
    text = read_text(buffer.getvalue(), "a.docx")
    assert "| Cấp chứng thư số | Sở A | Quý IV/2025 |" in text


def test_a_long_document_is_read_in_well_under_a_second() -> None:
    parts = [p.read_text(encoding="utf-8") for p in sorted(DOCUMENTS.glob("**/*.txt"))]
    body = "\n\n".join(parts).replace("Nơi nhận", "Nơi gửi").replace("./.", ".")
    text = (body * (150_000 // len(body) + 1))[:150_000]
    started = time.perf_counter()
    extract(text, strict=True)
    assert time.perf_counter() - started < 2.0  # about 0.3 s on a laptop; slack for CI
