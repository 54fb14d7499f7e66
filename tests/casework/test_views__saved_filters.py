"""Saved inbox filters: a user saves the current view under a name, sees it listed, applies it with
one click and deletes it; another user never sees it nor can delete it (on the probe process)."""

import re

import pytest
from django.urls import reverse

from workflows.casework.models import SavedFilter
from workflows.casework.saved_filters import SAVED_FILTERS_MAX

pytestmark = pytest.mark.django_db

VIEW = {"tab": "queue", "q": "000002", "kind": "probe", "overdue": "1", "sort": "-subject"}


def _save(client, name, **view):
    return client.post(reverse("casework:inbox_filter_save"), {"name": name, **view})


def _listed(page: str) -> dict[str, str]:
    """Saved filters on the page: name -> its link."""
    section = page[page.index('class="saved-filters"') : page.index('class="save-filter"')]
    return {
        name: href.replace("&amp;", "&")
        for href, name in re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', section)
    }


def test_save_list_apply_and_delete(town, client):
    client.force_login(town.reviewer)

    saved = _save(client, "逾期探针", **VIEW, page="3", junk="x")

    # back to the view just saved; only the inbox's own keys are kept, in one order
    query = "tab=queue&q=000002&kind=probe&overdue=1&sort=-subject"
    assert saved.status_code == 302
    assert saved["Location"] == f"{reverse('casework:inbox')}?{query}"
    page = client.get(saved["Location"]).content.decode()
    assert _listed(page) == {"逾期探针": f"{reverse('casework:inbox')}?{query}"}
    assert 'aria-current="true">逾期探针</a>' in page  # it is the view shown
    # applied from elsewhere: the link sets the search, the filters and the sort again
    applied = client.get(f"{reverse('casework:inbox')}?{query}").content.decode()
    assert 'value="000002"' in applied
    assert '<input type="hidden" name="sort" value="-subject">' in applied
    assert '<option value="probe" selected>' in applied
    assert 'name="overdue" value="1" checked' in applied
    assert "逾期探针" in client.get(reverse("casework:inbox")).content.decode()
    assert (
        'aria-current="true">逾期探针' not in client.get(reverse("casework:inbox")).content.decode()
    )

    # saving the same name again replaces what it holds
    _save(client, "逾期探针", tab="all", sort="due")
    assert SavedFilter.objects.get(user=town.reviewer).query == "tab=all&sort=due"

    filter_pk = SavedFilter.objects.get().pk
    deleted = client.post(reverse("casework:inbox_filter_delete", args=[filter_pk]))
    assert deleted.status_code == 302
    assert not SavedFilter.objects.exists()
    assert _listed(client.get(reverse("casework:inbox")).content.decode()) == {}


def test_another_user_never_sees_nor_deletes_them(town, client):
    client.force_login(town.reviewer)
    _save(client, "我的筛选", **VIEW)
    mine = SavedFilter.objects.get()

    client.force_login(town.reviewer2)
    page = client.get(reverse("casework:inbox")).content.decode()
    assert _listed(page) == {}
    refused = client.post(reverse("casework:inbox_filter_delete", args=[mine.pk]))
    assert refused.status_code == 404
    # the same name is the other user's own
    _save(client, "我的筛选", tab="mine")
    assert SavedFilter.objects.count() == 2
    assert SavedFilter.objects.get(pk=mine.pk).query == mine.query


def test_a_name_is_needed_and_at_most_twenty_are_kept(town, client):
    client.force_login(town.reviewer)
    refused = _save(client, "   ", **VIEW)
    assert refused.status_code == 302
    assert not SavedFilter.objects.exists()
    assert "请为筛选命名" in client.get(refused["Location"]).content.decode()

    for n in range(SAVED_FILTERS_MAX):
        _save(client, f"筛选{n}", q=str(n))
    assert SavedFilter.objects.count() == SAVED_FILTERS_MAX  # exactly the limit
    over = _save(client, "一个太多", q="x")
    assert SavedFilter.objects.count() == SAVED_FILTERS_MAX  # one past it: refused
    assert "已达最多可保存的数量" in client.get(over["Location"]).content.decode()
    # replacing one of them is still possible at the limit
    _save(client, "筛选0", q="y")
    assert SavedFilter.objects.get(name="筛选0").query == "q=y"


def test_saving_needs_a_login_and_a_post(town, client):
    assert _save(client, "x", tab="all").status_code == 302
    assert not SavedFilter.objects.exists()
    client.force_login(town.reviewer)
    assert client.get(reverse("casework:inbox_filter_save")).status_code == 405
