"""Editors work on their own part of the page tree; survey answers stay with that community."""

import pytest
from django.urls import reverse
from wagtail.contrib.forms.models import FormSubmission
from wagtail.models import Workflow, WorkflowPage

from content.demo import page_editor_group, seed_survey
from content.factories import build_site
from tests.governance.resident_reports.helpers import shown_ago


@pytest.fixture
def site(tree):
    return build_site(tree["district"][0])


@pytest.fixture
def editor_of(django_user_model):
    def make(page, username):
        user = django_user_model.objects.create_user(
            username, password="pw-editor-2026!", is_staff=True
        )
        user.groups.add(page_editor_group(page))
        return user

    return make


@pytest.mark.django_db
def test_community_editor_edits_only_their_community_pages(client, site, editor_of):
    own, other = site["communities"][0], site["communities"][1]
    client.force_login(editor_of(own, "own_editor"))

    own_edit = client.get(reverse("wagtailadmin_pages:edit", args=[own.pk]))
    other_edit = client.get(reverse("wagtailadmin_pages:edit", args=[other.pk]))
    client.post(
        reverse("wagtailadmin_pages:edit", args=[other.pk]),
        {"title": "被篡改", "slug": other.slug, "grid": other.grid_id},
    )

    assert own_edit.status_code == 200
    assert other_edit.status_code in (302, 403)
    other.refresh_from_db()
    assert other.title != "被篡改"


@pytest.mark.django_db
def test_survey_answers_are_visible_only_to_that_communitys_staff(client, site, editor_of):
    own, other = site["communities"][0], site["communities"][1]
    survey = seed_survey(own)
    answers = {"nin_suo_zai_de_lou_dong": "33号楼", "zui_xu_yao_de_fu_wu": ["助餐"]}
    robot = client.post(survey.url, answers)  # no fill time: refused, nothing kept
    client.post(survey.url, {**answers, "shown": shown_ago(), "website": ""})
    assert robot.status_code == 400
    [submission] = FormSubmission.objects.filter(page=survey)
    assert not {"website", "shown"} & set(submission.form_data)
    submissions = reverse("wagtailforms:list_submissions", args=[survey.pk])

    client.force_login(editor_of(own, "own_staff"))
    allowed = client.get(submissions)
    client.force_login(editor_of(other, "other_staff"))
    denied = client.get(submissions)

    assert allowed.status_code == 200 and "33号楼" in allowed.content.decode()
    assert denied.status_code in (302, 403) and "33号楼" not in denied.content.decode()


@pytest.mark.django_db
def test_a_moderation_workflow_covers_the_site(site):
    workflow = WorkflowPage.objects.filter(page__depth=1).first()

    assert workflow is not None and workflow.workflow.active
    assert Workflow.objects.filter(active=True).exists()


def test_forms_listing__names_the_form_type_in_chinese_not_its_code_name(admin_client, site):
    seed_survey(site["communities"][0])

    html = admin_client.get(reverse("wagtailforms:index")).content.decode()

    assert "content.surveypage" not in html
    assert "居民调查" in html and "表单类型" in html
