"""Vocabularies of the benchmark dataset (bench/dataset.py), in English, Thai and Vietnamese.

Every phrase is a dict {language: text} and every sentence template has one format string
per language with the same slots, so one draw of the random generator tells the same case
study in each language: the Thai and Vietnamese pages read as translations of the English
one, and a word a visitor searches for in Thai really is in the Thai pages. English phrases
that open or sit inside a sentence have a second form with an article (key "en_s").
"""

LANGUAGES = ("en", "th", "vi")


def P(en, th, vi, en_s=None):
    phrase = {"en": en, "th": th, "vi": vi}
    if en_s:
        phrase["en_s"] = en_s
    return phrase


# --- Places -------------------------------------------------------------------------

# ISO code → the country's name in Thai and Vietnamese (English: the Country row's own).
COUNTRY_NAMES = {
    "BN": ("บรูไนดารุสซาลาม", "Brunei Darussalam"),
    "KH": ("กัมพูชา", "Campuchia"),
    "ID": ("อินโดนีเซีย", "Indonesia"),
    "LA": ("สปป.ลาว", "Lào"),
    "MY": ("มาเลเซีย", "Malaysia"),
    "MM": ("เมียนมา", "Myanmar"),
    "PH": ("ฟิลิปปินส์", "Philippines"),
    "SG": ("สิงคโปร์", "Singapore"),
    "TH": ("ไทย", "Thái Lan"),
    "VN": ("เวียดนาม", "Việt Nam"),
    "JP": ("ญี่ปุ่น", "Nhật Bản"),
}

# Share of the generated cities per country (others present in the database get the default).
COUNTRY_WEIGHTS = {
    "ID": 20,
    "PH": 15,
    "VN": 13,
    "TH": 13,
    "MY": 10,
    "MM": 7,
    "KH": 6,
    "JP": 6,
    "LA": 5,
    "SG": 3,
    "BN": 2,
}
DEFAULT_COUNTRY_WEIGHT = 3

# (south, north, west, east) of each country's territory, roughly: where its cities may lie.
COUNTRY_BOUNDS = {
    "BN": (4.0, 5.0, 114.1, 115.3),
    "KH": (10.5, 14.5, 102.5, 107.5),
    "ID": (-8.5, 3.5, 95.5, 140.5),
    "LA": (14.0, 22.0, 100.5, 107.5),
    "MY": (1.5, 6.5, 100.0, 118.5),
    "MM": (10.0, 27.0, 92.5, 100.5),
    "PH": (5.5, 18.5, 118.0, 126.5),
    "SG": (1.25, 1.45, 103.65, 104.0),
    "TH": (6.0, 20.0, 98.0, 105.5),
    "VN": (8.8, 23.0, 102.5, 109.3),
    "JP": (31.0, 43.0, 130.0, 145.0),
}
DEFAULT_BOUNDS = (-10.0, 25.0, 95.0, 140.0)

