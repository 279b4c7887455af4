"""Word documents of the blind set, built with python-docx the way Word saves them.

The list numbers ("1.", "a)", "-") are Word's automatic numbering: they are not in the
paragraphs' text, only in the numbering definitions, so the reader has to write them
out. One numbering instance is reused across sections, as happens when an official
copies a list from an older notice: its numbers run on (1, 2, 3 … 4) instead of
restarting under the next heading.
"""

from __future__ import annotations

import io
from collections.abc import Callable

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

__all__ = ["BUILDERS"]


def _numbering(document: docx.document.Document) -> str:
    """Add a three-level list (``1.`` / ``a)`` / ``-``) and return its numId."""
    numbering = document.part.numbering_part.element
    abstract = OxmlElement("w:abstractNum")
    abstract.set(qn("w:abstractNumId"), "90")
    levels = (("decimal", "%1."), ("lowerLetter", "%2)"), ("bullet", "-"))
    for ilvl, (fmt, text) in enumerate(levels):
        lvl = OxmlElement("w:lvl")
        lvl.set(qn("w:ilvl"), str(ilvl))
        start = OxmlElement("w:start")
        start.set(qn("w:val"), "1")
        num_fmt = OxmlElement("w:numFmt")
        num_fmt.set(qn("w:val"), fmt)
        lvl_text = OxmlElement("w:lvlText")
        lvl_text.set(qn("w:val"), text)
        lvl.extend([start, num_fmt, lvl_text])
        abstract.append(lvl)
    # abstractNum elements must precede num elements.
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), "90")
    ref = OxmlElement("w:abstractNumId")
    ref.set(qn("w:val"), "90")
    num.append(ref)
    numbering.append(num)
    return "90"


def _listed(document: docx.document.Document, text: str, num_id: str, level: int) -> None:
    p = document.add_paragraph(text)
    p_pr = p._p.get_or_add_pPr()
    num_pr = OxmlElement("w:numPr")
    ilvl = OxmlElement("w:ilvl")
    ilvl.set(qn("w:val"), str(level))
    nid = OxmlElement("w:numId")
    nid.set(qn("w:val"), num_id)
    num_pr.extend([ilvl, nid])
    p_pr.append(num_pr)


def _header(document: docx.document.Document, left: list[str], right: list[str]) -> None:
    table = document.add_table(rows=1, cols=2)
    for cell, lines in zip(table.rows[0].cells, (left, right), strict=True):
        cell.paragraphs[0].text = lines[0]
        for line in lines[1:]:
            cell.add_paragraph(line)


