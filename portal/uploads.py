"""Upload checks: images and documents are accepted for what they contain, not for their names.

Wagtail's own fields check sizes, and for images that the extension matches the format and the
pixel count. What they leave to us is here: every document's content must be what its extension
says (an HTML page named ``.pdf`` is refused, naming what it really is), SVG and HTML are never
accepted, archives (ZIP and the ZIP-based Office formats) are unpacked as far as it takes to
prove they are not bombs, damaged images are a form error rather than a server error, and
stored names are safe ASCII slugs.

The form bases at the end are Wagtail's ``WAGTAILIMAGES_IMAGE_FORM_BASE`` and
``WAGTAILDOCS_DOCUMENT_FORM_BASE``, so every admin form that creates or replaces an image or a
document runs these checks: add, edit, multiple upload and the choosers' upload tabs.
Limits are settings (docs/configuration.md, "Uploads"); docs/security.md tells the why.
"""

import codecs
import io
import re
import struct
import unicodedata
import warnings
import zipfile
from zlib import error as zlib_error

import filetype
import olefile
from anyascii import anyascii
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.text import slugify
from filetype.types import video as filetype_video
from PIL import Image as PILImage
from wagtail.documents.fields import WagtailDocumentField
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

HEAD_SIZE = 64 * 1024
CHUNK_SIZE = 1024 * 1024
# Longest stored file name: Wagtail's file columns hold 100 characters, folder included, and
# Django may add a 7-character suffix to keep names unique.
MAX_NAME_LENGTH = 80
# Below this unpacked size an archive cannot hurt, whatever its compression ratio.
RATIO_FLOOR = 10 * 1024 * 1024
# Office documents may embed Office documents (a chart's workbook in a presentation) and a ZIP
# may hold Office documents; those are checked too, at most this deep.
MAX_NESTING = 2


def refuse(message, code):
    return ValidationError(message, code=code)


# --- File names ------------------------------------------------------------------


def safe_filename(name, default="file"):
    """A stored name that is safe on every file system and in every header: no folder parts,
    no control characters, no leading dots, an ASCII slug with the extension kept.

    Django's get_valid_filename keeps Unicode letters but drops combining marks, which
    mangles Thai, Khmer, Lao and Burmese words (กรุงเทพ → กรงเทพ); a transliteration stays
    readable instead (krungethph), as Wagtail does for image files. Titles keep the original.
    """
    name = unicodedata.normalize("NFC", str(name)).replace("\\", "/").rsplit("/", 1)[-1]
    # Control, format, private-use and unassigned characters ("C*") go.
    name = "".join(ch for ch in name if not unicodedata.category(ch).startswith("C"))
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = extension, ""
    extension = re.sub(r"[^a-z0-9]", "", extension.lower())[:10]
    stem = slugify(anyascii(stem).replace(".", " ").replace("_", " "))
    stem = stem[: MAX_NAME_LENGTH - len(extension) - 1].strip("-") or default
    return f"{stem}.{extension}" if extension else stem


def extension_of(name):
    return name.rpartition(".")[2].lower() if "." in name else ""


# --- What a file really is ---------------------------------------------------------

# The patterns a browser's MIME sniffer takes for HTML (WHATWG MIME Sniffing, "scriptable").
_HTML_STARTS = tuple(
    f"<{tag}".encode()
    for tag in (
        "!doctype html", "html", "head", "script", "iframe", "h1", "div", "font", "table",
        "a", "style", "title", "b", "body", "br", "p", "!--", "object", "embed", "meta",
    )
)  # fmt: skip
_HTML_ANYWHERE = (b"<script", b"<html", b"<svg", b"<iframe", b"<body")
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")