# City names, made of two parts. Parts are (Latin, Thai) for Thai cities, (English without
# accents, Vietnamese) for Vietnamese ones, plain Latin elsewhere. `join`: the separator.
CITY_NAME_PARTS = {
    "TH": {
        "join": " ",
        "first": [
            ("Nakhon", "นคร"),
            ("Ban", "บ้าน"),
            ("Mueang", "เมือง"),
            ("Wiang", "เวียง"),
            ("Si", "ศรี"),
            ("Nong", "หนอง"),
            ("Khlong", "คลอง"),
            ("Bang", "บาง"),
            ("Tha", "ท่า"),
            ("Lam", "ลำ"),
            ("Don", "ดอน"),
            ("Huai", "ห้วย"),
            ("Phra", "พระ"),
            ("Sam", "สาม"),
        ],
        "second": [
            ("Phanom", "พนม"),
            ("Sawan", "สวรรค์"),
            ("Thani", "ธานี"),
            ("Buri", "บุรี"),
            ("Kaeo", "แก้ว"),
            ("Thong", "ทอง"),
            ("Yai", "ใหญ่"),
            ("Phai", "ไผ่"),
            ("Saeng", "แสง"),
            ("Chan", "จันทร์"),
            ("Mai", "ใหม่"),
            ("Sakon", "สกล"),
            ("Pho", "โพธิ์"),
            ("Ngam", "งาม"),
            ("Rat", "ราษฎร์"),
            ("Sai", "ทราย"),
        ],
    },
    "VN": {
        "join": " ",
        "first": [
            ("Hoa", "Hòa"),
            ("Binh", "Bình"),
            ("Tan", "Tân"),
            ("Phu", "Phú"),
            ("Vinh", "Vĩnh"),
            ("Quang", "Quảng"),
            ("Dong", "Đông"),
            ("Thai", "Thái"),
            ("Cam", "Cẩm"),
            ("Long", "Long"),
            ("My", "Mỹ"),
            ("Hai", "Hải"),
            ("Duc", "Đức"),
            ("Lac", "Lạc"),
        ],
        "second": [
            ("An", "An"),
            ("Thanh", "Thạnh"),
            ("Son", "Sơn"),
            ("Chau", "Châu"),
            ("Hung", "Hưng"),
            ("Nam", "Nam"),
            ("Xuan", "Xuân"),
            ("Lam", "Lâm"),
            ("Phong", "Phong"),
            ("Thuan", "Thuận"),
            ("Dien", "Điền"),
            ("Ninh", "Ninh"),
            ("Tien", "Tiến"),
            ("Giang", "Giang"),
        ],
    },
    "ID": {
        "join": " ",
        "first": ["Tanjung", "Kota", "Sungai", "Bukit", "Pulau", "Teluk", "Banjar", "Karang", "Padang", "Muara"],
        "second": ["Rejo", "Jaya", "Baru", "Indah", "Sari", "Makmur", "Agung", "Raya", "Batu", "Wangi", "Asri"],
    },
    "MY": {
        "join": " ",
        "first": ["Bandar", "Kuala", "Sungai", "Bukit", "Seri", "Taman", "Batu", "Padang", "Alor", "Tanjung"],
        "second": ["Perdana", "Setia", "Indah", "Jaya", "Permai", "Utama", "Damai", "Baru", "Tinggi", "Raja", "Emas"],
    },
    "PH": {
        "join": " ",
        "first": ["San", "Santa", "Villa", "Bago", "Nueva", "Puerto", "Lungsod", "Bagong"],
        "second": ["Isidro", "Rosa", "Carlos", "Fernando", "Vicente", "Esperanza", "Del Monte", "Real", "Luz", "Cruz"],
    },
    "KH": {
        "join": " ",
        "first": ["Kampong", "Phum", "Krong", "Prey", "Svay", "Tuol", "Chbar"],
        "second": ["Cham", "Thom", "Chhnang", "Speu", "Veng", "Rieng", "Kork", "Sambo", "Trach", "Ampil"],
    },
    "LA": {
        "join": " ",
        "first": ["Muang", "Ban", "Xieng", "Pak", "Nam", "Phon", "Vang"],
        "second": ["Xay", "Khong", "Sene", "Hong", "Kham", "Thong", "Savan", "Sai", "Vieng", "Ngeun"],
    },
    "MM": {
        "join": "",
        "first": ["Myo", "Kyauk", "Taung", "Pyin", "Shwe", "Mya", "Nyaung", "Thaya"],
        "second": ["thit", "gyi", "oo", "pyay", "wa", "ywa", "kone", "daw", "mana", "lay"],
    },
    "BN": {
        "join": " ",
        "first": ["Kampong", "Bandar", "Pekan", "Sungai"],
        "second": ["Tutong", "Seria", "Lumut", "Muara", "Bangar", "Labi", "Liang", "Kiulap"],
    },
    "SG": {
        "join": " ",
        "first": ["Tampines", "Punggol", "Woodlands", "Bedok", "Yishun", "Jurong", "Sengkang", "Pasir", "Bukit"],
        "second": ["North", "East", "West", "Central", "Ris", "Batok", "Timah", "Panjang", "Park"],
    },
    "JP": {
        "join": "",
        "first": ["Higashi", "Nishi", "Kita", "Minami", "Shin", "Oki", "Taka", "Naka", "Kami", "Yama"],
        "second": ["yama", "kawa", "hara", "shima", "moto", "saki", "mura", "sawa", "ta", "no", "oka", "matsu"],
    },
}
DEFAULT_CITY_NAME_PARTS = CITY_NAME_PARTS["ID"]

CITY_SUMMARIES = [
    P(
        "{city} is a city in {country} of about {population} people.",
        "{city}เป็นเมืองใน{country} มีประชากรประมาณ {population} คน",
        "{city} là một thành phố của {country} với khoảng {population} dân.",
    ),
    P(
        "{city}, a city of {population} people in {country}, works on smart-city projects with its neighbours.",
        "{city} เมืองที่มีประชากร {population} คนใน{country} ร่วมมือกับเมืองใกล้เคียงในโครงการเมืองอัจฉริยะ",
        "{city}, thành phố {population} dân của {country}, hợp tác với các địa phương lân cận "
        "trong các dự án đô thị thông minh.",
    ),
]
CITY_PARAGRAPHS = [
    P(
        "The city joined the network in {year} and shares its projects with other member cities.",
        "เมืองนี้เข้าร่วมเครือข่ายในปี {year} และแบ่งปันโครงการกับเมืองสมาชิกอื่น ๆ",
        "Thành phố tham gia mạng lưới vào năm {year} và chia sẻ các dự án với các thành phố thành viên khác.",
    ),
    P(
        "Its priorities are {goal} and {goal2}.",
        "เป้าหมายสำคัญของเมืองคือการ{goal}และ{goal2}",
        "Các ưu tiên của thành phố là {goal} và {goal2}.",
    ),
    P(
        "Most residents live along the river and the main roads, where the city tests new services first.",
        "ประชาชนส่วนใหญ่อาศัยอยู่ริมแม่น้ำและถนนสายหลัก ซึ่งเป็นพื้นที่ที่เมืองทดลองบริการใหม่ก่อน",
        "Phần lớn người dân sống dọc theo sông và các trục đường chính, nơi thành phố thử nghiệm "
        "các dịch vụ mới trước tiên.",
    ),
]


# --- Case studies: what is done, why, by whom -------------------------------------

