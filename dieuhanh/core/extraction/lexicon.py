"""Word lists of Vietnamese administrative writing.

They are data, kept apart from the rules that use them, so that a missed verb or agency
head can be added without touching the logic. All entries are lower case, NFC.
"""

from __future__ import annotations

import re


def _phrases(text: str) -> frozenset[tuple[str, ...]]:
    return frozenset(tuple(p.split()) for p in (s.strip() for s in text.split("|")) if p)


# Words that begin a predicate. An agency name ends where one of these begins (in lower
# case: a capitalised "Xây dựng" is part of "Sở Xây dựng"). Multi-word entries first
# matter only for readability; matching tries the longest entry.
VERBS = _phrases(
    """
    chủ trì | phối hợp | có trách nhiệm | chịu trách nhiệm | là cơ quan | làm đầu mối |
    là đầu mối | khẩn trương | tiếp tục | tập trung | thực hiện | triển khai | tổ chức |
    xây dựng | rà soát | tham mưu | hướng dẫn | chỉ đạo | đôn đốc | kiểm tra | theo dõi |
    tăng cường | đẩy mạnh | nghiên cứu | đề xuất | báo cáo | tổng hợp | hoàn thành |
    hoàn thiện | ban hành | bố trí | cân đối | đảm bảo | bảo đảm | quán triệt | nghiêm túc |
    quan tâm | chủ động | kịp thời | thường xuyên | cập nhật | cung cấp | công khai |
    nâng cao | duy trì | cử | lựa chọn | tuyên truyền | vận động | ưu tiên | sớm | cần |
    phải | trình | lập | căn cứ | khắc phục | chấn chỉnh | số hóa | số hoá | kết nối |
    tích hợp | nâng cấp | vận hành | giám sát | đánh giá | thẩm định | phê duyệt |
    chuẩn bị | bổ sung | sửa đổi | điều chỉnh | hỗ trợ | đào tạo | bồi dưỡng | tập huấn |
    phổ biến | phát động | tiến hành | làm việc | làm rõ | xem xét | xử lý | giải quyết |
    thu hồi | mua sắm | thanh toán | thống kê | khảo sát | đăng ký | ký kết | ứng dụng |
    sử dụng | khai thác | chia sẻ | đồng bộ | liên thông | đề nghị | yêu cầu | giao |
    được giao | được | đã | đang | sẽ | không | chưa | phân công | hoàn chỉnh | biên soạn |
    dự thảo | soạn thảo | thành lập | kiện toàn | cài đặt | tích cực | quyết liệt | gửi |
    nộp | tiếp nhận | phấn đấu | bám sát | huy động | lồng ghép | thúc đẩy | nhân rộng |
    tăng | giảm | ngăn chặn | khẩn | trực tiếp | chủ động | phát huy | rà | phát triển |
    tận dụng | đề ra | xác định | quy định | tổ chức thực hiện | truyền thông | hoàn tất |
    tổng kết | sơ kết | thông báo | mở | đưa | bàn giao | chuyển giao | tiếp thu |
    nghiêm | lãnh đạo | quản lý | điều hành | phục vụ | bảo vệ | phòng ngừa | đầu tư |
    thu thập | tạo lập | chuẩn hóa | chuẩn hoá | làm sạch | rà soát lại | hướng tới |
    có | là | làm | tham gia | tham dự | cho | phân bổ | giải ngân | thẩm tra |
    chịu | đáp ứng | hoàn thành xong | theo | thống nhất | tiếp tục thực hiện | kêu gọi |
    khuyến khích | tuyên dương | khen thưởng | xử lý nghiêm | đồng thời | góp phần |
    nỗ lực | quyết tâm | rà soát, | trực tiếp chỉ đạo | hoàn thành tốt | chấp hành |
    lắp đặt | phủ sóng | miễn | miễn giảm | gỡ bỏ | kích hoạt | công bố | cấu hình |
    đẩy nhanh | giải trình | cảnh báo | phát hiện | niêm yết | đăng tải | lưu trữ | xác thực |
    sao lưu | bảo trì | rút ngắn | cắt giảm | giảm thiểu | tiết kiệm | nhắc nhở | phê bình |
    kỷ luật | xếp loại | chấm điểm | mở rộng | áp dụng | cải thiện | cải tiến |
    tái cấu trúc | sắp xếp | thay đổi | thay thế | bãi bỏ | trả lời | phản hồi | góp ý |
    lấy ý kiến | quyết toán | tuyển dụng | thu hút | hợp tác | liên kết | mời |
    tạo điều kiện | hình thành | bắt đầu | kết thúc | cam kết | trao đổi | học tập |
    chú trọng | coi trọng | vận dụng | ký | ký số | phổ cập | nhân | gắn | gắn kết |
    hoàn thiện lại | rà soát, bổ sung | dừng | tạm dừng | đóng | hủy | huỷ | điều tra |
    truy cập | đăng nhập | nhập | nhập liệu | cập nhật lại | số hóa lại | chuyển tiếp
    """
)

