"""Login, logout, the site frame and the organisation admin pages."""

import pytest
from django.urls import reverse

from tests.factories import DepartmentFactory, UserFactory
from workflows.organization.roles import Role

pytestmark = pytest.mark.django_db


def test_login_and_logout_have_top_level_names():
    assert reverse("login") == "/login/"
    assert reverse("logout") == "/logout/"


def test_login_page_renders_in_the_site_frame(client):
    response = client.get(reverse("login"))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="username"' in html
    assert 'name="password"' in html
    assert reverse("set_language") in html


def test_a_user_logs_in_with_the_right_password(client):
    UserFactory(username="filer", roles=[Role.FILER])

    response = client.post(
        reverse("login"), {"username": "filer", "password": "demo", "next": "/records/"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/records/"
    assert client.get("/records/").status_code == 200


def test_a_wrong_password_is_refused(client):
    UserFactory(username="filer")

    response = client.post(reverse("login"), {"username": "filer", "password": "wrong"})

    assert response.status_code == 200
    assert not response.wsgi_request.user.is_authenticated


def test_logout_takes_a_post_and_ends_the_session(client):
    user = UserFactory()
    client.force_login(user)

    assert client.get(reverse("logout")).status_code == 405
    client.post(reverse("logout"))

    assert client.get("/records/").status_code == 302


def test_pages_show_the_user_and_department_and_a_logout_button(client):
    department = DepartmentFactory(name="泰州市财政局")
    client.force_login(UserFactory(last_name="周", first_name="晓梅", department=department))

    html = client.get("/records/").content.decode()

    assert "周晓梅" in html
    assert "泰州市财政局" in html
    assert f'action="{reverse("logout")}"' in html
    assert 'href="/admin/"' not in html


def test_staff_see_the_admin_link(client):
    client.force_login(UserFactory(is_staff=True))

    assert 'href="/admin/"' in client.get("/records/").content.decode()


def test_english_is_offered_and_used_when_chosen(client):
    client.force_login(UserFactory())

    client.post(reverse("set_language"), {"language": "en", "next": "/records/"})
    html = client.get("/records/").content.decode()

    assert "Credit records" in html
    assert 'value="en" selected' in html


def test_admin_lists_departments_and_users(admin_client):
    DepartmentFactory(name="泰州市生态环境局")

    departments = admin_client.get(reverse("admin:organization_department_changelist"))
    users = admin_client.get(reverse("admin:organization_user_changelist"))
    add_user = admin_client.get(reverse("admin:organization_user_add"))

    assert departments.status_code == 200
    assert "泰州市生态环境局" in departments.content.decode()
    assert users.status_code == 200
    assert add_user.status_code == 200
