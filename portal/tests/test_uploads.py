"""Uploads are checked by content (portal/uploads.py): hostile files sent through the real admin
upload views, as a city editor, are refused with a clear message and leave nothing behind;
genuine ones are accepted; documents are served as downloads that browsers won't sniff."""

import functools
import io
import struct
import zipfile
import zlib
from pathlib import Path

import olefile
import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from fpdf import FPDF
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import UploadedFile

from portal.uploads import check_document, check_image_content, describe, safe_filename, verify_image

# --- Files, genuine and hostile, made here -------------------------------------------

HTML_PAGE = b"<!DOCTYPE html>\n<html><body><script>alert(document.cookie)</script></body></html>\n"
SVG_WITH_SCRIPT = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(document.domain)</script><rect width='10' height='10'/></svg>\n"
)


def pdf_bytes(pages=1, padding=0):
    pdf = FPDF()
    for number in range(pages):
        pdf.add_page()
        pdf.set_font("helvetica", size=12)
        pdf.cell(text=f"Smart city report, page {number + 1}")
    # A PDF comment at the end makes the file as large as a test needs.
    return bytes(pdf.output()) + b"%" + b"x" * padding + b"\n"


def image_bytes(format="PNG", size=(40, 30), mode="RGB"):
    buffer = io.BytesIO()
    PILImage.new(mode, size, "teal" if mode == "RGB" else 1).save(buffer, format=format)
    return buffer.getvalue()


def zip_bytes(entries, compression=zipfile.ZIP_DEFLATED):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "docm": "application/vnd.ms-word.document.macroEnabled.main+xml",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
}
MAIN_PART = {
    "docx": "word/document.xml",
    "docm": "word/document.xml",
    "xlsx": "xl/workbook.xml",
    "pptx": "ppt/presentation.xml",
}


def ooxml_bytes(kind="docx", extra=None):
    """A minimal Office Open XML package, as Word, Excel or PowerPoint write it."""
    main = MAIN_PART[kind]
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/{main}" ContentType="{CONTENT_TYPES[kind]}"/></Types>'
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        f'officeDocument" Target="{main}"/></Relationships>'
    )
    body = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>Aizuwakamatsu smart city</w:t></w:r></w:p></w:body></w:document>"
    )
    return zip_bytes({"[Content_Types].xml": content_types, "_rels/.rels": rels, main: body, **(extra or {})})


def odf_bytes(kind="text"):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        # ODF's rule: "mimetype" first and stored, so its content sits at a fixed offset.
        archive.writestr("mimetype", f"application/vnd.oasis.opendocument.{kind}", zipfile.ZIP_STORED)
        archive.writestr("content.xml", "<office:document-content/>", zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", "<manifest:manifest/>", zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def ole_bytes(stream_name, size=4096):
    """A minimal OLE2 compound file (the .doc/.xls/.ppt container) holding one stream: a header,
    one FAT sector, one directory sector, then the stream in regular 512-byte sectors."""
    end, free, fat_sector, no_stream = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
    stream_sectors = size // 512
    header = olefile.MAGIC + bytes(16) + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + bytes(6)
    header += struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, end, 0, end, 0)
    header += struct.pack("<I", 0) + struct.pack("<I", free) * 108
    fat = [fat_sector, end] + [3 + n for n in range(stream_sectors - 1)] + [end]
    fat_bytes = struct.pack(f"<{len(fat)}I", *fat) + struct.pack("<I", free) * (128 - len(fat))

    def entry(name, kind, child, start, length):
        encoded = name.encode("utf-16-le") + b"\x00\x00"
        return (
            encoded.ljust(64, b"\x00")
            + struct.pack("<HBB", len(encoded), kind, 1)
            + struct.pack("<III", no_stream, no_stream, child)
            + bytes(16 + 4 + 16)
            + struct.pack("<IQ", start, length)
        )

    directory = entry("Root Entry", 5, 1, end, 0) + entry(stream_name, 2, no_stream, 2, size)
    directory = directory.ljust(512, b"\x00")
    return header + fat_bytes + directory + b"\x01" * size


