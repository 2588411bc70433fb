"""An id that names no page answers 404, as an unknown code, locale or site already does.

Wagtail's pages API reports `?child_of=` (`ancestor_of`, `descendant_of`, `translation_of`)
naming no page as a 422 validation error of type `does_not_exist`, while an unknown `locale` or
`site` is a 404. The value is well formed, only the object is missing: that is a 404.
"""

from pydantic import ValidationError
from wagtail.api.v3.errors import problem_response

NOT_FOUND = "does_not_exist"


def install(api) -> None:
    # Ninja keeps its handlers in a dict it offers no getter for; Wagtail's stays the answer
    # to every other validation error.
    wagtail_handler = api._exception_handlers[ValidationError]

    def handle(request, exc: ValidationError):
        errors = exc.errors()
        if errors and all(error["type"] == NOT_FOUND for error in errors):
            return problem_response(status=404, detail=" ".join(e["msg"] for e in errors))
        return wagtail_handler(request, exc)

    api.add_exception_handler(ValidationError, handle)