_LABELS = {
    "pdf": "a PDF document",
    "doc": "a Word 97–2003 document (.doc)",
    "docx": "a Word document (.docx)",
    "xls": "an Excel 97–2003 workbook (.xls)",
    "xlsx": "an Excel workbook (.xlsx)",
    "ppt": "a PowerPoint 97–2003 presentation (.ppt)",
    "pptx": "a PowerPoint presentation (.pptx)",
    "odt": "an OpenDocument text (.odt)",
    "ods": "an OpenDocument spreadsheet (.ods)",
    "odp": "an OpenDocument presentation (.odp)",
    "key": "a Keynote presentation (.key)",
    "rtf": "an RTF document",
    "csv": "a CSV text file",
    "txt": "a plain text file",
    "zip": "a ZIP archive",
    "mp4": "an MP4 video",
    "webm": "a WebM video",
    "jpg": "a JPEG image",
    "jpeg": "a JPEG image",
    "png": "a PNG image",
    "gif": "a GIF image",
    "webp": "a WebP image",
    "avif": "an AVIF image",
    "heic": "a HEIC image",
    "tif": "a TIFF image",
    "bmp": "a BMP image",
    "psd": "a Photoshop image",
    "ico": "an icon file",
    "mov": "a QuickTime video (.mov)",
    "mkv": "a Matroska video (.mkv)",
    "avi": "an AVI video",
    "mp3": "an MP3 audio file",
    "exe": "a Windows program",
    "elf": "a Linux program",
    "rar": "a RAR archive",
    "7z": "a 7-Zip archive",
    "gz": "a gzip archive",
    "bz2": "a bzip2 archive",
    "xz": "an xz archive",
    "tar": "a tar archive",
    "epub": "an EPUB e-book",
    "swf": "a Flash file",
    "sqlite": "an SQLite database",
}


def _markup_start(head):
    """The start of a text file, lower-cased, without byte-order marks and leading white space."""
    for bom in _BOMS:
        if head.startswith(bom):
            head = head[len(bom) :]
            break
    if head[1:2] == b"\x00" or head[:1] == b"\x00":  # UTF-16 without a BOM, or after it
        head = head.replace(b"\x00", b"")
    return head[:4096].lstrip().lower()


def _is_svg(head):
    start = _markup_start(head)
    return start.startswith(b"<svg") or (start.startswith((b"<?xml", b"<!doctype svg", b"<!--")) and b"<svg" in start)


def _is_html(head):
    start = _markup_start(head)
    for pattern in _HTML_STARTS:
        # The tag must end there ("<a " or "<a>", not "<abbreviation").
        if start.startswith(pattern) and start[len(pattern) : len(pattern) + 1] in (b" ", b">", b"\t", b"\n", b"\r"):
            return True
    return False


def describe(head):
    """What this content is, for a person ("an HTML page"), or None when we can't tell."""
    if _is_svg(head):
        return "an SVG image"
    if _is_html(head):
        return "an HTML page"
    if _markup_start(head).startswith(b"<?xml"):
        return "an XML file"
    if head.startswith(b"#!"):
        return "a script"
    if head.startswith(b"{\\rtf"):
        return _LABELS["rtf"]
    kind = filetype.guess(head)
    if kind is not None:
        return _LABELS.get(kind.extension, f"a .{kind.extension} file ({kind.mime})")
    if not _CONTROL_BYTES.search(head):
        return "plain text"
    return None


def _mismatch(name, expected, head, actual=None):
    actual = actual or describe(head)
    named = f"“{name}” is named .{extension_of(name)}"
    if actual:
        return refuse(f"{named} but its content is {actual}, not {expected}.", "content_mismatch")
    return refuse(f"{named} but its content is not {expected} (the file may be damaged).", "content_mismatch")


def _read_head(file):
    file.seek(0)
    head = file.read(HEAD_SIZE)
    file.seek(0)
    return head


def _size_of(file):
    size = getattr(file, "size", None)
    if size is None:
        size = file.seek(0, io.SEEK_END)
        file.seek(0)
    return size


# --- Archives (ZIP and the ZIP-based Office formats) -----------------------------------

_ARCHIVE_EXTENSIONS = set("zip gz tgz bz2 xz 7z rar tar zst lz lzma cab iso jar apk war".split())
# ZIP, gzip, bzip2, 7-Zip, RAR, xz, zstd, cabinet.
_ARCHIVE_MAGIC = (
    b"PK\x03\x04", b"PK\x05\x06", b"\x1f\x8b", b"BZh", b"7z\xbc\xaf\x27\x1c", b"Rar!", b"\xfd7zXZ",
    b"\x28\xb5\x2f\xfd", b"MSCF",
)  # fmt: skip
_OFFICE_ZIP_EXTENSIONS = set("docx xlsx pptx odt ods odp docm xlsm pptm".split())
# Programs and scripts that run when opened: nobody downloading city reports wants them.
_EXECUTABLE_EXTENSIONS = set(
    "exe dll com scr pif cpl msi msp bat cmd ps1 psm1 vbs vbe js jse wsf wsh hta lnk reg sh app dmg pkg deb rpm".split()
)


class _Budget:
    """Bytes an upload may still unpack to, shared by an archive and everything inside it."""

    def __init__(self, limit):
        self.limit = limit
        self.left = limit


