"""The rules one by one: deadlines, agency names, comparators, the command line."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from dieuhanh.core.extraction import extract
from dieuhanh.core.extraction.agencies import (
    explicit_lead,
    find_cooperating,
    parse_lead_clause,
    split_agencies,
)
from dieuhanh.core.extraction.cli import main
from dieuhanh.core.extraction.deadlines import find_deadline, is_recurring
from dieuhanh.core.extraction.header import prettify_org
from dieuhanh.core.extraction.targets import comparator_before
from dieuhanh.core.extraction.tests.conftest import DOCUMENTS

REF = date(2024, 10, 1)


@pytest.mark.parametrize(
    ("text", "iso", "phrase"),
    [
        (
            "hoàn thành trình UBND tỉnh chậm nhất là 15/10/2024.",
            "2024-10-15",
            "chậm nhất là 15/10/2024",
        ),
        ("ban hành trước ngày 04/02/2023 để", "2023-02-04", "trước ngày 04/02/2023"),
        ("Thời gian hoàn thành trước ngày 04/2/2022.", "2022-02-04", "trước ngày 04/2/2022"),
        ("hoàn thành trong tháng 6/2023", "2023-06-30", "trong tháng 6/2023"),
        ("hoàn thành trong tháng 2/2024", "2024-02-29", "trong tháng 2/2024"),
        ("triển khai trong quý IV/2024", "2024-12-31", "trong quý IV/2024"),
        ("hoàn thành trong Quý II năm 2025", "2025-06-30", "trong Quý II năm 2025"),
        ("báo cáo trước 30/6", "2025-06-30", "trước 30/6"),  # 30/6/2024 has passed
        ("báo cáo trước 31/12", "2024-12-31", "trước 31/12"),
        ("Triển khai X trong năm 2024.", "2024-12-31", "trong năm 2024"),
        ("Thời gian hoàn thành: tháng 12/2024", "2024-12-31", "tháng 12/2024"),
        ("Hạn hoàn thành: 30/11/2024", "2024-11-30", "30/11/2024"),
        ("Tiến độ: Quý I/2025", "2025-03-31", "Quý I/2025"),
        ("hoàn thành trước tháng 6/2025", "2025-05-31", "trước tháng 6/2025"),
        ("hoàn thành trước quý III/2025", "2025-06-30", "trước quý III/2025"),
        ("Triển khai trong 6 tháng đầu năm 2025.", "2025-06-30", "trong 6 tháng đầu năm 2025"),
        ("gửi trước ngày 30 tháng 11 năm 2024", "2024-11-30", "trước ngày 30 tháng 11 năm 2024"),
        ("hoàn thành năm 2025", "2025-12-31", "năm 2025"),
        ("đến hết năm 2025", "2025-12-31", "đến hết năm 2025"),
        ("trình **trước ngày 04/02/2023**", "2023-02-04", "trước ngày 04/02/2023"),
    ],
)
def test_deadlines(text: str, iso: str, phrase: str) -> None:
    found = find_deadline(text.replace("*", ""), REF)
    assert found is not None
    assert (found.date.isoformat() if found.date else None, found.text) == (iso, phrase)


@pytest.mark.parametrize(
    "text",
    [
        "theo Chỉ thị số 34/CT-TTg ngày 16/9/2024 về xây dựng đề án",
        "hoàn thành nhiệm vụ, mục tiêu đã đề ra trong năm 2024 và giai đoạn 2021 - 2025",
        "mục tiêu đã đề ra trong năm 2024.",
        "Trong năm 2023, thống nhất bố trí khoảng 100 tỷ đồng",
        "Ngay từ đầu năm 2023 cần chấn chỉnh kỷ luật",
        "Thường xuyên cập nhật dữ liệu",
    ],
)
def test_not_deadlines(text: str) -> None:
    assert find_deadline(text, REF) is None


def test_impossible_date_is_kept_as_text_without_a_date() -> None:
    found = find_deadline("chậm nhất ngày 31/6/2024", REF)
    assert found is not None and found.date is None and found.text == "chậm nhất ngày 31/6/2024"


def test_no_year_and_no_reference_gives_no_date() -> None:
    found = find_deadline("trước 30/6", None)
    assert found is not None and found.date is None


@pytest.mark.parametrize(
    ("cell", "iso"),
    [
        ("Quý IV/2024", "2024-12-31"),
        ("30/6/2024", "2024-06-30"),
        ("Năm 2025", "2025-12-31"),
        ("Tháng 3/2025", "2025-03-31"),
        ("Trước 30/9/2025", "2025-09-30"),
    ],
)
def test_deadline_cells(cell: str, iso: str) -> None:
    found = find_deadline(cell, REF, bare=True)
    assert found is not None and found.date is not None and found.date.isoformat() == iso


def test_recurring() -> None:
    assert is_recurring("Thường xuyên")
    assert is_recurring("báo cáo định kỳ hằng quý")
    assert not is_recurring("hoàn thành trong quý II/2025")


@pytest.mark.parametrize(
    ("text", "inherited", "lead", "cooperating", "rest"),
    [
        (
            "Các sở, ban, ngành, UBND các huyện, thành phố khẩn trương rà soát",
            False,
            "Các sở, ban, ngành, UBND các huyện, thành phố",
            [],
            "khẩn trương rà soát",
        ),
        (
            "Sở Thông tin và Truyền thông chủ trì, phối hợp với các cơ quan liên quan:",
            False,
            "Sở Thông tin và Truyền thông",
            ["các cơ quan liên quan"],
            "",
        ),
        (
            "Giao Sở Tài chính chủ trì, phối hợp với Sở Thông tin và Truyền thông, Sở Kế hoạch và "
            "Đầu tư, các cơ quan, đơn vị, địa phương liên quan rà soát, tham mưu",
            False,
            "Sở Tài chính",
            [
                "Sở Thông tin và Truyền thông",
                "Sở Kế hoạch và Đầu tư",
                "các cơ quan, đơn vị, địa phương liên quan",
            ],
            "rà soát, tham mưu",
        ),
        (
            "Sở Y tế: chủ trì triển khai bệnh án điện tử",
            False,
            "Sở Y tế",
            [],
            "chủ trì triển khai bệnh án điện tử",
        ),
        ("Công an tỉnh điều tra, xử lý", False, "Công an tỉnh", [], "điều tra, xử lý"),
        (
            "Sở Khoa học và Công nghệ có trách nhiệm hướng dẫn các xã",
            False,
            "Sở Khoa học và Công nghệ",
            [],
            "hướng dẫn các xã",
        ),
        (
            "Thủ trưởng các sở chịu trách nhiệm trước Chủ tịch UBND tỉnh",
            False,
            "Thủ trưởng các sở",
            [],
            "chịu trách nhiệm trước Chủ tịch UBND tỉnh",
        ),
        (
            "Sở Thông tin và Truyền thông (cơ quan thường trực) đôn đốc các thành viên",
            False,
            "Sở Thông tin và Truyền thông",
            [],
            "đôn đốc các thành viên",
        ),
        (
            "Đề nghị Thường trực HĐND tỉnh thống nhất việc xây dựng",
            True,
            None,
            [],
            "Đề nghị Thường trực HĐND tỉnh thống nhất việc xây dựng",
        ),
        ("Đề nghị Công an tỉnh tăng cường", False, "Công an tỉnh", [], "tăng cường"),
        ("Tăng cường công tác tập huấn", False, None, [], "Tăng cường công tác tập huấn"),
        ("Thanh tra, kiểm tra việc thực hiện", False, None, [], "Thanh tra, kiểm tra"),
        (
            "Tất cả các cuộc họp UBND tỉnh về chuyển đổi số phải được kết nối",
            True,
            None,
            [],
            "Tất cả các cuộc họp",
        ),
        ("Báo cáo kết quả về Sở Tài chính", False, None, [], "Báo cáo kết quả"),
    ],
)
def test_lead_clause(
    text: str, inherited: bool, lead: str | None, cooperating: list[str], rest: str
) -> None:
    clause = parse_lead_clause(text, inherited=inherited)
    assert clause.lead == lead
    assert clause.cooperating == cooperating
    assert text[clause.rest :].startswith(rest)


def test_group_names_stay_whole_when_split() -> None:
    assert split_agencies("Văn phòng UBND tỉnh, UBND các huyện, thị xã, thành phố") == [
        "Văn phòng UBND tỉnh",
        "UBND các huyện, thị xã, thành phố",
    ]
    assert split_agencies("Sở Tài chính và Sở Kế hoạch và Đầu tư") == [
        "Sở Tài chính",
        "Sở Kế hoạch và Đầu tư",
    ]


def test_cooperating_inside_the_text() -> None:
    assert find_cooperating(
        "tích cực phối hợp với Sở Thông tin và Truyền thông trong việc xây dựng"
    ) == ["Sở Thông tin và Truyền thông"]
    assert find_cooperating("phối hợp chặt chẽ với Bộ Công an triển khai") == ["Bộ Công an"]


def test_stated_leads() -> None:
    clause = explicit_lead("Xây dựng kế hoạch (Sở Nội vụ chủ trì, phối hợp với Sở Tài chính).")
    assert clause is not None and (clause.lead, clause.cooperating) == (
        "Sở Nội vụ",
        ["Sở Tài chính"],
    )
    clause = explicit_lead("Rà soát quy chế (Sở Nội vụ, Văn phòng UBND tỉnh).")
    assert clause is not None and clause.lead == "Sở Nội vụ, Văn phòng UBND tỉnh"
    assert explicit_lead("Rà soát quy chế (theo Nghị định số 30/2020/NĐ-CP).") is None


@pytest.mark.parametrize(
    ("caps", "pretty"),
    [
        ("ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI", "UBND tỉnh Quảng Ngãi"),
        ("SỞ KẾ HOẠCH VÀ ĐẦU TƯ", "Sở Kế hoạch và Đầu tư"),
        ("SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", "Sở Lao động - Thương binh và Xã hội"),
        ("BAN CHỈ ĐẠO CHUYỂN ĐỔI SỐ", "Ban Chỉ đạo chuyển đổi số"),
        (
            "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG TỈNH BÌNH NGUYÊN",
            "Trung tâm Phục vụ hành chính công tỉnh Bình Nguyên",
        ),
        ("TỈNH ỦY AN PHÚ", "Tỉnh ủy An Phú"),
    ],
)
def test_prettify_issuer(caps: str, pretty: str) -> None:
    assert prettify_org(caps) == pretty


@pytest.mark.parametrize(
    ("prefix", "suffix", "comparator"),
    [
        ("tỷ lệ hồ sơ đạt", "", "≥"),
        ("tối thiểu", "", "≥"),
        ("ít nhất", "", "≥"),
        ("đạt tối thiểu trên", "", ">"),
        ("không dưới", "", "≥"),
        ("tỷ lệ hồ sơ quá hạn không quá", "", "≤"),
        ("tối đa", "", "≤"),
        ("dưới", "", "≤"),
        ("giảm xuống còn", "", "≤"),
        ("chiếm", " trở lên", "≥"),
        ("", "", "≥"),
    ],
)
def test_comparators(prefix: str, suffix: str, comparator: str) -> None:
    assert comparator_before(prefix, suffix) == comparator


def test_targets_in_a_plain_list() -> None:
    text = (
        "KẾ HOẠCH\nChuyển đổi số năm 2026\n\nII. MỤC TIÊU\n\n"
        "- Phấn đấu 95% hồ sơ được số hóa.\n"
        "- Tỷ lệ hồ sơ giải quyết quá hạn dưới 1,5%.\n"
        "- Có ít nhất 1.543 dịch vụ công trực tuyến toàn trình.\n"
    )
    got = extract(text, strict=True)
    assert got.kind == "plan"
    assert [(t.comparator, float(t.value), t.unit, t.year) for t in got.targets] == [
        ("≥", 95.0, "%", 2026),
        ("≤", 1.5, "%", 2026),
        ("≥", 1543.0, "dịch vụ công trực tuyến", 2026),
    ]


def test_signature_without_distribution_list() -> None:
    text = (
        "THÔNG BÁO\n\nIII. NHIỆM VỤ\n"
        "1. Sở Y tế triển khai bệnh án điện tử, hoàn thành trong quý IV/2025\n"
        "2. Sở Tài chính bố trí kinh phí\n"
        "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nNguyễn Văn An\n"
    )
    got = extract(text, strict=True)
    assert [(t.lead, t.text) for t in got.tasks] == [
        ("Sở Y tế", "triển khai bệnh án điện tử, hoàn thành trong quý IV/2025"),
        ("Sở Tài chính", "bố trí kinh phí"),
    ]
    assert got.signer is not None
    assert (got.signer.name, got.signer.title) == ("Nguyễn Văn An", "PHÓ CHỦ TỊCH")


def test_cli_prints_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = DOCUMENTS / "notice_khanh_an.txt"
    assert main([str(source), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["number"] == "512/TB-UBND"
    assert len(data["tasks"]) == 8
    assert main([str(source)]) == 0
    assert "Sở Tài chính" in capsys.readouterr().out
    bad = tmp_path / "scan.pdf"
    bad.write_bytes(b"%PDF-1.4 nothing")
    assert main([str(bad)]) == 2
    assert "PDF" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("line", "lead", "cooperating"),
    [
        (
            "1. Sở Khoa học và Công nghệ chủ trì, phối hợp với Văn phòng Ủy ban nhân dân "
            "tỉnh hoàn thiện Kiến trúc chính quyền số, trước ngày 15/12/2026.",
            "Sở Khoa học và Công nghệ",
            ["Văn phòng Ủy ban nhân dân tỉnh"],
        ),
        (
            "2. Văn phòng Ủy ban nhân dân tỉnh chủ trì, phối hợp với Sở Nội vụ rà soát quy "
            "chế, trước ngày 15/12/2026.",
            "Văn phòng Ủy ban nhân dân tỉnh",
            ["Sở Nội vụ"],
        ),
        (
            "3. Đề nghị Thường trực Hội đồng nhân dân tỉnh giám sát việc thực hiện.",
            "Thường trực Hội đồng nhân dân tỉnh",
            [],
        ),
    ],
)
def test_a_body_named_in_full_inside_another_name(
    line: str, lead: str, cooperating: list[str]
) -> None:
    """QA: "phối hợp với Văn phòng Ủy ban nhân dân tỉnh hoàn thiện…" gave the
    cooperating unit "Văn phòng Ủy ban" and the task "nhân dân tỉnh hoàn thiện…"."""
    extraction = extract(f"ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN\nTHÔNG BÁO\n{line}\n")
    [task] = extraction.tasks
    assert (task.lead, list(task.cooperating)) == (lead, cooperating)
    assert not task.text.startswith("nhân dân")