# Words after which an agency name does not go on.
PREPOSITIONS = frozenset(
    [
        "trong",
        "về",
        "để",
        "theo",
        "tại",
        "nhằm",
        "khi",
        "đến",
        "với",
        "từ",
        "bằng",
        "do",
        "qua",
        "như",
        "nếu",
        "thì",
        "mà",
        "gồm",
        "sau",
        "trước",
        "ngay",
        "trên",
        "dưới",
        "giữa",
        "vào",
        "ra",
        "lên",
        "bởi",
        "nên",
        "vì",
        "hoặc",
        "cùng",
        "kể",
        "đối",
    ]
)

# Lower-case words allowed to continue a name even though they also appear above.
NAME_CONTINUATIONS = {
    ("có", "liên", "quan"),
    ("trên", "địa", "bàn"),
    # "Văn phòng Ủy ban nhân dân tỉnh", "Thường trực Hội đồng nhân dân tỉnh": the full
    # name of a body inside another's (QA: cut to "Văn phòng Ủy ban").
    ("nhân", "dân"),
}

# Compound heads whose second word is a lower-case "verb" that belongs to the name.
COMPOUND_HEADS = _phrases(
    """
    ban chỉ đạo | ban quản lý | ban điều hành | tổ công tác | tổ giúp việc | tổ chỉ đạo |
    trung tâm phục vụ | trung tâm điều hành | trung tâm giám sát | cơ quan thường trực |
    ban thường vụ | ban tuyên giáo | ban dân vận | ban tổ chức | ban nội chính |
    hội đồng thẩm định | tổ thẩm định | tổ kiểm tra | đoàn kiểm tra | đoàn công tác
    """
)

# Heads that name an agency by themselves and may be followed by anything.
HEADS_ANY = _phrases(
    """
    ubnd | hđnd | ubmttq | mttq | bcđ | bqlda | bql | bhxh | vnpt | viettel | mobifone |
    vpub | tand | vksnd | sở tt&tt | sở kh&đt | sở kh&cn | sở gd&đt | sở lđtb&xh |
    ủy ban nhân dân | uỷ ban nhân dân | hội đồng nhân dân | công an | kho bạc | cục thuế |
    cục hải quan | cục thống kê | chi cục thuế | bảo hiểm xã hội | văn phòng | trung tâm |
    ban chỉ đạo | ban quản lý | ban điều hành | tổ công tác | tổ giúp việc |
    cơ quan thường trực | tỉnh ủy | tỉnh uỷ | huyện ủy | huyện uỷ | thành ủy | thành uỷ |
    thị ủy | thị uỷ | đảng ủy | đảng uỷ | đảng đoàn | ban cán sự | tỉnh đoàn | thành đoàn |
    huyện đoàn | mặt trận tổ quốc | ủy ban mặt trận | uỷ ban mặt trận | bưu điện | điện lực |
    viễn thông | bộ chỉ huy | bộ đội biên phòng | ngân hàng nhà nước | thanh tra tỉnh |
    thanh tra huyện | thanh tra sở | thanh tra chính phủ | thanh tra thành phố | tòa án |
    toà án | viện kiểm sát | hội nông dân | hội liên hiệp phụ nữ | liên đoàn lao động |
    hội cựu chiến binh | ban tiếp công dân | ban dân tộc | tổ công nghệ số cộng đồng |
    thủ trưởng | giám đốc | chủ tịch | người đứng đầu | thành viên | trưởng ban | bí thư |
    chánh văn phòng | lãnh đạo | cục trưởng | chi cục trưởng | thường trực |
    các sở | các ban | các cơ quan | các đơn vị | các địa phương | các huyện | các thành viên |
    các tổ chức | các doanh nghiệp | các phòng | các xã | các hội | các trường | các bộ |
    các ngành | các cấp | các chi cục | các trung tâm | các tổ | các đoàn thể | các cơ sở |
    các nhà mạng | các ủy ban | các uỷ ban | các ban quản lý | các ban chỉ đạo | các quận |
    các thị xã | các thành phố | các phường | các hiệp hội | các tập đoàn | các công ty |
    các bệnh viện | các đồng chí | tất cả các | sở, ban | sở, ngành | cơ quan | đơn vị |
    thuế | hải quan | phó chủ tịch | phó giám đốc | trưởng phòng | chánh thanh tra |
    các phó chủ tịch | các ngân hàng | các chi nhánh | các trạm | các ban chỉ đạo |
    các hợp tác xã | các cơ quan, đơn vị | bảo hiểm xã hội | ủy ban mặt trận tổ quốc |
    uỷ ban mặt trận tổ quốc | đoàn thanh niên | ban thường vụ | thường trực tỉnh ủy |
    trưởng thôn | trưởng các thôn | trưởng công an | chỉ huy trưởng | tổ trưởng |
    trưởng các | phó trưởng các
    """
)

