"""The portal's content languages (PRODUCT.md › Languages). English is the source."""

CONTENT_LANGUAGES = [
    ("en", "English"),
    ("id", "Bahasa Indonesia"),
    ("ms", "Bahasa Melayu"),
    ("th", "ไทย (Thai)"),
    ("vi", "Tiếng Việt (Vietnamese)"),
    ("fil", "Filipino"),
    ("km", "ខ្មែរ (Khmer)"),
    ("lo", "ລາວ (Lao)"),
    ("my", "မြန်မာ (Burmese)"),
    ("ja", "日本語 (Japanese)"),
]