def _archive_limits():
    return (
        settings.UPLOAD_ARCHIVE_MAX_ENTRIES,
        settings.UPLOAD_ARCHIVE_MAX_UNPACKED_SIZE,
        settings.UPLOAD_ARCHIVE_MAX_RATIO,
    )


def _unsafe_member_name(member):
    parts = member.replace("\\", "/").split("/")
    return member.startswith(("/", "\\")) or ".." in parts or (parts[0][1:2] == ":")


def inspect_archive(file, name, *, budget=None, depth=0):
    """Refuse a ZIP (or ZIP-based document) that is damaged, encrypted, absurdly large when
    unpacked, absurdly compressed, has too many entries, holds programs, unsafe paths or other
    archives. Every entry is unpacked (within the limits) so that its CRC is checked: sizes
    that a crafted header understates are caught too. Returns the open ZipFile."""
    max_entries, max_unpacked, max_ratio = _archive_limits()
    budget = budget or _Budget(max_unpacked)
    try:
        archive = zipfile.ZipFile(file)
        entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, struct.error):
        raise refuse(f"“{name}” is a damaged ZIP file and can't be checked.", "damaged") from None
    if len(entries) > max_entries:
        raise refuse(
            f"“{name}” holds {len(entries):,} files; at most {max_entries:,} are accepted in one archive.",
            "archive_too_many_entries",
        )
    unpacked = sum(entry.file_size for entry in entries)
    if unpacked > budget.left:
        raise refuse(
            f"“{name}” would unpack to {filesizeformat(unpacked)}; at most "
            f"{filesizeformat(budget.limit)} is accepted (a “zip bomb” is refused).",
            "archive_too_large",
        )
    packed = max(_size_of(file), 1)
    if unpacked > RATIO_FLOOR and unpacked > max_ratio * packed:
        raise refuse(
            f"“{name}” is compressed {unpacked // packed:,} times; at most {max_ratio:,} times is "
            "accepted (a “zip bomb” is refused).",
            "archive_ratio",
        )
    budget.left -= unpacked
    for entry in entries:
        member = entry.filename
        shown = safe_filename(member)  # messages are shown as HTML by the multiple uploader
        if entry.flag_bits & 0x1:
            raise refuse(f"“{name}” is password-protected and can't be checked: upload it unprotected.", "encrypted")
        if _unsafe_member_name(member):
            raise refuse(
                f"“{name}” holds a file with an unsafe path (“..” or an absolute path).", "archive_unsafe_path"
            )
        if entry.is_dir():
            continue
        member_extension = extension_of(member.rsplit("/", 1)[-1])
        if member_extension in _EXECUTABLE_EXTENSIONS:
            raise refuse(f"“{name}” holds a program or script ({shown}); these are not accepted.", "archive_program")
        try:
            head = _check_member(archive, entry, name, member_extension, budget, depth)
        except (zipfile.BadZipFile, OSError, EOFError, zlib_error, struct.error, ValueError):
            raise refuse(f"“{name}” is damaged ({shown} can't be unpacked).", "damaged") from None
        except NotImplementedError:
            raise refuse(
                f"“{name}” uses a compression method that can't be checked ({shown}).", "archive_method"
            ) from None
        if head.startswith((b"MZ", b"\x7fELF")):
            raise refuse(f"“{name}” holds a program ({shown}); programs are not accepted.", "archive_program")
    return archive


def _check_member(archive, entry, name, member_extension, budget, depth):
    """Unpack one entry to its end (which checks its CRC) and look inside nested Office
    documents; other archives inside archives are refused. Returns the entry's first bytes."""
    shown = safe_filename(entry.filename)
    with archive.open(entry) as member:
        head = member.read(HEAD_SIZE)
        nested = member_extension in _ARCHIVE_EXTENSIONS or head.startswith(_ARCHIVE_MAGIC)
        if not nested:
            while member.read(CHUNK_SIZE):
                pass
            return head
        office = member_extension in _OFFICE_ZIP_EXTENSIONS and head.startswith(b"PK\x03\x04")
        if not office or depth + 1 > MAX_NESTING:
            raise refuse(
                f"“{name}” holds another archive ({shown}); archives inside archives are not accepted.",
                "archive_nested",
            )
        # The entry's unpacked size is already within the budget, so it fits in memory.
        content = io.BytesIO(head + member.read())
    inner = inspect_archive(content, f"{name} › {shown}", budget=budget, depth=depth + 1)
    names = set(inner.namelist())
    if "[Content_Types].xml" not in names and "mimetype" not in names:
        raise refuse(
            f"“{name}” holds an archive named like an Office document ({shown}); "
            "archives inside archives are not accepted.",
            "archive_nested",
        )
    return head