# Per focus area (slug): solutions, the problems they answer and the goals they serve.
FOCUS_VOCABULARY = {
    "civic-social": {
        "solutions": [
            P(
                "Online citizen service portal",
                "พอร์ทัลบริการประชาชนออนไลน์",
                "Cổng dịch vụ công trực tuyến",
                "an online citizen service portal",
            ),
            P(
                "Citizen complaints app",
                "แอปรับเรื่องร้องเรียนของประชาชน",
                "Ứng dụng tiếp nhận phản ánh của người dân",
                "a citizen complaints app",
            ),
            P("Digital literacy classes", "ห้องเรียนทักษะดิจิทัล", "Lớp học kỹ năng số", "digital literacy classes"),
            P(
                "Participatory budgeting platform",
                "แพลตฟอร์มงบประมาณแบบมีส่วนร่วม",
                "Nền tảng ngân sách có sự tham gia",
                "a participatory budgeting platform",
            ),
            P("Free public Wi-Fi", "อินเทอร์เน็ตไร้สายสาธารณะฟรี", "Wi-Fi công cộng miễn phí", "free public Wi-Fi"),
            P(
                "Digital identity service",
                "บริการยืนยันตัวตนดิจิทัล",
                "Dịch vụ định danh điện tử",
                "a digital identity service",
            ),
            P(
                "Community learning centres",
                "ศูนย์การเรียนรู้ชุมชน",
                "Trung tâm học tập cộng đồng",
                "community learning centres",
            ),
            P("Open data portal", "พอร์ทัลข้อมูลเปิด", "Cổng dữ liệu mở", "an open data portal"),
        ],
        "problems": [
            P(
                "long queues at city offices",
                "การต่อคิวยาวที่สำนักงานเขต",
                "tình trạng xếp hàng dài tại cơ quan hành chính",
            ),
            P(
                "slow answers to complaints",
                "การตอบเรื่องร้องเรียนที่ล่าช้า",
                "việc trả lời phản ánh chậm trễ",
            ),
            P("low digital skills", "ทักษะดิจิทัลที่ต่ำ", "kỹ năng số còn hạn chế"),
        ],
        "goals": [
            P(
                "bring public services online",
                "นำบริการสาธารณะขึ้นสู่ระบบออนไลน์",
                "đưa dịch vụ công lên môi trường trực tuyến",
            ),
            P(
                "give residents a voice in city decisions",
                "เปิดโอกาสให้ประชาชนมีส่วนร่วมในการตัดสินใจของเมือง",
                "giúp người dân có tiếng nói trong các quyết định của thành phố",
            ),
            P("close the digital divide", "ลดความเหลื่อมล้ำทางดิจิทัล", "thu hẹp khoảng cách số"),
        ],
    },
    "health-well-being": {
        "solutions": [
            P("Telemedicine service", "บริการการแพทย์ทางไกล", "Dịch vụ khám chữa bệnh từ xa", "a telemedicine service"),
            P(
                "Electronic health records",
                "ระบบเวชระเบียนอิเล็กทรอนิกส์",
                "Hồ sơ sức khỏe điện tử",
                "electronic health records",
            ),
            P(
                "Home care for older people",
                "การดูแลผู้สูงอายุที่บ้าน",
                "Chăm sóc người cao tuổi tại nhà",
                "home care for older people",
            ),
            P("Community health app", "แอปสุขภาพชุมชน", "Ứng dụng sức khỏe cộng đồng", "a community health app"),
            P(
                "Emergency medical hotline",
                "สายด่วนการแพทย์ฉุกเฉิน",
                "Đường dây nóng cấp cứu y tế",
                "an emergency medical hotline",
            ),
            P(
                "Dengue early warning",
                "ระบบเตือนภัยไข้เลือดออก",
                "Cảnh báo sớm sốt xuất huyết",
                "a dengue early warning system",
            ),
            P("Parks for health", "สวนสาธารณะเพื่อสุขภาพ", "Công viên vì sức khỏe", "parks designed for health"),
            P(
                "Clinic booking system",
                "ระบบจองคิวคลินิก",
                "Hệ thống đặt lịch khám",
                "a clinic booking system",
            ),
        ],
        "problems": [
            P("long waits at hospitals", "การรอคอยนานที่โรงพยาบาล", "thời gian chờ đợi lâu tại bệnh viện"),
            P("outbreaks of dengue fever", "การระบาดของไข้เลือดออก", "dịch sốt xuất huyết bùng phát"),
            P("poor access to health care", "การเข้าถึงบริการสุขภาพที่ไม่ทั่วถึง", "khó tiếp cận dịch vụ y tế"),
        ],
        "goals": [
            P("improve access to health care", "เพิ่มการเข้าถึงบริการสุขภาพ", "cải thiện khả năng tiếp cận dịch vụ y tế"),
            P(
                "help older people live at home",
                "ช่วยให้ผู้สูงอายุใช้ชีวิตอยู่ที่บ้านได้",
                "giúp người cao tuổi sống tại nhà",
            ),
            P("detect outbreaks early", "ตรวจพบการระบาดได้เร็วขึ้น", "phát hiện sớm dịch bệnh"),
        ],
    },
    "safety-security": {
        "solutions": [
            P(
                "Flood early warning system",
                "ระบบเตือนภัยน้ำท่วมล่วงหน้า",
                "Hệ thống cảnh báo sớm lũ lụt",
                "a flood early warning system",
            ),
            P("CCTV network", "เครือข่ายกล้องวงจรปิด", "Mạng lưới camera giám sát", "a CCTV network"),
            P(
                "Emergency operations centre",
                "ศูนย์ปฏิบัติการฉุกเฉิน",
                "Trung tâm điều hành khẩn cấp",
                "an emergency operations centre",
            ),
            P("Smart street lighting", "ไฟถนนอัจฉริยะ", "Đèn đường thông minh", "smart street lighting"),
            P(
                "Drone damage assessment",
                "การประเมินความเสียหายด้วยโดรน",
                "Đánh giá thiệt hại bằng máy bay không người lái",
                "drone damage assessment",
            ),
            P("Fire detection sensors", "เซนเซอร์ตรวจจับไฟไหม้", "Cảm biến phát hiện cháy", "fire detection sensors"),
            P("Disaster alert app", "แอปแจ้งเตือนภัยพิบัติ", "Ứng dụng cảnh báo thiên tai", "a disaster alert app"),
            P(
                "Landslide monitoring",
                "ระบบเฝ้าระวังดินถล่ม",
                "Giám sát sạt lở đất",
                "landslide monitoring",
            ),
        ],
        "problems": [
            P("flooding in low-lying districts", "น้ำท่วมในพื้นที่ลุ่มต่ำ", "ngập lụt ở các khu vực trũng thấp"),
            P("crime in dark streets", "อาชญากรรมบนถนนที่มืด", "tội phạm trên các tuyến phố thiếu ánh sáng"),
            P("slow emergency response", "การตอบสนองเหตุฉุกเฉินที่ล่าช้า", "ứng phó khẩn cấp chậm"),
        ],
        "goals": [
            P("warn residents before floods", "แจ้งเตือนประชาชนก่อนเกิดน้ำท่วม", "cảnh báo người dân trước khi lũ đến"),
            P(
                "make streets safer at night",
                "ทำให้ถนนปลอดภัยขึ้นในเวลากลางคืน",
                "làm cho đường phố an toàn hơn vào ban đêm",
            ),
            P("speed up emergency response", "เร่งการตอบสนองเหตุฉุกเฉิน", "đẩy nhanh công tác ứng phó khẩn cấp"),
        ],
    },
    "quality-environment": {
        "solutions": [
            P(
                "Waste sorting and recycling",
                "การคัดแยกขยะและรีไซเคิล",
                "Phân loại và tái chế rác thải",
                "waste sorting and recycling",
            ),
            P(
                "Air quality sensors",
                "เซนเซอร์ตรวจวัดคุณภาพอากาศ",
                "Cảm biến chất lượng không khí",
                "air quality sensors",
            ),
            P(
                "Rooftop solar energy",
                "พลังงานแสงอาทิตย์บนหลังคา",
                "Năng lượng mặt trời áp mái",
                "rooftop solar energy",
            ),
            P("Urban tree planting", "การปลูกต้นไม้ในเมือง", "Trồng cây xanh đô thị", "urban tree planting"),
            P("Smart water meters", "มาตรวัดน้ำอัจฉริยะ", "Đồng hồ nước thông minh", "smart water meters"),
            P("Canal restoration", "การฟื้นฟูคลอง", "Cải tạo kênh rạch", "canal restoration"),
            P(
                "Food waste composting",
                "การหมักขยะอาหารเป็นปุ๋ย",
                "Ủ phân từ rác thải thực phẩm",
                "food waste composting",
            ),
            P(
                "Energy-efficient public buildings",
                "อาคารสาธารณะประหยัดพลังงาน",
                "Công trình công cộng tiết kiệm năng lượng",
                "energy-efficient public buildings",
            ),
        ],
        "problems": [
            P("air pollution", "มลพิษทางอากาศ", "ô nhiễm không khí"),
            P("growing amounts of waste", "ปริมาณขยะที่เพิ่มขึ้น", "lượng rác thải ngày càng tăng"),
            P("high energy costs", "ค่าพลังงานที่สูง", "chi phí năng lượng cao"),
        ],
        "goals": [
            P("reduce waste sent to landfill", "ลดปริมาณขยะที่ส่งไปฝังกลบ", "giảm lượng rác thải chôn lấp"),
            P("cut energy use", "ลดการใช้พลังงาน", "cắt giảm tiêu thụ năng lượng"),
            P("improve air quality", "ปรับปรุงคุณภาพอากาศ", "cải thiện chất lượng không khí"),
        ],
    },
    "built-infrastructure": {
        "solutions": [
            P(
                "Smart traffic signals",
                "สัญญาณไฟจราจรอัจฉริยะ",
                "Đèn tín hiệu giao thông thông minh",
                "smart traffic signals",
            ),
            P("Bus rapid transit", "รถโดยสารด่วนพิเศษ", "Xe buýt nhanh", "a bus rapid transit line"),
            P("Electric buses", "รถโดยสารไฟฟ้า", "Xe buýt điện", "electric buses"),
            P("Smart parking", "ระบบจอดรถอัจฉริยะ", "Bãi đỗ xe thông minh", "smart parking"),
            P("Protected bicycle lanes", "ทางจักรยานแยกจากถนน", "Làn đường xe đạp riêng", "protected bicycle lanes"),
            P("Digital twin of the city", "แบบจำลองดิจิทัลของเมือง", "Bản sao số của thành phố", "a digital twin"),
            P("Public transport app", "แอปขนส่งสาธารณะ", "Ứng dụng giao thông công cộng", "a public transport app"),
            P(
                "Drainage monitoring",
                "ระบบติดตามการระบายน้ำ",
                "Giám sát hệ thống thoát nước",
                "drainage monitoring",
            ),
        ],
        "problems": [
            P("traffic congestion", "การจราจรติดขัด", "ùn tắc giao thông"),
            P("unreliable public transport", "ระบบขนส่งสาธารณะที่ไม่ตรงเวลา", "giao thông công cộng thiếu tin cậy"),
            P("a shortage of parking", "ที่จอดรถไม่เพียงพอ", "tình trạng thiếu chỗ đỗ xe"),
        ],
        "goals": [
            P("cut travel times", "ลดเวลาการเดินทาง", "giảm thời gian đi lại"),
            P(
                "get more people onto public transport",
                "ทำให้ผู้คนหันมาใช้ขนส่งสาธารณะมากขึ้น",
                "thu hút thêm người dân sử dụng giao thông công cộng",
            ),
            P("plan roads with better data", "วางแผนถนนด้วยข้อมูลที่ดีขึ้น", "quy hoạch đường sá bằng dữ liệu tốt hơn"),
        ],
    },
    "industry-innovation": {
        "solutions": [
            P("Startup incubator", "ศูนย์บ่มเพาะสตาร์ทอัพ", "Vườn ươm khởi nghiệp", "a startup incubator"),
            P(
                "Cashless payments in markets",
                "การชำระเงินแบบไร้เงินสดในตลาด",
                "Thanh toán không dùng tiền mặt tại chợ",
                "cashless payments in markets",
            ),
            P(
                "Online tourism platform",
                "แพลตฟอร์มท่องเที่ยวออนไลน์",
                "Nền tảng du lịch trực tuyến",
                "an online tourism platform",
            ),
            P("Smart agriculture", "เกษตรอัจฉริยะ", "Nông nghiệp thông minh", "smart agriculture"),
            P(
                "Digital skills for small firms",
                "ทักษะดิจิทัลสำหรับธุรกิจขนาดเล็ก",
                "Kỹ năng số cho doanh nghiệp nhỏ",
                "digital skills training for small firms",
            ),
            P("Innovation district", "ย่านนวัตกรรม", "Khu đổi mới sáng tạo", "an innovation district"),
            P(
                "Online business licensing",
                "การขอใบอนุญาตธุรกิจออนไลน์",
                "Cấp phép kinh doanh trực tuyến",
                "online business licensing",
            ),
            P("Logistics hub", "ศูนย์กลางโลจิสติกส์", "Trung tâm logistics", "a logistics hub"),
        ],
        "problems": [
            P("slow business licensing", "การออกใบอนุญาตธุรกิจที่ล่าช้า", "thủ tục cấp phép kinh doanh chậm"),
            P("few skilled jobs", "ตำแหน่งงานที่ใช้ทักษะสูงมีน้อย", "ít việc làm đòi hỏi kỹ năng cao"),
            P("low farm incomes", "รายได้ของเกษตรกรที่ต่ำ", "thu nhập của nông dân thấp"),
        ],
        "goals": [
            P("attract investment", "ดึงดูดการลงทุน", "thu hút đầu tư"),
            P("create local jobs", "สร้างงานในท้องถิ่น", "tạo việc làm tại địa phương"),
            P("help small firms go digital", "ช่วยให้ธุรกิจขนาดเล็กก้าวสู่ดิจิทัล", "giúp doanh nghiệp nhỏ chuyển đổi số"),
        ],
    },
}

