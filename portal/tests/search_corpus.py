"""A small corpus in each content language, and what searching it must find.

PAGES[language][key] = (title, introduction, body paragraph): smart-city pages as an
editor would write them. QUERIES[language] = [(query, keys of the pages it must find)]:
within the corpus the results must be exactly these pages, so an empty set is a query
that must find nothing (a word no page has, or a false friend such as 京都 in 東京都).
Each query says in a comment what it checks; the English glosses are for reviewers."""

PAGES = {
    "en": {
        "bus": (
            "Smart bus network in Bangkok",
            "Real-time bus tracking helps commuters plan their journeys.",
            "Residents report broken bus shelters through the Traffy Fondue app.",
        ),
        "flood": (
            "Flood early warning in Chiang Mai",
            "Water-level sensors along the Ping River send alerts before streets flood.",
            "The city publishes the readings as open data.",
        ),
        "waste": (
            "Waste sorting and recycling in Phuket",
            "Smart bins tell the municipality when they are full.",
            "Collection trucks follow routes planned from the bins' reports.",
        ),
    },
    "th": {
        # Smart bus system in Bangkok (Krung Thep Maha Nakhon, one dictionary word)
        "bus": (
            "ระบบรถโดยสารอัจฉริยะในกรุงเทพมหานคร",
            "ผู้โดยสารสามารถติดตามตำแหน่งรถเมล์แบบเรียลไทม์ผ่านแอปพลิเคชัน ช่วยลดเวลารอที่ป้ายรถเมล์",
            "ประชาชนแจ้งปัญหาป้ายรถเมล์ชำรุดผ่าน Traffy Fondue",
        ),
        # Flood warning sensors in Chiang Mai
        "flood": (
            "เซนเซอร์เตือนภัยน้ำท่วมในเชียงใหม่",
            "เซนเซอร์วัดระดับน้ำริมแม่น้ำปิงส่งข้อความเตือนประชาชนก่อนน้ำท่วม",
            "เทศบาลเปิดเผยข้อมูลระดับน้ำให้ทุกคนใช้ได้",
        ),
        # Data-driven waste management in Phuket
        "waste": (
            "การจัดการขยะด้วยข้อมูลในภูเก็ต",
            "เทศบาลใช้ถังขยะอัจฉริยะที่แจ้งเตือนเมื่อขยะเต็ม",
            "รถเก็บขยะวิ่งตามเส้นทางที่วางแผนจากข้อมูลของถังขยะ",
        ),
    },
    "km": {
        # Smart bus system in Phnom Penh
        "bus": (
            "ប្រព័ន្ធឡានក្រុងឆ្លាតវៃនៅភ្នំពេញ",
            "អ្នកដំណើរអាចតាមដានទីតាំងឡានក្រុងតាមពេលវេលាជាក់ស្តែងតាមរយៈកម្មវិធីទូរស័ព្ទ",
            "ការរង់ចាំនៅចំណតកាន់តែខ្លី",
        ),
        # Waste management in Siem Reap
        "waste": (
            "ការគ្រប់គ្រងសំរាមនៅសៀមរាប",
            "សាលាក្រុងប្រើធុងសំរាមឆ្លាតវៃដែលជូនដំណឹងនៅពេលពេញ",
            "រថយន្តប្រមូលសំរាមធ្វើដំណើរតាមផ្លូវដែលបានគ្រោងទុក",
        ),
        # Flood warning system
        "flood": (
            "ប្រព័ន្ធព្រមានទឹកជំនន់",
            "ឧបករណ៍ចាប់សញ្ញាវាស់កម្ពស់ទឹកទន្លេ ហើយផ្ញើសារព្រមានដល់ប្រជាពលរដ្ឋ",
            "ទិន្នន័យត្រូវបានចែករំលែកជាសាធារណៈ",
        ),
    },
    "lo": {
        # Smart buses in Vientiane Capital (Nakhone Luang Viangchan)
        "bus": (
            "ລົດເມອັດສະລິຍະໃນນະຄອນຫຼວງວຽງຈັນ",
            "ຜູ້ໂດຍສານສາມາດຕິດຕາມລົດເມຜ່ານແອັບໂທລະສັບ",
            "ເວລາລໍຖ້າຢູ່ປ້າຍລົດເມສັ້ນລົງ",
        ),
        # Tap water supply in Luang Prabang
        "water": (
            "ການສະໜອງນ້ຳປະປາໃນຫຼວງພະບາງ",
            "ເຊັນເຊີກວດຈັບການຮົ່ວໄຫຼຂອງທໍ່ນ້ຳ",
            "ພະນັກງານສ້ອມແປງທໍ່ໄດ້ໄວຂຶ້ນ",
        ),
        # Smart tourism
        "tourism": (
            "ການທ່ອງທ່ຽວອັດສະລິຍະ",
            "ນັກທ່ອງທ່ຽວໃຊ້ແຜນທີ່ດິຈິຕອນເພື່ອຊອກຫາວັດ ແລະ ຕະຫຼາດ",
            "ຮ້ານຄ້າຮັບການຈ່າຍເງິນຜ່ານ QR",
        ),
    },
    "my": {
        # Yangon smart traffic lights
        "traffic": (
            "ရန်ကုန်မြို့ စမတ်မီးပွိုင့်စနစ်",
            "ယာဉ်ကြောပိတ်ဆို့မှုကို လျှော့ချရန် ကင်မရာများဖြင့် ယာဉ်အသွားအလာကို စောင့်ကြည့်သည်",
            "မီးပွိုင့်များသည် ယာဉ်အရေအတွက်အလိုက် အချိန်ကို ပြောင်းလဲသည်",
        ),
        # Mandalay water supply
        "water": (
            "မန္တလေးမြို့ ရေပေးဝေရေးစနစ်",
            "အာရုံခံကိရိယာများက ရေပိုက်ယိုစိမ့်မှုကို ရှာဖွေသည်",
            "ပြုပြင်ရေးအဖွဲ့များ ပိုမိုမြန်ဆန်စွာ ရောက်ရှိသည်",
        ),
        # Waste management in Naypyidaw
        "waste": (
            "အမှိုက်စီမံခန့်ခွဲမှု",
            "နေပြည်တော်တွင် အမှိုက်ပုံးများ ပြည့်သောအခါ သတိပေးချက် ပေးပို့သည်",
            "အမှိုက်သိမ်းကားများ လမ်းကြောင်းကို စီစဉ်သည်",
        ),
    },
    "ja": {
        # Smart buses of the Tokyo Metropolis
        "bus": (
            "東京都のスマートバス",
            "乗客はアプリでバスの位置をリアルタイムに確認できます。",
            "停留所での待ち時間が短くなりました。",
        ),
        # Aizuwakamatsu disaster information
        "disaster": (
            "会津若松市の防災情報システム",
            "ドローンで撮影した映像を使い、災害の状況を市民に知らせます。",
            "避難所の混雑状況も地図で確認できます。",
        ),
        # Yokohama smart energy
        "energy": (
            "横浜市のスマートエネルギー",
            "家庭の太陽光発電と蓄電池をつなぎ、電力の需要を調整します。",
            "停電の時も地域で電気を分け合えます。",
        ),
    },
    "vi": {
        # Smart traffic in Hanoi
        "traffic": (
            "Hệ thống giao thông thông minh ở Hà Nội",
            "Camera và cảm biến giúp điều khiển đèn tín hiệu, giảm ùn tắc giao thông.",
            "Người dân xem tình trạng đường phố trên ứng dụng.",
        ),
        # Da Nang smart city
        "danang": (
            "Thành phố thông minh Đà Nẵng",
            "Trung tâm điều hành theo dõi chất lượng nước và an ninh đô thị.",
            "Dữ liệu được chia sẻ với các sở ban ngành.",
        ),
        # Waste management in Ho Chi Minh City
        "waste": (
            "Quản lý rác thải tại Thành phố Hồ Chí Minh",
            "Xe thu gom rác được theo dõi bằng GPS để tối ưu tuyến đường.",
            "Người dân phân loại rác tại nguồn.",
        ),
    },
    "id": {
        # Flood early warning in Jakarta
        "flood": (
            "Sistem peringatan dini banjir di Jakarta",
            "Sensor ketinggian air di sungai mengirimkan peringatan kepada warga melalui aplikasi.",
            "Data curah hujan dibuka untuk umum.",
        ),
        # Waste management in Surabaya
        "waste": (
            "Pengelolaan sampah di Surabaya",
            "Pemerintah kota membangun bank sampah dan mengembangkan pengolahan kompos.",
            "Warga menukar sampah plastik dengan tiket bus.",
        ),
        # Building public transport in Bandung
        "transport": (
            "Pembangunan transportasi publik Bandung",
            "Bus listrik dikembangkan untuk mengurangi kemacetan.",
            "Halte baru dilengkapi papan informasi digital.",
        ),
    },
    "ms": {
        # Smart public transport in Kuala Lumpur
        "transport": (
            "Pengangkutan awam pintar di Kuala Lumpur",
            "Penumpang boleh menjejak kedudukan bas secara masa nyata melalui aplikasi telefon.",
            "Masa menunggu di perhentian menjadi lebih singkat.",
        ),
        # Solid waste management in Penang
        "waste": (
            "Pengurusan sisa pepejal di Pulau Pinang",
            "Majlis bandaraya menggunakan tong sampah pintar yang memberi amaran apabila penuh.",
            "Lori sampah mengikut laluan yang dirancang.",
        ),
        # Renewable energy in Johor Bahru
        "energy": (
            "Tenaga boleh baharu di Johor Bahru",
            "Panel solar dipasang di bangunan kerajaan untuk menjimatkan elektrik.",
            "Penduduk boleh melihat penjimatan tenaga dalam talian.",
        ),
    },
    "fil": {
        # Smart traffic system in Manila
        "traffic": (
            "Matalinong sistema ng trapiko sa Maynila",
            "Gumagamit ang lungsod ng mga camera at sensor upang bawasan ang trapiko sa EDSA at Parañaque.",
            "Makikita ng mga motorista ang kalagayan ng kalsada sa app.",
        ),
        # Water management in Cebu
        "water": (
            "Pamamahala ng tubig sa Cebu",
            "Natutukoy ng mga sensor ang tagas sa mga tubo ng tubig.",
            "Mas mabilis nang naaayos ang mga sirang tubo.",
        ),
        # Public safety centre in Davao
        "safety": (
            "Sentro ng pampublikong kaligtasan sa Davao",
            "Tumatawag ang mga residente sa numerong 911 para sa mabilis na pagresponde.",
            "Nakakonekta ang mga CCTV ng lungsod sa sentro.",
        ),
    },
}

