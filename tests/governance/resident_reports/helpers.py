"""Posting the public report form the way a browser does, with a form shown long enough ago."""

import time

from django.core import signing

from civicgrid.security.public_forms import SALT

REPORT = "/report/"


def shown_ago(seconds: float = 30) -> str:
    return signing.dumps(time.time() - seconds, salt=SALT)


def report_data(world, category, **fields) -> dict:
    data = {
        "community": world.nodes["c111"].code,
        "place": "",
        "category": category.pk,
        "description": "3号楼楼道堆满杂物，堵住了消防通道",
        "phone": "13800001234",
        "name": "李四",
        "shown": shown_ago(),
        "website": "",
    }
    data.update(fields)
    return data


def post_report(client, world, category, *, address="10.0.0.1", **fields):
    return client.post(REPORT, report_data(world, category, **fields), REMOTE_ADDR=address)
