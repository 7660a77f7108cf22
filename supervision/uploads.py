"""What anyone may upload as evidence: the one check for every evidence file in the product.

Departments' progress evidence, communities' self-report evidence and the answers to
rectification orders all pass `evidence_validate`. The browser's content type is only a hint,
so the file's first bytes must match the format its extension claims.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"
EVIDENCE_TYPES = {
    "pdf": ({"application/pdf"}, (b"%PDF-",)),
    "jpg": ({"image/jpeg", "image/pjpeg"}, (b"\xff\xd8\xff",)),
    "jpeg": ({"image/jpeg", "image/pjpeg"}, (b"\xff\xd8\xff",)),
    "png": ({"image/png"}, (b"\x89PNG\r\n\x1a\n",)),
    "doc": ({"application/msword"}, (_OLE,)),
    "docx": (
        {"application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
        (_ZIP,),
    ),
    "xls": ({"application/vnd.ms-excel"}, (_OLE,)),
    "xlsx": ({"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}, (_ZIP,)),
}
# Some browsers send this for any file they do not know; the first bytes still decide.
_GENERIC_TYPES = {"application/octet-stream", ""}


def evidence_validate(uploaded) -> None:
    """Refuse a file of the wrong type or too large, with a Chinese message."""
    name = (uploaded.name or "").rsplit("/", 1)[-1]
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    allowed = "PDF、JPG、PNG、DOC、DOCX、XLS、XLSX"
    if extension not in EVIDENCE_TYPES:
        raise ValidationError(
            _("“%(name)s”的文件类型不允许上传。只能上传 %(allowed)s 文件。")
            % {"name": name, "allowed": allowed}
        )
    if uploaded.size > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(
            _("“%(name)s”太大（%(size).1f MB），单个文件不能超过 %(max).1f MB。")
            % {
                "name": name,
                "size": uploaded.size / 1024 / 1024,
                "max": settings.UPLOAD_MAX_BYTES / 1024 / 1024,
            }
        )
    content_types, signatures = EVIDENCE_TYPES[extension]
    content_type = (getattr(uploaded, "content_type", "") or "").split(";")[0].strip().lower()
    uploaded.seek(0)
    head = uploaded.read(8)
    uploaded.seek(0)
    if (content_type not in content_types and content_type not in _GENERIC_TYPES) or not any(
        head.startswith(signature) for signature in signatures
    ):
        raise ValidationError(
            _("“%(name)s”的内容与扩展名不符，可能已损坏或被改名，请检查后重新上传。")
            % {"name": name}
        )


@deconstructible(path="supervision.uploads.EvidenceFileValidator")
class EvidenceFileValidator:
    """`evidence_validate` as a model field's validator: a file being uploaded is checked; one
    already stored was checked when it came in and is not read again."""

    def __call__(self, value):
        if getattr(value, "_committed", False):
            return
        evidence_validate(getattr(value, "file", None) or value)

    def __eq__(self, other):
        return isinstance(other, EvidenceFileValidator)