# SDG numbers that go with each focus area.
FOCUS_SDGS = {
    "civic-social": [16, 10, 4, 17, 11],
    "health-well-being": [3, 10, 11],
    "safety-security": [11, 13, 16],
    "quality-environment": [6, 7, 12, 13, 14, 15],
    "built-infrastructure": [9, 11, 7],
    "industry-innovation": [8, 9, 17, 2],
}

# Tags: (English name); tagged the same in every language, as a translated copy keeps them.
TAGS = [
    "open data",
    "mobile app",
    "sensors",
    "public-private partnership",
    "pilot",
    "citizen participation",
    "climate adaptation",
    "digital government",
    "asean-japan cooperation",
    "capacity building",
    "gis",
    "artificial intelligence",
    "cloud",
    "youth",
    "older people",
    "tourism",
    "flood risk",
    "mobility",
    "energy",
    "waste",
]

GROUPS = [
    P("residents", "ประชาชน", "người dân"),
    P("older people", "ผู้สูงอายุ", "người cao tuổi"),
    P("small businesses", "ผู้ประกอบการรายย่อย", "các doanh nghiệp nhỏ"),
    P("students", "นักเรียน", "học sinh"),
    P("commuters", "ผู้เดินทาง", "người đi làm"),
    P("farmers", "เกษตรกร", "nông dân"),
    P("market vendors", "ผู้ค้าในตลาด", "tiểu thương"),
    P("families", "ครอบครัว", "các gia đình"),
    P("tourists", "นักท่องเที่ยว", "khách du lịch"),
    P("people with disabilities", "คนพิการ", "người khuyết tật"),
]

