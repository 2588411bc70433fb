"""我们办成的事: the finished projects a community page shows its residents.

Only projects that are done *and* that staff chose to publish (`is_public`; the model refuses
it on an unfinished project) anywhere in the node's subtree, newest first. Four queries however
many there are — the projects with their claimant, their photos, the photos' images and the
images' renditions of the size the page shows — and only what the page prints is read: a young
official's name (a public figure here) or a team's, never a phone.
"""

from django.db.models import Prefetch
from wagtail.images import get_image_model

from governance.models import Grid
from governance.officials.models import Project, ProjectPhoto, ProjectStatus

# The size the page shows a project's first outcome photo at.
PHOTO_FILTER = "fill-640x360"
# A page lists the newest ones; older successes stay in the admin.
SHOWN = 24


def finished_projects(node: Grid, limit: int = SHOWN) -> list[Project]:
    images = get_image_model().objects.all()
    photos = (
        ProjectPhoto.objects.order_by("sort_order", "pk")
        .only("project_id", "image_id", "caption", "sort_order")
        .prefetch_related(
            Prefetch("image", queryset=images.prefetch_renditions(PHOTO_FILTER)),
        )
    )
    return list(
        Project.objects.filter(
            grid__path__startswith=node.path, status=ProjectStatus.DONE, is_public=True
        )
        .select_related("claimed_by_official__person", "claimed_by_team")
        .only(
            "title",
            "outcome",
            "finished_on",
            "claimed_by_official__person__name",
            "claimed_by_team__name",
        )
        .prefetch_related(Prefetch("photos", queryset=photos))
        .order_by("-finished_on", "-pk")[:limit]
    )