def _save(document: docx.document.Document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def build_ha_lam() -> bytes:
    """A conclusion notice of a fictional province typed in Word with automatic lists."""
    d = docx.Document()
    d.styles["Normal"].font.size = Pt(13)
    num = _numbering(d)
    _header(
        d,
        ["ỦY BAN NHÂN DÂN", "TỈNH HÀ LAM", "Số: 88/TB-UBND"],
        [
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "Hà Lam, ngày 06 tháng 5 năm 2025",
        ],
    )
    d.add_paragraph("THÔNG BÁO")
    d.add_paragraph(
        "Kết luận của Phó Chủ tịch UBND tỉnh Tạ Quang Minh tại cuộc họp về tiến độ "
        "triển khai các nền tảng số dùng chung của tỉnh"
    )
    d.add_paragraph(
        "Ngày 29/4/2025, Phó Chủ tịch UBND tỉnh Tạ Quang Minh chủ trì cuộc họp về tiến độ "
        "triển khai các nền tảng số dùng chung. Sau khi nghe Sở Khoa học và Công nghệ báo "
        "cáo và ý kiến của các đại biểu, Phó Chủ tịch UBND tỉnh kết luận như sau:"
    )
    d.add_paragraph("I. KẾT QUẢ ĐẠT ĐƯỢC")
    d.add_paragraph(
        "Nền tảng tích hợp, chia sẻ dữ liệu của tỉnh đã kết nối 21 hệ thống thông tin; "
        "100% văn bản đi của cơ quan cấp tỉnh được ký số. Tuy nhiên, hạ tầng tại Bộ phận "
        "Một cửa cấp xã còn thiếu, chưa đáp ứng yêu cầu."
    )
    d.add_paragraph("II. NHIỆM VỤ THỜI GIAN TỚI")
    _listed(d, "Sở Khoa học và Công nghệ:", num, 0)
    _listed(
        d,
        "Hoàn thiện Nền tảng tích hợp, chia sẻ dữ liệu của tỉnh, kết nối với Nền tảng "
        "quốc gia trong tháng 6/2025;",
        num,
        1,
    )
    _listed(d, "Hướng dẫn các cơ quan triển khai chữ ký số trên thiết bị di động.", num, 1)
    _listed(
        d,
        "Văn phòng UBND tỉnh chủ trì, phối hợp với Sở Nội vụ rà soát chế độ báo cáo định "
        "kỳ, đề xuất cắt giảm báo cáo giấy; hoàn thành trước ngày 30/6/2025.",
        num,
        0,
    )
    _listed(d, "UBND các xã, phường:", num, 0)
    _listed(d, "Bố trí máy tính, máy quét tại Bộ phận Một cửa;", num, 2)
    _listed(
        d,
        "Tổ chức hướng dẫn người dân nộp hồ sơ trực tuyến tại nhà văn hóa thôn, tổ dân phố.",
        num,
        2,
    )
    d.add_paragraph("III. TỔ CHỨC THỰC HIỆN")
    _listed(
        d,
        "Giao Văn phòng UBND tỉnh theo dõi, đôn đốc, báo cáo kết quả trước ngày 15/12/2025.",
        num,
        0,
    )
    d.add_paragraph("UBND tỉnh thông báo để các cơ quan, đơn vị biết, thực hiện./.")
    sig = d.add_table(rows=1, cols=2)
    left, right = sig.rows[0].cells
    left.paragraphs[0].text = "Nơi nhận:"
    for line in ("- CT, các PCT UBND tỉnh;", "- Các sở, ban, ngành tỉnh;", "- Lưu: VT, KGVX."):
        left.add_paragraph(line)
    right.paragraphs[0].text = "TL. CHỦ TỊCH"
    for line in ("KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG", "", "Đoàn Thị Mỹ"):
        right.add_paragraph(line)
    return _save(d)


def build_kon_lam() -> bytes:
    """A plan whose tasks are in a Word table: a group row merged across all columns,
    a lead cell merged down over two rows, and cells with two paragraphs."""
    d = docx.Document()
    d.styles["Normal"].font.size = Pt(13)
    _header(
        d,
        ["ỦY BAN NHÂN DÂN", "TỈNH KON LÂM", "Số: 214/KH-UBND"],
        [
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "Kon Lâm, ngày 22 tháng 8 năm 2025",
        ],
    )
    d.add_paragraph("KẾ HOẠCH")
    d.add_paragraph("Triển khai nền tảng số phục vụ chính quyền địa phương hai cấp năm 2025")
    d.add_paragraph("I. MỤC TIÊU")
    d.add_paragraph(
        "Đến hết năm 2025, 100% xã, phường sử dụng Hệ thống quản lý văn bản và điều hành "
        "liên thông; tỷ lệ văn bản điện tử được ký số đạt trên 95%."
    )
    d.add_paragraph("II. NHIỆM VỤ CỤ THỂ")
    rows = [
        ("TT", "Nội dung", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian hoàn thành"),
        ("I", "NỀN TẢNG DÙNG CHUNG", None, None, None),
        (
            "1",
            "Nâng cấp Hệ thống quản lý văn bản và điều hành cho các xã, phường mới\n"
            "Bảo đảm liên thông với Trục liên thông văn bản quốc gia",
            "Sở Khoa học và Công nghệ",
            "VNPT Kon Lâm",
            "Tháng 9/2025",
        ),
        (
            "2",
            "Cấp chứng thư số cho cán bộ, công chức cấp xã",
            "",  # merged with the row above
            "Ban Cơ yếu Chính phủ",
            "Quý IV/2025",
        ),
        ("II", "DỮ LIỆU", None, None, None),
        (
            "3",
            "Chuyển đổi dữ liệu hộ tịch, đất đai của các xã cũ sang xã mới",
            "UBND các xã, phường",
            "Sở Tư pháp; Sở Nông nghiệp và Môi trường",
            "Trước 31/10/2025",
        ),
    ]
    table = d.add_table(rows=len(rows), cols=5)
    for r, row in enumerate(rows):
        if row[2] is None:
            merged = table.cell(r, 1).merge(table.cell(r, 4))
            table.cell(r, 0).text = row[0]
            merged.text = row[1]
            continue
        for c, value in enumerate(row):
            cell = table.cell(r, c)
            parts = (value or "").split("\n")
            cell.paragraphs[0].text = parts[0]
            for extra in parts[1:]:
                cell.add_paragraph(extra)
    table.cell(2, 2).merge(table.cell(3, 2))  # one lead for rows 1 and 2
    d.add_paragraph("III. TỔ CHỨC THỰC HIỆN")
    d.add_paragraph(
        "Sở Khoa học và Công nghệ theo dõi, tổng hợp kết quả, báo cáo UBND tỉnh trước ngày "
        "20/12/2025./."
    )
    sig = d.add_table(rows=1, cols=2)
    left, right = sig.rows[0].cells
    left.paragraphs[0].text = "Nơi nhận:"
    for line in ("- Như trên;", "- Lưu: VT, KGVX."):
        left.add_paragraph(line)
    right.paragraphs[0].text = "TM. ỦY BAN NHÂN DÂN"
    for line in ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "", "A Tuấn"):
        right.add_paragraph(line)
    return _save(d)


def build_tan_phu() -> bytes:
    """A plan typed in Word: a target table, then agency names in bold as automatically
    numbered headings with their tasks as automatic bullets below them."""
    d = docx.Document()
    d.styles["Normal"].font.size = Pt(13)
    num = _numbering(d)
    _header(
        d,
        ["ỦY BAN NHÂN DÂN", "TỈNH TÂN PHÚ", "Số: 12/KH-UBND"],
        [
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "Tân Phú, ngày 15 tháng 01 năm 2026",
        ],
    )
    d.add_paragraph("KẾ HOẠCH")
    d.add_paragraph("Bảo đảm an toàn thông tin mạng tỉnh Tân Phú năm 2026")
    d.add_paragraph("I. CHỈ TIÊU")
    rows = [
        ("STT", "Chỉ tiêu", "Đơn vị tính", "Năm 2026"),
        ("1", "Hệ thống thông tin được phê duyệt cấp độ", "%", "100"),
        ("2", "Cán bộ, công chức được tập huấn kỹ năng an toàn thông tin", "Người", "1.500"),
    ]
    table = d.add_table(rows=len(rows), cols=4)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    d.add_paragraph("II. NHIỆM VỤ")
    p = d.add_paragraph()
    p.add_run("Sở Khoa học và Công nghệ").bold = True
    p_pr = p._p.get_or_add_pPr()
    num_pr = OxmlElement("w:numPr")
    ilvl = OxmlElement("w:ilvl")
    ilvl.set(qn("w:val"), "0")
    nid = OxmlElement("w:numId")
    nid.set(qn("w:val"), num)
    num_pr.extend([ilvl, nid])
    p_pr.append(num_pr)
    _listed(
        d,
        "Vận hành Trung tâm giám sát an toàn thông tin tập trung, kết nối với hệ thống "
        "của Bộ Công an và Bộ Khoa học và Công nghệ.",
        num,
        2,
    )
    _listed(
        d,
        "Tổ chức diễn tập thực chiến an toàn thông tin (hoàn thành trong Quý III/2026).",
        num,
        2,
    )
    _listed(
        d,
        "Công an tỉnh chủ trì điều tra, xử lý các hành vi tấn công mạng vào hệ thống "
        "thông tin của các cơ quan nhà nước trên địa bàn tỉnh.",
        num,
        0,
    )
    _listed(
        d,
        "Các sở, ban, ngành, UBND các xã, phường hoàn thành phê duyệt cấp độ cho các hệ "
        "thống thông tin thuộc phạm vi quản lý trước ngày 30/6/2026.",
        num,
        0,
    )
    d.add_paragraph("UBND tỉnh yêu cầu các cơ quan, đơn vị nghiêm túc triển khai thực hiện./.")
    sig = d.add_table(rows=1, cols=2)
    left, right = sig.rows[0].cells
    left.paragraphs[0].text = "Nơi nhận:"
    left.add_paragraph("- Lưu: VT, KGVX.")
    right.paragraphs[0].text = "TM. ỦY BAN NHÂN DÂN"
    for line in ("CHỦ TỊCH", "", "Mông Văn Khánh"):
        right.add_paragraph(line)
    return _save(d)


BUILDERS: dict[str, Callable[[], bytes]] = {
    "ha_lam": build_ha_lam,
    "kon_lam": build_kon_lam,
    "tan_phu": build_tan_phu,
}