PARTNERS = [
    P("the national smart city office", "สำนักงานเมืองอัจฉริยะแห่งชาติ", "văn phòng đô thị thông minh quốc gia"),
    P("a local university", "มหาวิทยาลัยในท้องถิ่น", "một trường đại học địa phương"),
    P("a telecom operator", "ผู้ให้บริการโทรคมนาคม", "một nhà mạng viễn thông"),
    P("a development bank", "ธนาคารเพื่อการพัฒนา", "một ngân hàng phát triển"),
    P("a partner city in Japan", "เมืองพันธมิตรในญี่ปุ่น", "một thành phố đối tác tại Nhật Bản"),
    P("the provincial government", "องค์การบริหารส่วนจังหวัด", "chính quyền tỉnh"),
    P("a technology start-up", "บริษัทสตาร์ทอัพด้านเทคโนโลยี", "một công ty khởi nghiệp công nghệ"),
    P("an international NGO", "องค์กรพัฒนาเอกชนระหว่างประเทศ", "một tổ chức phi chính phủ quốc tế"),
]

TECHNOLOGIES = [
    P("sensors", "เซนเซอร์", "cảm biến"),
    P("a mobile app", "แอปพลิเคชันบนมือถือ", "ứng dụng di động"),
    P("open data", "ข้อมูลเปิด", "dữ liệu mở"),
    P("a shared data platform", "แพลตฟอร์มข้อมูลกลาง", "nền tảng dữ liệu dùng chung"),
    P("cloud services", "บริการคลาวด์", "dịch vụ điện toán đám mây"),
    P("GIS maps", "แผนที่ภูมิสารสนเทศ", "bản đồ GIS"),
    P("artificial intelligence", "ปัญญาประดิษฐ์", "trí tuệ nhân tạo"),
    P("online forms", "แบบฟอร์มออนไลน์", "biểu mẫu trực tuyến"),
]