def mp4_bytes(padding=0):
    ftyp = struct.pack(">I", 24) + b"ftypisom" + struct.pack(">I", 0x200) + b"isomiso2"
    free = struct.pack(">I", 8 + padding) + b"free" + bytes(padding)
    return ftyp + free


def webm_bytes():
    # EBML header: version fields, then DocType "webm".
    return (
        bytes.fromhex("1a45dfa3")
        + bytes([0x9F])
        + bytes.fromhex("4286810142f7810142f2810442f381084282")
        + b"\x84webm"
        + bytes(64)
    )


def deflate_repeated(block, count):
    """A raw deflate stream of `block` repeated `count` times, made in milliseconds: after a
    full flush the compressor starts afresh, so every further block compresses to the same bytes."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    again = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    return first + again * (count - 1) + compressor.flush()


def zip_bomb(name="zeros.txt", size=1 << 30):
    """A genuine ZIP holding one deflated entry that unpacks to `size` bytes (1 GiB) of zeros,
    about 1 MB on disk. zipfile can't store ready-compressed data, so the headers are written
    here (APPNOTE 4.3.7, 4.3.12, 4.3.16)."""
    zeros = bytes(1 << 20)
    data = deflate_repeated(zeros, size >> 20)
    crc = 0
    for _ in range(size >> 20):
        crc = zlib.crc32(zeros, crc)
    encoded = name.encode()
    fields = struct.pack("<HHHHHIII", 20, 0, 8, 0, 0x21, crc, len(data), size)
    local = b"PK\x03\x04" + fields + struct.pack("<HH", len(encoded), 0) + encoded
    central = (
        b"PK\x01\x02"
        + struct.pack("<H", 20)
        + fields
        + struct.pack("<HHHHHII", len(encoded), 0, 0, 0, 0, 0, 0)
        + encoded
    )
    end = b"PK\x05\x06" + struct.pack("<HHHHIIH", 0, 0, 1, 1, len(central), len(local) + len(data), 0)
    return local + data + central + end


@pytest.fixture(scope="module")
def bomb():
    content = zip_bomb()
    assert len(content) < 2 * 1024 * 1024, "a bomb of modest real size"
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert archive.infolist()[0].file_size == 1 << 30
    return content


@functools.cache
def pixel_bomb():
    """A valid 1-bit PNG of 20000 × 20000 pixels (400 megapixels), 80 kB on disk.
    Written here rather than by Pillow, whose encoder takes seconds over 400 megapixels."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    width = height = 20000
    rows = (b"\x00" + b"\xff" * (width // 8)) * 1000  # each row: filter "none", then white pixels
    checksum = 1
    for _ in range(height // 1000):
        checksum = zlib.adler32(rows, checksum)
    pixels = b"\x78\xda" + deflate_repeated(rows, height // 1000) + struct.pack(">I", checksum)  # zlib format
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1 bit, greyscale
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


# --- Through the admin, as a city editor ------------------------------------------------


@pytest.fixture
def editor(client, db):
    client.force_login(get_user_model().objects.get(username="aizuwakamatsu-editor"))
    return client


def media_files():
    """Uploaded files; not Wagtail's renditions (images/), which admin pages make of stored images."""
    root = Path(settings.MEDIA_ROOT)
    files = (str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())
    return sorted(name for name in files if not name.startswith("images/"))


def stored():
    """Everything an upload can leave behind: rows and files."""
    return (
        get_document_model().objects.count(),
        get_image_model().objects.count(),
        UploadedFile.objects.count(),
        media_files(),
    )


def post_document(client, name, content):
    return client.post("/admin/documents/add/", {"title": "Upload", "file": SimpleUploadedFile(name, content)})


def post_image(client, name, content):
    return client.post("/admin/images/add/", {"title": "Upload", "file": SimpleUploadedFile(name, content)})


def post_multiple(client, kind, name, content):
    response = client.post(f"/admin/{kind}/multiple/add/", {"files[]": SimpleUploadedFile(name, content)})
    assert response.status_code == 200, response.status_code
    return response.json()


def form_errors(response):
    assert response.status_code == 200, f"expected the form again, got {response.status_code}"
    return " ".join(response.context["form"].errors.get("file", []))


REFUSED_DOCUMENTS = [
    (
        "report.pdf",
        lambda: HTML_PAGE,
        "“report.pdf” is named .pdf but its content is an HTML page, not a PDF document.",
    ),
    ("drawing.svg", lambda: SVG_WITH_SCRIPT, "SVG files are not accepted, because an SVG can carry scripts"),
    ("notes.txt", lambda: SVG_WITH_SCRIPT, "its content is an SVG image, not a plain text file"),
    ("data.csv", lambda: HTML_PAGE, "its content is an HTML page, not a CSV text file"),
    ("page.html", lambda: HTML_PAGE, "Web pages (HTML, XML) are not accepted"),
    ("setup.pdf", lambda: b"MZ\x90\x00" + bytes(200), "its content is a Windows program, not a PDF document"),
    ("budget.docx", lambda: ooxml_bytes("xlsx"), "its content is an Excel workbook (.xlsx), not a Word document"),
    ("minutes.docx", lambda: ooxml_bytes("docm"), "contains macros"),
    ("slides.pptx", lambda: zip_bytes({"slide.txt": "hello"}), "its content is a ZIP archive, not a PowerPoint"),
    ("legacy.doc", lambda: ole_bytes("Workbook"), "its content is an Excel 97–2003 workbook (.xls), not a Word"),
    ("talk.mp4", lambda: HTML_PAGE, "its content is an HTML page, not an MP4 video"),
    ("nested.zip", lambda: zip_bytes({"inner.zip": zip_bytes({"a.txt": "a"})}), "archives inside archives"),
    ("tools.zip", lambda: zip_bytes({"readme.txt": "x", "setup.exe": b"MZ" + bytes(64)}), "program or script"),
    ("slip.zip", lambda: zip_bytes({"../../etc/cron.d/job": "x"}), "unsafe path"),
    ("program.exe", lambda: b"MZ" + bytes(64), "files of type .exe are not accepted"),
]


@pytest.mark.parametrize("name,content,message", REFUSED_DOCUMENTS, ids=[case[0] for case in REFUSED_DOCUMENTS])
def test_hostile_documents_are_refused_and_leave_nothing(editor, name, content, message):
    before = stored()
    assert message in form_errors(post_document(editor, name, content()))
    assert stored() == before
    # The multiple uploader refuses the same file, with the same message, storing nothing.
    answer = post_multiple(editor, "documents", name, content())
    assert answer["success"] is False and message in answer["error_message"]
    assert stored() == before


def test_zip_bomb_is_refused_without_unpacking_it(editor, bomb):
    before = stored()
    for name in ("bomb.zip", "bomb.docx"):
        errors = form_errors(post_document(editor, name, bomb))
        assert "would unpack to 1.0\xa0GB" in errors and "zip bomb" in errors, errors
        answer = post_multiple(editor, "documents", name, bomb)
        assert answer["success"] is False and "zip bomb" in answer["error_message"]
    assert stored() == before


REFUSED_IMAGES = [
    ("logo.svg", lambda: SVG_WITH_SCRIPT, "SVG files are not accepted, because an SVG can carry scripts"),
    ("logo.png", lambda: SVG_WITH_SCRIPT, "“logo.png” is an SVG image. SVG is not accepted"),
    ("photo.jpg", lambda: HTML_PAGE, "“photo.jpg” is an HTML page, not an image."),
    ("scan.png", lambda: pdf_bytes(), "its content is a PDF document, not an image"),
    ("photo.jpg", lambda: image_bytes("PNG"), "Not a valid .jpeg image"),
    ("huge.png", pixel_bomb, "This file has too many pixels"),
    ("broken.png", lambda: image_bytes("PNG")[:60], "damaged image"),
]


@pytest.mark.parametrize(
    "name,content,message", REFUSED_IMAGES, ids=[f"{c[0]}-{i}" for i, c in enumerate(REFUSED_IMAGES)]
)
def test_hostile_images_are_refused_and_leave_nothing(editor, name, content, message):
    before = stored()
    assert message in form_errors(post_image(editor, name, content()))
    assert stored() == before
    answer = post_multiple(editor, "images", name, content())
    assert answer["success"] is False and message in answer["error_message"]
    assert stored() == before


def test_choosers_and_replacing_a_file_run_the_same_checks(editor):
    """The other ways an editor creates or changes an image or document: the choosers' upload
    tabs (from the page editor) and "replace file" on the edit page."""
    for url in ("/admin/documents/add/", "/admin/documents/multiple/add/", "/admin/images/multiple/add/"):
        assert editor.get(url).status_code == 200
    before = stored()
    response = editor.post(
        "/admin/documents/chooser/create/",
        {
            "document-chooser-upload-title": "Upload",
            "document-chooser-upload-file": SimpleUploadedFile("a.pdf", HTML_PAGE),
        },
    )
    assert "its content is an HTML page, not a PDF document" in response.json()["htmlFragment"]
    response = editor.post(
        "/admin/images/chooser/create/",
        {
            "image-chooser-upload-title": "Upload",
            "image-chooser-upload-file": SimpleUploadedFile("a.png", SVG_WITH_SCRIPT),
        },
    )
    assert "SVG is not accepted" in response.json()["htmlFragment"]
    assert stored() == before

    assert post_document(editor, "report.pdf", pdf_bytes()).status_code == 302
    assert post_image(editor, "photo.png", image_bytes("PNG")).status_code == 302
    document = get_document_model().objects.get(title="Upload")
    image = get_image_model().objects.get(title="Upload")
    before = stored()
    response = editor.post(
        f"/admin/documents/edit/{document.pk}/", {"title": "Upload", "file": SimpleUploadedFile("new.pdf", HTML_PAGE)}
    )
    assert "its content is an HTML page, not a PDF document" in form_errors(response)
    response = editor.post(
        f"/admin/images/{image.pk}/", {"title": "Upload", "file": SimpleUploadedFile("new.png", pixel_bomb())}
    )
    assert "This file has too many pixels" in form_errors(response)
    assert stored() == before
    document.refresh_from_db()
    assert document.file.open("rb").read(5) == b"%PDF-"


def test_oversized_files_are_refused(editor, settings):
    settings.UPLOAD_MAX_DOCUMENT_SIZE = 100 * 1024
    settings.UPLOAD_MAX_VIDEO_SIZE = settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 300 * 1024
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 50 * 1024
    before = stored()
    errors = form_errors(post_document(editor, "big.pdf", pdf_bytes(padding=150 * 1024)))
    assert "Documents may be at most 100.0\xa0KB" in errors
    errors = form_errors(post_document(editor, "long.mp4", mp4_bytes(padding=400 * 1024)))
    assert "This file is too big" in errors  # Wagtail's own limit, the larger of the two
    photo = image_bytes("PNG", size=(300, 300), mode="RGB") + bytes(60 * 1024)  # bytes after IEND
    assert "This file is too big" in form_errors(post_image(editor, "photo.png", photo))
    assert stored() == before
    # A video may be larger than a document.
    assert post_document(editor, "clip.mp4", mp4_bytes(padding=150 * 1024)).status_code == 302


GENUINE = [
    ("documents", "report.pdf", pdf_bytes),
    ("documents", "report.docx", ooxml_bytes),
    ("images", "photo.png", lambda: image_bytes("PNG")),
    ("images", "photo.jpg", lambda: image_bytes("JPEG")),
]


@pytest.mark.parametrize("kind,name,content", GENUINE, ids=[case[1] for case in GENUINE])
def test_genuine_files_are_accepted(editor, kind, name, content):
    model = get_document_model() if kind == "documents" else get_image_model()
    response = editor.post(
        f"/admin/{kind}/add/", {"title": f"Genuine {name}", "file": SimpleUploadedFile(name, content())}
    )
    assert response.status_code == 302, form_errors(response)
    item = model.objects.get(title=f"Genuine {name}")
    assert item.file.name.endswith(name.rpartition(".")[2]) and item.file.size > 0
    answer = post_multiple(editor, kind, name, content())
    assert answer["success"] is True, answer


def multipart(field, filename, content):
    """A multipart body as a hostile client may send it: Django's test client would strip the
    folder parts of a file name itself, a browser or a script need not."""
    boundary = "----portal-upload-test"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\nHostile name\r\n'.encode(),
        f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; filename="'.encode()
        + filename.encode()
        + b'"\r\nContent-Type: application/pdf\r\n\r\n'
        + content
        + b"\r\n",
        f"--{boundary}--\r\n".encode(),
    ]
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def test_file_names_are_sanitised(editor):
    hostile = "../../..\\evil\\.รายงาน\x07 <b>กรุงเทพ<b>\x1b.PDF"
    body, content_type = multipart("file", hostile, pdf_bytes())
    response = editor.post("/admin/documents/add/", body, content_type=content_type)
    assert response.status_code == 302, form_errors(response)
    document = get_document_model().objects.get(title="Hostile name")
    # No folders, no control characters, no leading dot, no markup; Thai transliterated.
    assert document.file.name.startswith("documents/rayngan-bkrungethphb") and document.file.name.endswith(".pdf")
    assert Path(document.file.path).resolve().is_relative_to(Path(settings.MEDIA_ROOT).resolve() / "documents")


def test_documents_download_with_content_disposition_and_nosniff(editor, client):
    for name, content in (("minutes.docx", ooxml_bytes()), ("report.pdf", pdf_bytes()), ("figures.csv", b"a,b\n1,2\n")):
        assert post_document(editor, name, content).status_code == 302
    documents = get_document_model().objects.filter(title="Upload").order_by("pk")
    dispositions = []
    for document in documents:
        response = client.get(document.url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == document.file.open("rb").read()
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Security-Policy"] == "default-src 'none'"
        dispositions.append(response["Content-Disposition"].replace(document.filename, "NAME"))
    # Only PDFs open in the browser (Wagtail's default); everything else is a download.
    assert [document.file_extension for document in documents] == ["docx", "pdf", "csv"]
    assert dispositions == ['attachment; filename="NAME"', 'inline; filename="NAME"', 'attachment; filename="NAME"']


# --- The checks themselves --------------------------------------------------------------


@pytest.mark.parametrize(
    "name,safe",
    [
        ("Annual Report 2024.PDF", "annual-report-2024.pdf"),
        ("../../etc/passwd", "passwd"),
        ("..\\..\\windows\\evil.docx", "evil.docx"),
        (".htaccess", "file.htaccess"),
        ("a\x00b\x1fc\u202e.pdf", "abc.pdf"),
        ("evil.php.pdf", "evil-php.pdf"),
        ("<img src=x onerror=alert(1)>.pdf", "img-srcx-onerroralert1.pdf"),
        # Thai keeps its vowel signs as a transliteration; Django's get_valid_filename drops them.
        ("กรุงเทพ รายงาน.pdf", "krungethph-rayngan.pdf"),
        ("Hà Nội báo cáo.pdf", "ha-noi-bao-cao.pdf"),
        ("...", "file"),
        ("x" * 300 + ".docx", "x" * 75 + ".docx"),  # 80 characters in all
    ],
)
def test_safe_filename(name, safe):
    assert safe_filename(name) == safe


def check(name, content):
    check_document(io.BytesIO(content), name)


@pytest.mark.parametrize(
    "name,content",
    [
        ("report.pdf", pdf_bytes()),
        ("report.docx", ooxml_bytes("docx")),
        ("budget.xlsx", ooxml_bytes("xlsx")),
        ("slides.pptx", ooxml_bytes("pptx")),
        ("notes.odt", odf_bytes("text")),
        ("sheet.ods", odf_bytes("spreadsheet")),
        ("talk.odp", odf_bytes("presentation")),
        ("letter.doc", ole_bytes("WordDocument")),
        ("table.xls", ole_bytes("Workbook")),
        ("deck.ppt", ole_bytes("PowerPoint Document")),
        ("clip.mp4", mp4_bytes()),
        ("clip.webm", webm_bytes()),
        ("data.csv", "city,population\nกรุงเทพมหานคร,10539000\n会津若松市,113000\n".encode()),
        ("data.csv", "city\tcount\r\nĐà Nẵng\t1\r\n".encode("utf-16")),
        ("notes.txt", "Smart-city notes; 5 < 6 and a <b>bold</b> claim.\n".encode("shift_jis")),
        ("letter.rtf", rb"{\rtf1\ansi Hello}"),
        # A presentation with its chart's workbook embedded, in a ZIP of materials.
        (
            "materials.zip",
            zip_bytes({"deck.pptx": ooxml_bytes("pptx", {"ppt/embeddings/chart.xlsx": ooxml_bytes("xlsx")})}),
        ),
    ],
)
def test_genuine_documents_pass(name, content):
    check(name, content)


def refusal(name, content):
    with pytest.raises(ValidationError) as raised:
        check(name, content)
    return raised.value.code, raised.value.messages[0]


def test_archive_whose_header_understates_its_size_is_refused():
    honest = zip_bytes({"data.txt": b"0" * 5_000_000})
    # Claim 1 kB unpacked, in both headers: zipfile then stops early and the CRC cannot match.
    lying = honest.replace(struct.pack("<I", 5_000_000), struct.pack("<I", 1000))
    assert refusal("data.zip", lying)[0] == "damaged"


def test_archive_limits(settings):
    settings.UPLOAD_ARCHIVE_MAX_ENTRIES = 10
    assert refusal("many.zip", zip_bytes({f"{n}.txt": "x" for n in range(11)}))[0] == "archive_too_many_entries"
    settings.UPLOAD_ARCHIVE_MAX_RATIO = 50
    code, message = refusal("zeros.zip", zip_bytes({"zeros.txt": bytes(20 * 1024 * 1024)}))
    assert code == "archive_ratio" and "zip bomb" in message
    settings.UPLOAD_ARCHIVE_MAX_UNPACKED_SIZE = 1024 * 1024
    code, message = refusal("big.docx", ooxml_bytes("docx", {"word/media/big.bin": bytes(2 * 1024 * 1024)}))
    assert code == "archive_too_large"


def test_nested_archives():
    # Office documents inside office documents are fine up to two levels, not deeper.
    deep = ooxml_bytes(
        "xlsx", {"xl/embeddings/a.docx": ooxml_bytes("docx", {"word/embeddings/b.xlsx": ooxml_bytes("xlsx")})}
    )
    assert refusal("deep.pptx", ooxml_bytes("pptx", {"ppt/embeddings/deep.xlsx": deep}))[0] == "archive_nested"
    # A ZIP named like an Office document inside an archive is still a ZIP.
    assert refusal("fake.zip", zip_bytes({"fake.docx": zip_bytes({"a.txt": "a"})}))[0] == "archive_nested"
    assert refusal("tar.zip", zip_bytes({"data.tar.gz": b"\x1f\x8b" + bytes(40)}))[0] == "archive_nested"


def test_encrypted_entries_and_macros():
    encrypted = bytearray(zip_bytes({"secret.txt": "x"}))
    # Set the "encrypted" flag of the entry, in the central directory and the local header.
    for signature, offset in ((b"PK\x01\x02", 8), (b"PK\x03\x04", 6)):
        at = encrypted.index(signature) + offset
        encrypted[at] |= 1
    assert refusal("secret.zip", bytes(encrypted))[0] == "encrypted"
    assert refusal("report.docx", ooxml_bytes("docx", {"word/vbaProject.bin": b"x"}))[0] == "macros"
    assert refusal("protected.docx", ole_bytes("EncryptedPackage"))[0] == "encrypted"
    assert refusal("letter.rtf", rb"{\rtf1 {\object\objemb {\*\objdata 0105}}}")[0] == "rtf_objects"


def test_describe_names_what_content_is():
    assert describe(HTML_PAGE) == "an HTML page"
    assert describe(b"\xef\xbb\xbf  <svg xmlns='http://www.w3.org/2000/svg'/>") == "an SVG image"
    assert describe(pdf_bytes()) == "a PDF document"
    assert describe(image_bytes("JPEG")) == "a JPEG image"
    assert describe(b"\x7fELF\x02\x01\x01" + bytes(60)) == "a Linux program"
    assert describe(b"#!/bin/sh\nrm -rf /\n") == "a script"


def test_image_checks_without_the_admin():
    with pytest.raises(ValidationError, match="SVG"):
        check_image_content(io.BytesIO(b"<svg onload='alert(1)'/>"), "icon.webp")
    with pytest.raises(ValidationError, match="damaged"):
        verify_image(io.BytesIO(image_bytes("PNG")[:-20]), "cut.png")
    verify_image(io.BytesIO(image_bytes("WEBP")), "photo.webp")