def _read_member(archive, member_name, limit=1024 * 1024):
    info = archive.getinfo(member_name)
    if info.file_size > limit:
        return b""
    return archive.read(info)


# --- Documents, one check per kind ---------------------------------------------------


def _check_pdf(file, name, head):
    if not head.startswith(b"%PDF-"):
        raise _mismatch(name, _LABELS["pdf"], head)


_OOXML_MAIN = {
    "docx": b"wordprocessingml.document.main+xml",
    "xlsx": b"spreadsheetml.sheet.main+xml",
    "pptx": b"presentationml.presentation.main+xml",
}
_ODF_MIMETYPES = {
    "odt": b"application/vnd.oasis.opendocument.text",
    "ods": b"application/vnd.oasis.opendocument.spreadsheet",
    "odp": b"application/vnd.oasis.opendocument.presentation",
}


def _zip_or_mismatch(file, name, head, expected):
    if not head.startswith(b"PK\x03\x04"):
        raise _mismatch(name, expected, head)
    return inspect_archive(file, name)


def _check_ooxml(file, name, head):
    extension = extension_of(name)
    expected = _LABELS[extension]
    if head.startswith(olefile.MAGIC):
        _check_encrypted_office(file, name, head, expected)
    archive = _zip_or_mismatch(file, name, head, expected)
    names = set(archive.namelist())
    if "[Content_Types].xml" not in names:
        raise _mismatch(
            name, expected, head, "a ZIP archive" if not _odf_kind(archive) else _LABELS[_odf_kind(archive)]
        )
    content_types = _read_member(archive, "[Content_Types].xml")
    if b"macroEnabled" in content_types or any(n.lower().endswith("vbaproject.bin") for n in names):
        raise refuse(
            f"“{name}” contains macros, which are not accepted: save it as a document without macros (.{extension}).",
            "macros",
        )
    if _OOXML_MAIN[extension] not in content_types:
        actual = next((_LABELS[ext] for ext, main in _OOXML_MAIN.items() if main in content_types), None)
        raise _mismatch(name, expected, head, actual or "an Office file of another kind")


def _odf_kind(archive):
    names = archive.namelist()
    if not names or names[0] != "mimetype":
        return None
    mimetype = _read_member(archive, "mimetype", limit=200).strip()
    return next((ext for ext, value in _ODF_MIMETYPES.items() if value == mimetype), None)


def _check_odf(file, name, head):
    extension = extension_of(name)
    archive = _zip_or_mismatch(file, name, head, _LABELS[extension])
    kind = _odf_kind(archive)
    if kind != extension:
        raise _mismatch(name, _LABELS[extension], head, _LABELS[kind] if kind else None)
    if any(n.startswith(("Basic/", "Scripts/")) for n in archive.namelist()):
        raise refuse(f"“{name}” contains macros, which are not accepted: save it without macros.", "macros")


def _check_keynote(file, name, head):
    archive = _zip_or_mismatch(file, name, head, _LABELS["key"])
    names = set(archive.namelist())
    if not names & {"Index/Document.iwa", "index.apxl", "index.apxl.gz"}:
        raise _mismatch(name, _LABELS["key"], head, "a ZIP archive")


def _check_zip(file, name, head):
    _zip_or_mismatch(file, name, head, _LABELS["zip"])


# Legacy Office files are OLE2 compound files; the stream names tell which application made them.
_OLE_STREAMS = {"doc": ("WordDocument",), "xls": ("Workbook", "Book"), "ppt": ("PowerPoint Document",)}
_OLE_MACROS = ("Macros", "_VBA_PROJECT_CUR", "VBA")


def _check_encrypted_office(file, name, head, expected):
    """A password-protected .docx/.xlsx/.pptx is an OLE2 file holding an encrypted package."""
    try:
        with olefile.OleFileIO(file) as ole:
            encrypted = ole.exists("EncryptedPackage")
    except (OSError, ValueError, struct.error, IndexError):
        encrypted = False
    finally:
        file.seek(0)
    if encrypted:
        raise refuse(f"“{name}” is password-protected and can't be checked: upload it unprotected.", "encrypted")
    raise _mismatch(name, expected, head)


