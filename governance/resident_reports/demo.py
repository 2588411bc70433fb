"""The demo's residents' reports at 华府社区5号网格: one followed round the loop (accepted,
resolved, rated 满意, published as a case), one sent anonymously an hour ago."""

import datetime

from django.contrib.auth import get_user_model

from governance.events.models import EventCategory
from governance.events.services import workflow
from governance.models import Grid
from governance.resident_reports.models import ResidentReport
from governance.resident_reports.services.filing import resident_report_file
from governance.resident_reports.services.follow_up import ResidentRating, resident_rate
from governance.resident_reports.services.publishing import case_publish

REPLY = "已联系环卫部门加派清运车辆，垃圾桶已清空并消毒，今后每天清运两次。"


def seed_resident_reports(*, now: datetime.datetime) -> int:
    """Once; returns how many reports the demo has."""
    if ResidentReport.objects.exists():
        return ResidentReport.objects.count()
    users = get_user_model().objects
    worker, editor = users.get(username="huafu5_worker"), users.get(username="huafu_editor")
    grid = Grid.objects.get(name="华府社区5号网格")
    waste = EventCategory.objects.get(code="city-waste")
    stairwells = EventCategory.objects.get(code="fire-stairwells")

    at = now - datetime.timedelta(days=2)
    with workflow.clock_at(at):
        report = resident_report_file(
            grid=grid,
            category=waste,
            description="51号楼东侧的垃圾桶满了两天没有清运，天热气味很大。",
            address="51号楼",
            phone="13800005101",
            name="王女士",
        ).report
    with workflow.clock_at(at + datetime.timedelta(hours=1)):
        workflow.event_accept(report.event, by=worker)
    with workflow.clock_at(at + datetime.timedelta(hours=5)):
        workflow.event_resolve(report.event, by=worker, result=REPLY)
    with workflow.clock_at(at + datetime.timedelta(hours=9)):
        resident_rate(report, answer=ResidentRating.SATISFIED, comment="处理很及时，谢谢网格员")
    report.event.refresh_from_db()
    case_publish(report.event, by=editor, title="51号楼垃圾桶满溢，当天清运", reply=REPLY)

    with workflow.clock_at(now - datetime.timedelta(hours=1)):
        resident_report_file(
            grid=grid,
            category=stairwells,
            description="53号楼2单元三楼楼道堆着旧家具，晚上经过容易绊倒。",
            address="53号楼2单元",
            anonymous=True,
        )
    return ResidentReport.objects.count()