QUERIES = {
    "en": [
        ("bus", {"bus"}),
        ("sensors", {"flood"}),
        ("recycling", {"waste"}),
        ("smart", {"bus", "waste"}),
        ("bus tracking", {"bus"}),
        ('"Traffy Fondue"', {"bus"}),
        ("Chiang Mai", {"flood"}),
        ("tram", set()),  # no page has it
        ("bus flood", set()),  # every word must match
    ],
    "th": [
        ("กรุงเทพ", {"bus"}),  # Bangkok, inside the compound กรุงเทพมหานคร
        ("กรุงเทพมหานคร", {"bus"}),
        ("รถเมล์", {"bus"}),  # city bus
        ("ป้ายรถเมล์", {"bus"}),  # bus stop: two words typed as one
        ("น้ำท่วม", {"flood"}),  # flood
        ("เชียงใหม่", {"flood"}),  # Chiang Mai
        ("เซนเซอร์", {"flood"}),  # sensor
        ("ระดับน้ำ", {"flood"}),  # water level
        ("ขยะ", {"waste"}),  # waste
        ("ภูเก็ต", {"waste"}),  # Phuket
        ("อัจฉริยะ", {"bus", "waste"}),  # smart
        ("ถังขยะ อัจฉริยะ", {"waste"}),  # smart bin, two words
        ("Traffy", {"bus"}),
        ("รถไฟฟ้า", set()),  # skytrain: no page has it
        ("ขยะ เชียงใหม่", set()),  # waste + Chiang Mai: no page has both
    ],
    "km": [
        ("ភ្នំពេញ", {"bus"}),  # Phnom Penh
        ("ឡានក្រុង", {"bus"}),  # city bus
        ("ឆ្លាតវៃ", {"bus", "waste"}),  # smart
        ("សំរាម", {"waste"}),  # waste
        ("សៀមរាប", {"waste"}),  # Siem Reap
        ("ទឹកជំនន់", {"flood"}),  # flood
        ("ព្រមាន", {"flood"}),  # warn
        ("ប្រព័ន្ធ", {"bus", "flood"}),  # system
        ("អគ្គិសនី", set()),  # electricity: no page has it
    ],
    "lo": [
        ("ວຽງຈັນ", {"bus"}),  # Vientiane, inside ນະຄອນຫຼວງວຽງຈັນ
        ("ລົດເມ", {"bus"}),  # bus
        ("ນ້ຳປະປາ", {"water"}),  # tap water
        ("ຫຼວງພະບາງ", {"water"}),  # Luang Prabang
        ("ອັດສະລິຍະ", {"bus", "tourism"}),  # smart
        ("ນັກທ່ອງທ່ຽວ", {"tourism"}),  # tourist
        ("ທໍ່ນ້ຳ", {"water"}),  # water pipe
        ("ໄຟຟ້າ", set()),  # electricity: no page has it
    ],
    "my": [
        ("ရန်ကုန်", {"traffic"}),  # Yangon
        ("မန္တလေး", {"water"}),  # Mandalay
        ("နေပြည်တော်", {"waste"}),  # Naypyidaw
        ("မီးပွိုင့်", {"traffic"}),  # traffic light
        ("အမှိုက်", {"waste"}),  # rubbish
        ("စနစ်", {"traffic", "water"}),  # system
        ("ရေပိုက်", {"water"}),  # water pipe
        ("ပိုက်", {"water"}),  # pipe, inside the word ရေပိုက်
        ("မြို့", {"traffic", "water"}),  # city
        ("ကား", {"waste"}),  # car (rubbish trucks)
        ("လျှပ်စစ်", set()),  # electricity: no page has it
    ],
    "ja": [
        ("東京", {"bus"}),  # Tokyo, in 東京都
        ("バス", {"bus"}),  # bus, in スマートバス
        ("スマート", {"bus", "energy"}),  # smart
        ("防災", {"disaster"}),  # disaster prevention
        ("ドローン", {"disaster"}),  # drone
        ("蓄電池", {"energy"}),  # storage battery
        ("太陽光", {"energy"}),  # solar
        ("会津若松", {"disaster"}),  # Aizuwakamatsu
        ("ｽﾏｰﾄ", {"bus", "energy"}),  # half-width katakana
        ("京都", set()),  # Kyoto: not Tokyo (東京都), a false friend
        ("地下鉄", set()),  # subway: no page has it
    ],
    "vi": [
        ("Hà Nội", {"traffic"}),
        ("Ha Noi", {"traffic"}),  # without diacritics
        ("ha noi", {"traffic"}),
        ("Đà Nẵng", {"danang"}),
        ("Da Nang", {"danang"}),  # đ → d, ẵ → a
        ("thông minh", {"traffic", "danang"}),  # smart
        ("thong minh", {"traffic", "danang"}),
        ("rac thai", {"waste"}),  # rác thải, waste
        ("un tac", {"traffic"}),  # ùn tắc, congestion
        ("Ho Chi Minh", {"waste"}),
        ('"thanh pho"', {"danang", "waste"}),  # a phrase, folded
        ("điện mặt trời", set()),  # solar power: no page has it
    ],
    "id": [
        ("banjir", {"flood"}),  # flood
        ("peringatan", {"flood"}),  # warning
        ("ingat", {"flood"}),  # per-ingat-an
        ("sampah", {"waste"}),  # rubbish
        ("kelola", {"waste"}),  # peng-elola-an, manage
        ("bangun", {"waste", "transport"}),  # mem-bangun, pem-bangun-an
        ("pembangunan", {"waste", "transport"}),  # same stem as membangun
        ("kembang", {"waste", "transport"}),  # meng-embang-kan, di-kembang-kan
        ("macet", {"transport"}),  # ke-macet-an, congestion
        ("bus listrik", {"transport"}),  # electric bus
        ("kereta", set()),  # train: no page has it
        ("banjir sampah", set()),  # no page has both
    ],
    "ms": [
        ("pintar", {"transport", "waste"}),  # smart
        ("bas", {"transport"}),  # bus
        ("angkut", {"transport"}),  # peng-angkut-an, transport
        ("urus", {"waste"}),  # peng-urus-an, management
        ("sampah", {"waste"}),  # rubbish
        ("jimat", {"energy"}),  # men-jimat-kan, pen-jimat-an, save
        ("bangunan", {"energy"}),  # building
        ("kerajaan", {"energy"}),  # government
        ("Pulau Pinang", {"waste"}),
        ("banjir", set()),  # flood: no page has it
    ],
    "fil": [
        ("trapiko", {"traffic"}),  # traffic
        ("Maynila", {"traffic"}),  # Manila
        ("Paranaque", {"traffic"}),  # Parañaque without the tilde
        ("tubig", {"water"}),  # water
        ("sensor", {"traffic", "water"}),
        ("kaligtasan", {"safety"}),  # safety
        ("EDSA", {"traffic"}),
        ("tubo ng tubig", {"water"}),  # water pipes
        ("basura", set()),  # rubbish: no page has it
    ],
}