def _check_ole(file, name, head):
    extension = extension_of(name)
    expected = _LABELS[extension]
    if not head.startswith(olefile.MAGIC):
        raise _mismatch(name, expected, head)
    try:
        with olefile.OleFileIO(file) as ole:
            streams = {"/".join(path) for path in ole.listdir(streams=True, storages=True)}
    except (OSError, ValueError, struct.error, IndexError):
        raise refuse(f"“{name}” is damaged and can't be checked.", "damaged") from None
    finally:
        file.seek(0)
    if "EncryptedPackage" in streams:
        raise refuse(f"“{name}” is password-protected and can't be checked: upload it unprotected.", "encrypted")
    kind = next((ext for ext, names in _OLE_STREAMS.items() if any(n in streams for n in names)), None)
    if kind != extension:
        raise _mismatch(name, expected, head, _LABELS[kind] if kind else "an OLE2 file of another kind")
    if any(part in _OLE_MACROS for stream in streams for part in stream.split("/")):
        raise refuse(
            f"“{name}” contains macros, which are not accepted: save it as a document without macros.", "macros"
        )


def _check_rtf(file, name, head):
    if not head.startswith(b"{\\rtf"):
        raise _mismatch(name, _LABELS["rtf"], head)
    # Embedded OLE objects are how RTF files carry exploits; reports don't need them.
    tail = b""
    while chunk := file.read(CHUNK_SIZE):
        if b"\\objdata" in tail + chunk or b"\\objupdate" in tail + chunk:
            file.seek(0)
            raise refuse(
                f"“{name}” embeds objects, which are not accepted in RTF: save it as PDF or .docx.", "rtf_objects"
            )
        tail = chunk[-16:]
    file.seek(0)


# C0 control characters other than tab, line feed, form feed, carriage return and escape
# (ISO-2022-JP uses escape): text has none of them, binary files nearly always do.
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f\x7f]")
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f\x7f]")


def _check_text(file, name, head):
    expected = _LABELS[extension_of(name)]
    start = _markup_start(head)
    if _is_svg(head) or _is_html(head) or any(tag in start for tag in _HTML_ANYWHERE):
        actual = "an SVG image" if b"<svg" in start else "an HTML page"
        raise refuse(
            f"“{name}” is named .{extension_of(name)} but its content is {actual}, not {expected}: "
            "web pages and SVG can carry scripts and are not accepted.",
            "markup",
        )
    utf16 = head.startswith((b"\xff\xfe", b"\xfe\xff"))
    decoder = codecs.getincrementaldecoder("utf-16")() if utf16 else None
    try:
        while chunk := file.read(CHUNK_SIZE):
            text = decoder.decode(chunk) if decoder else chunk
            if (_CONTROL_CHARS if decoder else _CONTROL_BYTES).search(text):
                raise _mismatch(name, expected, head)
    except UnicodeDecodeError:
        raise _mismatch(name, expected, head) from None
    finally:
        file.seek(0)


def _check_video(matcher, extension):
    def check(file, name, head):
        if not matcher.match(bytearray(head)):
            raise _mismatch(name, _LABELS[extension], head)

    return check


DOCUMENT_CHECKS = {
    "pdf": _check_pdf,
    "doc": _check_ole,
    "xls": _check_ole,
    "ppt": _check_ole,
    "docx": _check_ooxml,
    "xlsx": _check_ooxml,
    "pptx": _check_ooxml,
    "odt": _check_odf,
    "ods": _check_odf,
    "odp": _check_odf,
    "key": _check_keynote,
    "rtf": _check_rtf,
    "csv": _check_text,
    "txt": _check_text,
    "zip": _check_zip,
    "mp4": _check_video(filetype_video.Mp4(), "mp4"),
    "webm": _check_video(filetype_video.Webm(), "webm"),
}
VIDEO_EXTENSIONS = {"mp4", "webm"}


def _not_accepted(name, extension, accepted):
    if extension == "svg":
        return refuse(
            "SVG files are not accepted, because an SVG can carry scripts: export the drawing as PNG "
            "(or JPEG) and upload that.",
            "svg",
        )
    if extension in {"html", "htm", "xhtml", "shtml", "mht", "mhtml", "xml", "xht"}:
        return refuse(
            "Web pages (HTML, XML) are not accepted, because they can carry scripts: "
            "save the page as PDF and upload that.",
            "markup",
        )
    listed = ", ".join(f".{ext}" for ext in sorted(accepted))
    return refuse(
        f"“{name}”: files of type .{extension or '(none)'} are not accepted. Accepted types: {listed}.", "file_type"
    )


