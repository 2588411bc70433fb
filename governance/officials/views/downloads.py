"""The evaluation screens' files: answered privately (they name people) with Chinese names."""

from django.http import HttpResponse

from governance.services.exports import CONTENT_TYPES
from governance.views.downloads import set_attachment_name


def file_response(content: bytes, content_type: str, name: str, ascii_name: str):
    response = HttpResponse(content, content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return set_attachment_name(response, name, ascii_name)


def xlsx_response(content: bytes, name: str, ascii_name: str):
    return file_response(content, CONTENT_TYPES["xlsx"], name, ascii_name)


def pdf_response(content: bytes, name: str, ascii_name: str):
    return file_response(content, "application/pdf", name, ascii_name)