SOURCES = [
    P("City of {city}", "เทศบาลเมือง{city}", "UBND thành phố {city}"),
    P("{city} Smart City Office", "สำนักงานเมืองอัจฉริยะ{city}", "Văn phòng Đô thị thông minh {city}"),
    P("ASEAN Smart Cities Network", "เครือข่ายเมืองอัจฉริยะอาเซียน", "Mạng lưới Thành phố thông minh ASEAN"),
]


# --- Sentences ------------------------------------------------------------------------

TITLES = [
    P("{solution} in {city}", "{solution}ใน{city}", "{solution} tại {city}"),
    P("{solution} for {group} in {city}", "{solution}สำหรับ{group}ใน{city}", "{solution} cho {group} tại {city}"),
    P("{city}: {solution}", "{city}: {solution}", "{city}: {solution}"),
    P("{solution} pilot in {city}", "โครงการนำร่อง{solution}ใน{city}", "Thí điểm {solution_lower} tại {city}"),
    P("{city} scales up {solution_lower}", "{city}ขยายผล{solution}", "{city} mở rộng {solution_lower}"),
]

SUMMARIES = [
    P(
        "{city} introduced {solution_s} to {goal}.",
        "{city}นำ{solution}มาใช้เพื่อ{goal}",
        "{city} đã triển khai {solution_lower} nhằm {goal}.",
    ),
    P(
        "Faced with {problem}, {city} turned to {solution_s}.",
        "เมื่อต้องเผชิญกับ{problem} {city}จึงหันมาใช้{solution}",
        "Trước {problem}, {city} đã lựa chọn {solution_lower}.",
    ),
]
SUMMARY_ENDINGS = [
    P(
        "By {end_year}, {users} people were using it.",
        "ภายในปี {end_year} มีผู้ใช้งาน {users} คน",
        "Đến năm {end_year}, đã có {users} người sử dụng.",
    ),
    P(
        "The project now covers {districts} districts.",
        "ปัจจุบันโครงการครอบคลุม {districts} เขต",
        "Dự án hiện bao phủ {districts} quận.",
    ),
    P(
        "It was built with {partner}.",
        "โครงการนี้ดำเนินการร่วมกับ{partner}",
        "Dự án được thực hiện cùng {partner}.",
    ),
]

