"""Two editors who opened the same record save at the same instant: one save lands, the other is
refused, even when both pass the stale-save check before either writes."""

import json
import threading

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from governance.models import Grid
from governance.viewsets.grids import GridEditView
from tests.governance.geo.shapes import mapped_tree, square
from tests.governance.geo.test_boundary_form import edit_data, edit_form, seen_stamp
from tests.governance.test_admin_registry import GRID_ADMIN

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks need a database with concurrent writers (the CI runs PostgreSQL)",
    ),
]

FIRST = "first editor"


def signed_in_client() -> Client:
    client = Client()
    client.force_login(
        get_user_model().objects.create_superuser(
            f"editor{get_user_model().objects.count()}", password="x"
        )
    )
    return client


def test_two_saves_at_the_same_instant__one_lands_one_is_refused(monkeypatch):
    grid = mapped_tree()["east"]
    url = reverse(f"{GRID_ADMIN}:edit", args=[grid.pk])
    first_client, second_client = signed_in_client(), signed_in_client()
    first_opened = seen_stamp(edit_form(first_client, grid))
    second_opened = seen_stamp(edit_form(second_client, grid))
    first_shape = square(113.641, 34.721, 0.008)
    second_shape = square(113.642, 34.722, 0.006)

    # The first editor's save stops after its check has passed and before it writes.
    checked, go_on = threading.Event(), threading.Event()
    save_instance = GridEditView.save_instance

    def held_save(view):
        if threading.current_thread().name == FIRST:
            checked.set()
            go_on.wait(timeout=10)
        return save_instance(view)

    monkeypatch.setattr(GridEditView, "save_instance", held_save)
    statuses = {}

    def post(name, client, shape, opened):
        try:
            response = client.post(
                url, edit_data(grid, boundary=json.dumps(shape), seen_updated_at=opened)
            )
            statuses[name] = (response.status_code, response.content.decode())
        finally:
            connections.close_all()

    first = threading.Thread(
        target=post, name=FIRST, args=(FIRST, first_client, first_shape, first_opened)
    )
    second = threading.Thread(
        target=post, args=("second", second_client, second_shape, second_opened)
    )
    first.start()
    assert checked.wait(timeout=10)
    second.start()
    second.join(timeout=1.5)  # without the row lock the second save lands meanwhile
    go_on.set()
    first.join()
    second.join()

    assert statuses[FIRST][0] == 302
    assert statuses["second"][0] == 200
    assert "其他人" in statuses["second"][1]
    assert Grid.objects.get(pk=grid.pk).boundary == first_shape
