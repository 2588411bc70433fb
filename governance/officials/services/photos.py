"""A project's outcome photos: re-encoded without their metadata by the events' attachment
rules (a phone's GPS position must never reach the public page) and kept as Wagtail images."""

import io

from django.core.files.images import ImageFile
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.images import get_image_model

from governance.events.services.attachments import PreparedFile, attachment_prepare
from governance.officials.models import Project, ProjectPhoto
from governance.officials.services.workflow import WorkForbidden
from governance.permissions import CHANGE, scope_for


def project_photo_prepare(upload) -> PreparedFile:
    """Checks and re-encodes one upload; ValidationError (in Chinese) when it is no photo."""
    return attachment_prepare(upload, photos_only=True)


def project_add_photo(
    *, by, project: Project, prepared: PreparedFile, caption: str = ""
) -> ProjectPhoto:
    if not scope_for(by).allows(CHANGE, project.grid.path):
        raise WorkForbidden(_("%(grid)s is outside your grids.") % {"grid": project.grid.name})
    # The stored name is the project's, not the uploader's: file names can name people.
    name = f"project-{project.pk}{prepared.extension}"
    image = get_image_model()(
        title=caption or project.title,
        file=ImageFile(io.BytesIO(prepared.content), name=name),
        uploaded_by_user=by,
    )
    image.save()
    try:
        with transaction.atomic():
            order = project.photos.count()
            return ProjectPhoto.objects.create(
                project=project, image=image, caption=caption, sort_order=order
            )
    except Exception:
        image.delete()
        raise