# Heads of HEADS_ANY that are common nouns in lower case ("nộp thuế", "hải quan cửa
# khẩu"): they name a body only when written with a capital ("Thuế tỉnh", "Hải quan
# tỉnh").
CAPITAL_ONLY_HEADS = frozenset({("thuế",), ("hải", "quan")})

# Heads that need a capitalised word (a proper name) after them: "Sở Y tế", "Báo Lạng
# Sơn", but not "báo cáo", "hội nghị", "bộ phận".
HEADS_CAP = _phrases(
    """
    sở | ban | bộ | cục | chi cục | tổng cục | vụ | phòng | trường | bệnh viện | hội |
    liên đoàn | liên minh | đoàn | tổ | công ty | tập đoàn | học viện | đại học | viện |
    hiệp hội | quỹ | mặt trận | báo | đài | ngân hàng | ủy ban | uỷ ban | hội đồng |
    cảng vụ | chi nhánh | thanh tra | kho bạc nhà nước | nhà xuất bản | trạm |
    tổng công ty | công chức | cán bộ | phòng ban
    """
)

# Heads that need no capital letter on their first word (they are lower case mid-sentence).
LOWERCASE_HEAD_FIRST = frozenset(
    {"các", "tất", "thủ", "người", "thành", "cơ", "đơn", "sở", "lãnh", "chủ", "giám"}
)

LOCALITY_WORDS = frozenset(
    [
        "tỉnh",
        "huyện",
        "thành",
        "phố",
        "thị",
        "xã",
        "quận",
        "phường",
        "xã",
        "trấn",
        "đặc",
        "khu",
        "cấp",
        "các",
        "liên",
        "quan",
        "trung",
        "ương",
        "khu",
        "vực",
    ]
)

# Field names of departments and ministries ("Sở Khoa học và Công nghệ"): a closed list,
# so a name that matches one ends there even when the verb after it is not in VERBS.
_FIELDS = """
    Thông tin và Truyền thông | Khoa học và Công nghệ | Kế hoạch và Đầu tư | Tài chính |
    Nội vụ | Tư pháp | Công Thương | Xây dựng | Giao thông vận tải | Y tế |
    Giáo dục và Đào tạo | Văn hóa, Thể thao và Du lịch | Văn hoá, Thể thao và Du lịch |
    Văn hóa và Thể thao | Du lịch | Lao động - Thương binh và Xã hội |
    Lao động, Thương binh và Xã hội | Tài nguyên và Môi trường |
    Nông nghiệp và Phát triển nông thôn | Nông nghiệp và Môi trường | Dân tộc và Tôn giáo |
    Ngoại vụ | Quốc phòng | Công an | Ngoại giao
"""
# Field names of departments and ministries ("Sở Khoa học và Công nghệ"): a closed list,
# so a name that matches one ends there even when the verb after it is not in VERBS.
# Tokenised like the text (punctuation apart), longest first.
FIELD_NAMES = tuple(
    sorted(
        {
            tuple(re.findall(r"\w+|[^\w\s]", name.lower()))
            for name in (p.strip() for p in _FIELDS.split("|"))
            if name
        },
        key=lambda f: -len(f),
    )
)