def document_extensions():
    """Extensions accepted for documents: the setting's, as far as we can check them."""
    return [ext for ext in settings.WAGTAILDOCS_EXTENSIONS if ext in DOCUMENT_CHECKS]


def check_document(file, name):
    """Refuse a document whose content is not what its name says, or is too large, or is a bomb."""
    extension = extension_of(name)
    accepted = document_extensions()
    if extension not in accepted:
        raise _not_accepted(name, extension, accepted)
    size = _size_of(file)
    limit = settings.UPLOAD_MAX_VIDEO_SIZE if extension in VIDEO_EXTENSIONS else settings.UPLOAD_MAX_DOCUMENT_SIZE
    if size > limit:
        what = "Videos" if extension in VIDEO_EXTENSIONS else "Documents"
        raise refuse(
            f"“{name}” is too big ({filesizeformat(size)}). {what} may be at most {filesizeformat(limit)}.",
            "file_too_large",
        )
    head = _read_head(file)
    try:
        DOCUMENT_CHECKS[extension](file, name, head)
    finally:
        file.seek(0)


# --- Images ------------------------------------------------------------------------


def check_image_content(file, name):
    """What Wagtail's image field does not say clearly: SVG and HTML are refused as such, and a
    file of another known kind is named (a PDF with a .png name)."""
    extension = extension_of(name)
    if extension == "svg":
        raise _not_accepted(name, extension, settings.WAGTAILIMAGES_EXTENSIONS)
    head = _read_head(file)
    if _is_svg(head):
        raise refuse(
            f"“{name}” is an SVG image. SVG is not accepted, because an SVG can carry scripts: "
            "export the drawing as PNG (or JPEG) and upload that.",
            "svg",
        )
    if _is_html(head) or any(tag in _markup_start(head) for tag in _HTML_ANYWHERE):
        raise refuse(f"“{name}” is an HTML page, not an image. Web pages are not accepted.", "markup")
    kind = filetype.guess(head)
    if kind is not None and not kind.mime.startswith("image/"):
        raise _mismatch(name, "an image", head)


# What Pillow raises on damaged or hostile images (Wagtail's field catches only the bombs).
_IMAGE_ERRORS = (
    OSError,
    SyntaxError,
    ValueError,
    EOFError,
    struct.error,
    IndexError,
    TypeError,
    PILImage.DecompressionBombError,
)


def verify_image(file, name):
    """Refuse an image Pillow can't read through (truncated, corrupt, or too many pixels)."""
    file.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            with PILImage.open(file) as image:
                image.verify()
    except PILImage.DecompressionBombWarning:
        raise refuse(f"“{name}” has too many pixels to be processed safely.", "file_too_many_pixels") from None
    except _IMAGE_ERRORS:
        raise refuse(f"“{name}” is a damaged image and can't be used.", "damaged") from None
    finally:
        file.seek(0)


# --- Form fields and the form bases Wagtail uses -------------------------------------


def _sanitise_name(data):
    if isinstance(data, UploadedFile) and data.name:
        data.name = safe_filename(data.name)


# The checks get the sanitised name, and messages show only that: Wagtail's multiple uploader
# inserts them as HTML.


class DocumentUploadField(WagtailDocumentField):
    def to_python(self, data):
        _sanitise_name(data)
        upload = super().to_python(data)
        if upload is not None:
            check_document(upload, upload.name)
        return upload


class ImageUploadField(WagtailImageField):
    def to_python(self, data):
        _sanitise_name(data)
        if isinstance(data, UploadedFile):
            check_image_content(data, data.name)
        try:
            upload = super().to_python(data)
        except _IMAGE_ERRORS:
            raise refuse(f"“{data.name}” is a damaged image and can't be used.", "damaged") from None
        if upload is not None:
            verify_image(upload, upload.name)
        return upload


def _use_field(form, field_class):
    """Swap Wagtail's file field (made by its formfield callback) for ours, keeping its widget."""
    field = form.fields.get("file")
    if field is None or isinstance(field, field_class):
        return
    form.fields["file"] = field_class(
        label=field.label, required=field.required, widget=field.widget, max_length=field.max_length
    )


class ImageForm(BaseImageForm):
    """WAGTAILIMAGES_IMAGE_FORM_BASE: Wagtail's image form with the checks above."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _use_field(self, ImageUploadField)


class DocumentForm(BaseDocumentForm):
    """WAGTAILDOCS_DOCUMENT_FORM_BASE: Wagtail's document form with the checks above."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _use_field(self, DocumentUploadField)
