"""The section 我们办成的事 of community pages: the finished projects staff published, with who
took each up, when it was finished, its outcome and its first outcome photo. Pages do not
import the app: the area pages' hook (content/models/areas.py) collects this section, and the
response cache drops a page's copy with the lists' version counter (versioning.py)."""

from dataclasses import dataclass

from django.template.loader import render_to_string

from governance.models import GridLevel
from governance.officials.selectors.finished import PHOTO_FILTER, finished_projects


@dataclass(frozen=True)
class Photo:
    url: str
    width: int
    height: int
    alt: str


@dataclass(frozen=True)
class FinishedProject:
    title: str
    claimant: str
    finished_on: object
    outcome: str
    photo: Photo | None


def first_photo(project) -> Photo | None:
    photos = list(project.photos.all())
    if not photos:
        return None
    rendition = photos[0].image.get_rendition(PHOTO_FILTER)
    return Photo(rendition.url, rendition.width, rendition.height, photos[0].caption)


def shown(project) -> FinishedProject:
    official = project.claimed_by_official
    return FinishedProject(
        title=project.title,
        claimant=official.person.name if official else project.claimed_by_team.name,
        finished_on=project.finished_on,
        outcome=project.outcome,
        photo=first_photo(project),
    )


def area_page_section(page, request) -> str:
    """For the area pages' hook: community pages only, and nothing when none is published."""
    if page.grid_level != GridLevel.COMMUNITY:
        return ""
    projects = [shown(project) for project in finished_projects(page.grid)]
    if not projects:
        return ""
    return render_to_string(
        "officials/finished_projects.html", {"projects": projects}, request=request
    )
