"""The portal's content languages (PRODUCT.md › Languages). English is the source."""

# (code, English name, name in the language itself)
LANGUAGES = [
    ("en", "English", "English"),
    ("id", "Indonesian", "Bahasa Indonesia"),
    ("ms", "Malay", "Bahasa Melayu"),
    ("th", "Thai", "ไทย"),
    ("vi", "Vietnamese", "Tiếng Việt"),
    ("fil", "Filipino", "Filipino"),
    ("km", "Khmer", "ខ្មែរ"),
    ("lo", "Lao", "ລາວ"),
    ("my", "Burmese", "မြန်မာ"),
    ("ja", "Japanese", "日本語"),
]
SOURCE_LANGUAGE = "en"

# For choices: "ไทย (Thai)", so each reader finds their own language.
CONTENT_LANGUAGES = [
    (code, native if native == english else f"{native} ({english})") for code, english, native in LANGUAGES
]
