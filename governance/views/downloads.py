"""File downloads with Chinese names."""

from urllib.parse import quote


def set_attachment_name(response, file_name: str, ascii_fallback: str):
    """RFC 6266: the UTF-8 name for browsers, an ASCII fallback for the rest."""
    response["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_fallback}\"; filename*=UTF-8''{quote(file_name)}"
    )
    return response
