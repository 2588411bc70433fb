"""Two error answers of Wagtail's pages API, corrected.

An id that names no page answers 404, as an unknown code, locale or site already does:
Wagtail reports `?child_of=` (`ancestor_of`, `descendant_of`, `translation_of`) naming no page
as a 422 validation error of type `does_not_exist`, though the value is well formed and only
the object is missing.

A PATCH whose page id is not a number answers Ninja's 422 for it, not a 500.
"""

from functools import wraps

from ninja.errors import ValidationErrorContext
from ninja.params.models import PathModel
from pydantic import ValidationError
from wagtail.api.v3.errors import problem_response
from wagtail.api.v3.schemas.params import TypeInjectingBodyModel

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


def answer_a_bad_address_not_a_crash(run):
    """A Django Ninja view decorator. Wagtail's type-injecting bodies (the PATCH of a page or
    a snippet) look the id in the address up to choose the body's schema before Ninja has
    checked it, so a page id that is not a number crashed. When the operation crashes and its
    address is invalid, the answer is the 422 Ninja gives for that address. Authentication
    has run by then, so a request without a token still gets its 401."""
    operation = run.__self__
    if not any(issubclass(model, TypeInjectingBodyModel) for model in operation.models):
        return run
    address = [model for model in operation.models if issubclass(model, PathModel)]

    @wraps(run)
    def checked(request, *args, **kwargs):
        try:
            return run(request, *args, **kwargs)
        except Exception:
            problems = []
            for model in address:
                try:
                    model.resolve(request, operation.api, kwargs)
                except ValidationError as error:
                    problems.append(
                        ValidationErrorContext(pydantic_validation_error=error, model=model)
                    )
            if not problems:
                raise
            error = operation.api.validation_error_from_error_contexts(problems)
            return operation.api.on_exception(request, error)

    return checked