# Item openings that state a fact or a decision rather than assign work.
NON_TASK_OPENINGS = _phrases(
    """
    ghi nhận | biểu dương | đánh giá cao | hoan nghênh | đồng ý | nhất trí |
    thống nhất | cơ bản thống nhất | chấp thuận | kết quả | trong năm qua |
    trong thời gian qua | đến nay | tính đến | tính từ | nhìn chung | bên cạnh đó |
    tuy nhiên | nguyên nhân | thực hiện nghị quyết | thực hiện quyết định |
    thực hiện kế hoạch | thực hiện chỉ thị | thực hiện công văn | thực hiện thông báo |
    thực hiện văn bản | thực hiện ý kiến | theo đề nghị | xét đề nghị | kính gửi | nơi nhận
    """
)

# Headings whose subtree holds no tasks (results, difficulties, aims, grounds).
SECTION_NEGATIVE = (
    "kết quả",
    "đánh giá",
    "tình hình",
    "khó khăn",
    "hạn chế",
    "tồn tại",
    "vướng mắc",
    "nguyên nhân",
    "bài học",
    "mục đích",
    "mục tiêu",
    "quan điểm",
    "căn cứ",
    "sự cần thiết",
    "thực trạng",
    "bối cảnh",
    "chỉ tiêu",
    "ưu điểm",
    "thuận lợi",
    "phạm vi",
    "đối tượng",
    "kinh phí",
    "nguồn vốn",
    "những việc đã làm",
    "đặc điểm",
    "tóm lại",
    "dự họp",
    "thành phần",
)

# Headings whose subtree holds tasks.
SECTION_POSITIVE = (
    "nhiệm vụ",
    "giải pháp",
    "phương hướng",
    "kết luận",
    "ý kiến chỉ đạo",
    "tổ chức thực hiện",
    "phân công",
    "kiến nghị",
    "đề xuất",
    "đề nghị",
    "triển khai",
    "trách nhiệm",
    "giao",
    "thời gian tới",
    "trọng tâm",
)

# Units a stated quantity may carry, longest first when matched.
UNITS = _phrases(
    """
    hồ sơ | tài khoản | dịch vụ công trực tuyến | dịch vụ công | dịch vụ | thủ tục hành chính |
    thủ tục | doanh nghiệp | hợp tác xã | người | lượt | lượt truy cập | cơ quan | đơn vị |
    hệ thống | nền tảng | cơ sở dữ liệu | csdl | điểm cầu | trạm | xã | hộ gia đình | hộ |
    sản phẩm | giải pháp | mô hình | tỷ đồng | triệu đồng | nghìn đồng | đồng | chỉ tiêu |
    văn bản | chứng thư số | chữ ký số | thuê bao | cuộc họp | phản ánh kiến nghị | phản ánh |
    thửa đất | vị trí | tổ | thành viên | học viên | cán bộ | công chức | viên chức |
    mbps | km | ha | bậc | lớp | tin bài | tin, bài | vụ việc | camera | máy tính | máy chủ |
    thiết bị | ứng dụng | trang thông tin | cổng thông tin | điểm | trường học | trường |
    học sinh | giáo viên | hộp thư | hộp thư điện tử | dvctt | tthc | chương trình | đề án |
    dự án | nhiệm vụ | kế hoạch | tỉnh | huyện | sở | ngành | cá nhân | tổ chức | đảng viên |
    chi bộ | sim ký số | tỷ | triệu | nghìn | giao dịch | lượt giao dịch | bản ghi | trang |
    phần mềm | sự kiện | cuộc tấn công | lỗ hổng | gian hàng | sàn | hợp đồng | hóa đơn |
    hoá đơn | công dân | thôn | khu phố | tiêu chí | chỉ số | bài toán | bệnh viện |
    cơ sở | sáng kiến | cuộc thi | buổi | đợt | khóa | khoá | lượt người | người dân |
    vùng | tổ dân phố | phường | thị trấn | cửa hàng | chợ | hộ kinh doanh | chuyên mục |
    phóng sự | bản tin | video | đầu mối | chuyên gia | kỹ sư | trạm bts | bts | thủ tục |
    quy trình | biểu mẫu | kênh | tài liệu | trang tin | điểm phát sóng | thư điện tử |
    tin nhắn | trường hợp | bệnh án | gb | tb | dữ liệu | căn cước | mã định danh
    """
)