# Sentences of each section, in the order of CaseStudyPage.SECTIONS.
SECTION_SENTENCES = {
    "situation_before": [
        P(
            "Before {start_year}, {group} in {city} faced {problem} every day.",
            "ก่อนปี {start_year} {group}ใน{city}ต้องเผชิญกับ{problem}ทุกวัน",
            "Trước năm {start_year}, {group} ở {city} phải đối mặt với {problem} hằng ngày.",
        ),
        P(
            "The city had little reliable data on {problem}, so decisions were slow.",
            "เมืองมีข้อมูลที่เชื่อถือได้เกี่ยวกับ{problem}น้อยมาก การตัดสินใจจึงล่าช้า",
            "Thành phố có rất ít dữ liệu đáng tin cậy về {problem}, nên việc ra quyết định còn chậm.",
        ),
        P(
            "Complaints about {problem} rose by {pct}% in the three years before the project.",
            "เรื่องร้องเรียนเกี่ยวกับ{problem}เพิ่มขึ้นร้อยละ {pct} ในช่วงสามปีก่อนเริ่มโครงการ",
            "Số phản ánh về {problem} tăng {pct}% trong ba năm trước khi có dự án.",
        ),
        P(
            "Services were spread across several departments that did not share information.",
            "บริการต่าง ๆ กระจายอยู่ในหลายหน่วยงานที่ไม่ได้แบ่งปันข้อมูลกัน",
            "Các dịch vụ phân tán ở nhiều phòng ban không chia sẻ thông tin với nhau.",
        ),
        P(
            "Many {group} had to travel to the city hall to get help.",
            "{group}จำนวนมากต้องเดินทางไปศาลาว่าการเมืองเพื่อขอความช่วยเหลือ",
            "Nhiều {group} phải đến trụ sở thành phố để được hỗ trợ.",
        ),
    ],
    "objectives": [
        P(
            "The project set out to {goal} for {group}.",
            "โครงการนี้มีเป้าหมายเพื่อ{goal}ให้แก่{group}",
            "Dự án đặt mục tiêu {goal} cho {group}.",
        ),
        P(
            "The city set a target of a {pct}% improvement within {months} months.",
            "เมืองตั้งเป้าให้ผลลัพธ์ดีขึ้นร้อยละ {pct} ภายใน {months} เดือน",
            "Thành phố đặt mục tiêu cải thiện {pct}% trong vòng {months} tháng.",
        ),
        P(
            "A second aim was to build skills in the city administration for {tech}.",
            "เป้าหมายรองคือการพัฒนาทักษะด้าน{tech}ของบุคลากรในเทศบาล",
            "Mục tiêu thứ hai là nâng cao kỹ năng về {tech} cho bộ máy chính quyền thành phố.",
        ),
        P(
            "The project also wanted {solution_s} to be easy to use for {group}.",
            "โครงการยังต้องการให้{group}ใช้{solution}ได้ง่าย",
            "Dự án cũng muốn {group} dễ dàng sử dụng {solution_lower}.",
        ),
    ],
    "resources": [
        P(
            "The budget of {budget} came from the city and {partner}.",
            "งบประมาณ {budget} มาจากเทศบาลและ{partner}",
            "Ngân sách {budget} đến từ thành phố và {partner}.",
        ),
        P(
            "A team of {staff} staff worked on the project, supported by {partner}.",
            "ทีมงาน {staff} คนทำงานในโครงการนี้ โดยได้รับการสนับสนุนจาก{partner}",
            "Một nhóm {staff} cán bộ thực hiện dự án, với sự hỗ trợ của {partner}.",
        ),
        P(
            "The system uses {tech} and the city's existing infrastructure.",
            "ระบบนี้ใช้{tech}ร่วมกับโครงสร้างพื้นฐานเดิมของเมือง",
            "Hệ thống sử dụng {tech} và hạ tầng sẵn có của thành phố.",
        ),
        P(
            "{partner} provided technical advice and training.",
            "{partner}ให้คำปรึกษาด้านเทคนิคและการฝึกอบรม",
            "{partner} cung cấp tư vấn kỹ thuật và đào tạo.",
        ),
    ],
    "process": [
        P(
            "Work began in {start_year} with a pilot in {districts} districts.",
            "การดำเนินงานเริ่มในปี {start_year} ด้วยการนำร่องใน {districts} เขต",
            "Công việc bắt đầu vào năm {start_year} với giai đoạn thí điểm tại {districts} quận.",
        ),
        P(
            "The city consulted {group} in public meetings before choosing {solution_s}.",
            "เมืองรับฟังความคิดเห็นของ{group}ในการประชุมสาธารณะก่อนเลือก{solution}",
            "Thành phố đã lấy ý kiến {group} tại các cuộc họp công khai trước khi chọn {solution_lower}.",
        ),
        P(
            "After {months} months, the pilot was extended to the whole city.",
            "หลังจาก {months} เดือน การนำร่องได้ขยายไปทั่วทั้งเมือง",
            "Sau {months} tháng, giai đoạn thí điểm được mở rộng ra toàn thành phố.",
        ),
        P(
            "Staff were trained to use {tech} and to answer reports from {group}.",
            "เจ้าหน้าที่ได้รับการฝึกอบรมให้ใช้{tech}และตอบรายงานจาก{group}",
            "Cán bộ được đào tạo để sử dụng {tech} và trả lời báo cáo của {group}.",
        ),
        P(
            "The city published progress reports every quarter.",
            "เมืองเผยแพร่รายงานความคืบหน้าทุกไตรมาส",
            "Thành phố công bố báo cáo tiến độ hằng quý.",
        ),
    ],
    "results": [
        P(
            "By {end_year}, {users} people were using the service.",
            "ภายในปี {end_year} มีผู้ใช้บริการ {users} คน",
            "Đến năm {end_year}, đã có {users} người sử dụng dịch vụ.",
        ),
        P(
            "{problem} fell by {pct}% in the areas covered.",
            "{problem}ลดลงร้อยละ {pct} ในพื้นที่ที่โครงการครอบคลุม",
            "{problem} giảm {pct}% tại các khu vực được triển khai.",
        ),
        P(
            "Response times dropped from {days_before} days to {days_after}.",
            "ระยะเวลาในการตอบสนองลดลงจาก {days_before} วันเหลือ {days_after} วัน",
            "Thời gian phản hồi giảm từ {days_before} ngày xuống còn {days_after} ngày.",
        ),
        P(
            "A survey found that {satisfied}% of {group} were satisfied with the service.",
            "ผลสำรวจพบว่า{group}ร้อยละ {satisfied} พึงพอใจกับบริการ",
            "Một cuộc khảo sát cho thấy {satisfied}% {group} hài lòng với dịch vụ.",
        ),
    ],
    "obstacles": [
        P(
            "Funding was delayed in the first year, which slowed the rollout.",
            "งบประมาณในปีแรกล่าช้า ทำให้การขยายผลช้าลง",
            "Kinh phí năm đầu bị chậm, khiến việc triển khai chậm lại.",
        ),
        P(
            "Some {group} were unfamiliar with {tech} and needed extra support.",
            "{group}บางส่วนไม่คุ้นเคยกับ{tech}และต้องการความช่วยเหลือเพิ่มเติม",
            "Một số {group} chưa quen với {tech} và cần hỗ trợ thêm.",
        ),
        P(
            "Data from different departments came in different formats.",
            "ข้อมูลจากหน่วยงานต่าง ๆ อยู่ในรูปแบบที่แตกต่างกัน",
            "Dữ liệu từ các phòng ban khác nhau có định dạng khác nhau.",
        ),
        P(
            "Heavy rain during the monsoon damaged some equipment.",
            "ฝนตกหนักในช่วงมรสุมทำให้อุปกรณ์บางส่วนเสียหาย",
            "Mưa lớn trong mùa mưa bão đã làm hỏng một số thiết bị.",
        ),
    ],
    "lessons_learned": [
        P(
            "Start small and involve {group} from the first day.",
            "เริ่มจากโครงการขนาดเล็กและให้{group}มีส่วนร่วมตั้งแต่วันแรก",
            "Hãy bắt đầu từ quy mô nhỏ và để {group} tham gia ngay từ ngày đầu.",
        ),
        P(
            "Clear data standards saved time later.",
            "มาตรฐานข้อมูลที่ชัดเจนช่วยประหยัดเวลาในภายหลัง",
            "Các tiêu chuẩn dữ liệu rõ ràng giúp tiết kiệm thời gian về sau.",
        ),
        P(
            "Working with {partner} helped the city learn quickly.",
            "การทำงานร่วมกับ{partner}ช่วยให้เมืองเรียนรู้ได้อย่างรวดเร็ว",
            "Hợp tác với {partner} giúp thành phố học hỏi nhanh chóng.",
        ),
        P(
            "Publishing results openly built trust among {group}.",
            "การเผยแพร่ผลลัพธ์อย่างเปิดเผยช่วยสร้างความไว้วางใจในหมู่{group}",
            "Công bố kết quả công khai đã tạo dựng niềm tin trong {group}.",
        ),
    ],
    "transferability": [
        P(
            "Cities of a similar size can adopt {solution_s} within {months} months.",
            "เมืองที่มีขนาดใกล้เคียงกันสามารถนำ{solution}ไปใช้ได้ภายใน {months} เดือน",
            "Các thành phố có quy mô tương tự có thể áp dụng {solution_lower} trong vòng {months} tháng.",
        ),
        P(
            "The software is open source and free to reuse.",
            "ซอฟต์แวร์เป็นโอเพนซอร์สและนำไปใช้ซ้ำได้โดยไม่มีค่าใช้จ่าย",
            "Phần mềm là mã nguồn mở và có thể tái sử dụng miễn phí.",
        ),
        P(
            "Another city needs a small data team and support from {partner}.",
            "เมืองอื่นต้องมีทีมข้อมูลขนาดเล็กและการสนับสนุนจาก{partner}",
            "Một thành phố khác cần một nhóm dữ liệu nhỏ và sự hỗ trợ của {partner}.",
        ),
        P(
            "{city} has already shared its approach with {cities} other cities in the network.",
            "{city}ได้แบ่งปันแนวทางนี้กับเมืองอื่นในเครือข่ายแล้ว {cities} เมือง",
            "{city} đã chia sẻ cách làm này với {cities} thành phố khác trong mạng lưới.",
        ),
    ],
}

