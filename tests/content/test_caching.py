import pytest

from content.demo import seed_survey
from content.factories import add_notice, build_site
from governance.factories import PersonFactory, RoleFactory


@pytest.fixture
def site(tree):
    return build_site(tree["district"][0])


@pytest.mark.django_db
def test_page_cache__serves_anonymous_readers_from_the_cache(
    client, site, django_assert_max_num_queries
):
    url = site["communities"][0].url
    first = client.get(url)

    with django_assert_max_num_queries(2):
        second = client.get(url)

    assert first["X-Page-Cache"] == "miss" and second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert "Content-Security-Policy" in second


@pytest.mark.django_db
def test_page_cache__a_published_notice_shows_at_once(client, site):
    url = site["notice_lists"][0].url
    client.get(url)

    add_notice(site["notice_lists"][0], "新发布的通知")

    assert "新发布的通知" in client.get(url).content.decode()


@pytest.mark.django_db
def test_page_cache__a_registry_change_shows_at_once(client, site):
    url = site["guides"][0].url
    client.get(url)
    grid = site["communities"][0].grid.get_children().first()

    PersonFactory(
        grid=grid,
        role=RoleFactory(name="网格长", contact_card_order=1),
        name="新网格长",
        phone_public=True,
    )

    assert "新网格长" in client.get(url).content.decode()


@pytest.mark.django_db
def test_page_cache__never_for_signed_in_users_or_forms(client, admin_user, site):
    survey = seed_survey(site["communities"][0])
    client.get(survey.url)
    assert "X-Page-Cache" not in client.get(survey.url)

    client.force_login(admin_user)
    response = client.get(site["communities"][0].url)
    assert "X-Page-Cache" not in response