KEY_FIGURES = [
    (P("People served", "ผู้ได้รับบริการ", "Người được phục vụ"), P("people", "คน", "người"), (1_000, 500_000)),
    (
        P("Reduction in response time", "เวลาตอบสนองที่ลดลง", "Thời gian phản hồi giảm"),
        P("%", "%", "%"),
        (10, 70),
    ),
    (P("Districts covered", "เขตที่ครอบคลุม", "Số quận được bao phủ"), P("districts", "เขต", "quận"), (2, 40)),
    (P("Satisfied users", "ผู้ใช้ที่พึงพอใจ", "Người dùng hài lòng"), P("%", "%", "%"), (60, 97)),
    (
        P("Staff trained", "เจ้าหน้าที่ที่ได้รับการอบรม", "Cán bộ được đào tạo"),
        P("staff", "คน", "người"),
        (20, 2_000),
    ),
    (
        P("Devices installed", "อุปกรณ์ที่ติดตั้ง", "Thiết bị được lắp đặt"),
        P("devices", "เครื่อง", "thiết bị"),
        (10, 5_000),
    ),
]

QUOTES = [
    P(
        "We learned more from {group} than from any consultant.",
        "เราเรียนรู้จาก{group}มากกว่าจากที่ปรึกษาคนใด",
        "Chúng tôi học được từ {group} nhiều hơn bất kỳ chuyên gia tư vấn nào.",
    ),
    P(
        "The data showed us where to act first.",
        "ข้อมูลบอกเราว่าควรเริ่มลงมือที่ไหนก่อน",
        "Dữ liệu cho chúng tôi thấy cần hành động ở đâu trước.",
    ),
    P(
        "{solution_s} changed how the city works every day.",
        "{solution}เปลี่ยนวิธีการทำงานของเมืองในทุกวัน",
        "{solution} đã thay đổi cách thành phố vận hành hằng ngày.",
    ),
]
ATTRIBUTIONS = [
    P("Mayor of {city}", "นายกเทศมนตรี{city}", "Chủ tịch UBND {city}"),
    P("Project manager, {city} City Hall", "ผู้จัดการโครงการ ศาลาว่าการ{city}", "Quản lý dự án, UBND {city}"),
    P("Resident of {city}", "ชาวเมือง{city}", "Người dân {city}"),
]
CAPTIONS = [
    P("{solution} in {city}", "{solution}ใน{city}", "{solution} tại {city}"),
    P("Staff testing {solution_lower}", "เจ้าหน้าที่ทดสอบ{solution}", "Cán bộ thử nghiệm {solution_lower}"),
]

BUDGET = P("USD {amount} million", "{amount} ล้านดอลลาร์สหรัฐ", "{amount} triệu USD")

# Words a visitor searches for: each is in one focus area's phrases (or the groups), so
# it occurs in a good share of the pages, but not in nearly all of them. The dataset
# offers the five found in the most pages.
SEARCH_TERMS = {
    "en": ["traffic", "waste", "energy", "health", "residents", "flood", "transport"],
    "th": ["จราจร", "ขยะ", "พลังงาน", "สุขภาพ", "ประชาชน", "น้ำท่วม", "ขนส่ง"],
    "vi": ["giao thông", "rác thải", "năng lượng", "sức khỏe", "người dân"],
}
