"""Demo pages: the portal, district/street/community pages with brands, service guides,
notices drawn from the seed reports' themes (in our own words) and a resident survey.
Idempotent: pages are found by their bound grid or their slug before anything is created."""

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from content.models import (
    CommunityPage,
    DistrictPage,
    HomePage,
    NoticeCategory,
    NoticeIndexPage,
    NoticePage,
    ServiceGuidePage,
    StreetPage,
    SurveyField,
    SurveyPage,
)
from governance.models import Grid, GridLevel, TallyKind

HOME_TITLE = "社区网格化治理服务平台"
CATEGORIES = [("通知公告", "notice"), ("政策解读", "policy"), ("活动预告", "event")]
HEADLINE_KINDS = ["上报事件", "走访重点人群", "网格议事会"]

# Brands in our own words, after the seed reports (一社区一品牌).
BRANDS = {
    "朱寨社区": ("有事好商量", "大事小情摆上桌，邻里协商定方案", "#0b5d3b", True),
    "工业路社区": ("红色自管会", "无主楼院有人管，党员带头管得住", "#b3261e", True),
    "阳光花苑社区": ("微网格·大治理", "人在格中走，事在格中办", "#8a4b00", True),
    "华府社区": ("连心华府", "一张连心卡，服务零距离", "#1d4e89", True),
    "儿童公园社区": ("一元带多元", "服务在社区，幸福在小区", "#6a1b9a", False),
    "永安街社区": ("敲门连心", "网格长上门，居民心里暖", "#00695c", False),
}
STORIES = {
    "朱寨社区": [
        (
            "paragraph",
            "<p>朱寨社区把居民议事会开到楼院门口：谁家有难处、哪里环境脏乱，都摆到桌面上商量。社区党组织牵头，网格长召集，居民代表、物业和共建单位一起出主意，商量定了再动手。</p>",
        ),
        ("quote", {"text": "以前有事找不到人，现在楼下就能说上话。", "source": "朱寨社区居民"}),
        (
            "paragraph",
            "<p>一年来，议事会协商解决了环境整治、邻里纠纷等民生问题，形成“提事—议事—办事—评事”的闭环。</p>",
        ),
    ],
    "工业路社区": [
        (
            "paragraph",
            "<p>东方花园等老旧楼院没有物业，工业路社区推行“党组织+自管会+社会组织服务”模式：党员楼栋长带头，居民推选自管会，社会组织提供专业服务，让无主管楼院有人管、管得住。</p>",
        ),
    ],
}
ACHIEVEMENTS = {
    "朱寨社区": [("16", "个", "协商解决的民生问题")],
    "工业路社区": [("8", "个", "无主管楼院实现自管")],
    "阳光花苑社区": [
        ("11", "个", "三级网格"),
        ("58", "名", "微网格员"),
        ("100", "%", "二级网格员下沉率"),
    ],
    "华府社区": [("372", "户", "5号网格服务住户")],
}
# What each community's introduction says about its way of working, after the seed reports'
# themes (in our own words): each community gets its own, so a search does not find one sentence
# many times over.
COMMUNITY_THEMES = [
    "年轻干部下沉网格，当好信息采集员、政策宣传员和矛盾调解员，居民需求逐条建账、领题攻坚。",
    "楼栋长、单元长担任微网格员，人在格中走、事在格中办，小事不出楼栋。",
    "居民诉求由网格员首问负责、限时办结，办不了的逐级转办，办完回访。",
    "党支部建在网格上，党员认领楼院服务岗，带头参与环境整治和邻里互助。",
    "搭建议事、服务、志愿、共建等平台，辖区单位和社会组织一起参与社区治理。",
    "一刻钟便民生活圈就在家门口：助餐点、卫生服务站、养老服务站步行可达。",
    "暖心驿站为环卫工人、快递小哥提供歇脚、饮水、热饭和充电。",
    "工作日中午和周末错时值班，行动不便的老人可预约上门代办。",
    "网格长每月入户走访独居老人和困难家庭，走访情况记入台账。",
    "楼院议事会把停车、加装电梯、垃圾分类等难题摆上桌，居民商量着办。",
]


def community_intro(community, street, index: int) -> str:
    grids = Grid.objects.subtree(community).filter(level=GridLevel.GRID).count()
    theme = COMMUNITY_THEMES[index % len(COMMUNITY_THEMES)]
    return f"<p>{community.name}隶属{street.name}，划分{grids}个网格。{theme}</p>"


GUIDE_HOURS = "<p>周一至周五 8:30—12:00，14:30—18:00（冬季 14:00—17:30）。</p>"
OFF_HOURS = "<p>工作日中午、晚上和周末安排值班人员错时服务，办理社保认证、证明开具等常用事项。</p>"
PROXY = "<p>行动不便的老人、残疾人可预约网格员上门，全程代办、陪帮办养老、医保、低保等事项。</p>"

# (title, category slug, where: community/street/district name or "" for site-wide,
#  days ago, summary, body, pinned, expired)
NOTICES = [
    (
        "华府小区停水通知",
        "notice",
        "华府社区",
        2,
        "因管网维修，5号网格部分楼栋暂停供水。",
        "<p>因自来水管网维修，华府小区51号楼至55号楼将于本周六8:00至18:00暂停供水，请居民提前储水。如遇紧急情况请联系网格长。</p>",
        True,
        False,
    ),
    (
        "消防通道堆物清理的通知",
        "notice",
        "阳光花苑社区",
        5,
        "请居民清理楼道和消防通道内的杂物。",
        "<p>近期网格巡查发现个别楼栋消防通道堆放废品纸箱，存在较大安全隐患。请各户于本月底前自行清理，网格员将逐楼复查。</p>",
        False,
        False,
    ),
    (
        "行道树病虫害防治作业公告",
        "notice",
        "繁荣街社区",
        8,
        "园林养护人员将对沿街行道树进行药物防治。",
        "<p>接居民反映沿街行道树“滴油”，经网格员上报、逐级转办，园林养护人员将于本周对病虫害行道树进行化学防治，作业期间请勿在树下停车。</p>",
        False,
        False,
    ),
    (
        "一户一表改水施工公告",
        "notice",
        "平安社区",
        10,
        "老旧小区供水改造开始施工。",
        "<p>经居民协商通过的一户一表改水方案已开始施工，施工期间可能短时停水，社区将提前在微信群通知。</p>",
        False,
        False,
    ),
    (
        "年轻干部进网格“365”工作模式解读",
        "policy",
        "二七区",
        20,
        "三项机制、六员职责、五类活动。",
        "<p>年轻干部进网格当好信息采集员、政策宣传员、平台推广员、矛盾调解员、便民服务员和基层调研员，通过领题攻坚、比学赶超和积分考核，把服务送到居民身边。</p>",
        False,
        False,
    ),
    (
        "重点人群走访关爱政策解读",
        "policy",
        "二七区",
        25,
        "低保特困、孤寡残障家庭定期走访。",
        "<p>网格员每月对低保特困、孤寡残障等重点人群开展循环走访，建立台账，及时帮助解决急难愁盼问题。</p>",
        False,
        False,
    ),
    (
        "“有事好商量”网格议事会",
        "event",
        "朱寨社区",
        1,
        "本周五晚在社区广场召开议事会。",
        "<p>议题：楼院停车秩序与充电桩安装。欢迎居民代表参加，现场提出意见建议。</p>",
        False,
        False,
    ),
    (
        "红色自管会招募楼院志愿者",
        "event",
        "工业路社区",
        4,
        "招募楼栋长和志愿者参与楼院自治。",
        "<p>东方花园红色自管会招募楼栋长、单元长和志愿者，参与楼院卫生、安全巡查和邻里互助。</p>",
        False,
        False,
    ),
    (
        "暖心驿站冬季开放公告",
        "notice",
        "",
        3,
        "全市暖心驿站为户外劳动者提供热饭和休息。",
        "<p>入冬后，各社区暖心驿站为环卫工人、快递小哥等户外劳动者提供休息、饮水、热饭、充电和无线网络服务。</p>",
        True,
        False,
    ),
    (
        "“郑好拍”随手拍使用指南",
        "policy",
        "",
        12,
        "发现问题随手拍，网格员及时处置。",
        "<p>居民发现消防通道堵塞、路灯损坏等问题，可以通过“郑好拍”随手拍上报，三级网格就地处置，处置不了的逐级转办、闭环办结。</p>",
        False,
        False,
    ),
    (
        "社区合伙人招募",
        "event",
        "儿童公园社区",
        6,
        "招募社区合伙人，共建共治共享。",
        "<p>社区联合16支社区社会组织和18家资源单位招募社区合伙人，一起丰富居民文化文体活动。</p>",
        False,
        False,
    ),
    (
        "夏季防汛安全提示",
        "notice",
        "人和路街道",
        120,
        "汛期请注意出行安全。",
        "<p>汛期请居民关注天气预报，低洼地带住户提前做好防范。</p>",
        False,
        True,
    ),
]

User = get_user_model()
# Community editors write and submit for approval; street and district editors also publish
# (and approve what their communities submit: street_approval_workflow).
WRITE_PERMISSIONS = ["add_page", "change_page", "lock_page", "unlock_page"]
PUBLISH_PERMISSIONS = [*WRITE_PERMISSIONS, "publish_page"]


def ensure_child(parent, model, *, lookup: dict, **fields):
    existing = model.objects.child_of(parent).filter(**lookup).first()
    if existing:
        return existing
    return parent.add_child(instance=model(**lookup, **fields))


def seed_home() -> HomePage:
    home = HomePage.objects.first()
    if home is None:
        # Wagtail's installer leaves a plain "Welcome" page (slug home); the demo replaces it.
        for page in Page.objects.filter(depth=2, content_type__model="page", numchild=0):
            page.delete()
        home = Page.get_first_root_node().add_child(
            instance=HomePage(
                title=HOME_TITLE,
                slug="home",
                tagline="小事不出楼栋，大事不出网格",
                intro="<p>查找您所在社区的网格员、便民服务连心卡、一刻钟服务圈和最新通知。</p>",
            )
        )
    home.headline_kinds.set(TallyKind.objects.filter(name__in=HEADLINE_KINDS))
    home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
    # Page links in the API and the sitemap are built from the site's host and port: the
    # address the demo is served at (make demo sets WAGTAILADMIN_BASE_URL from its PORT).
    address = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    site.hostname, site.port = address.hostname or "localhost", address.port or 80
    # The admin's dashboard is headed with the site's name (else its host name).
    site.root_page, site.site_name = home, settings.WAGTAIL_SITE_NAME
    site.save()
    return home


def seed_area_pages(home) -> dict[str, Page]:
    pages = {}
    for district in Grid.objects.at_level(GridLevel.DISTRICT).order_by("code"):
        district_page = ensure_child(
            home, DistrictPage, lookup={"grid": district}, title=district.name
        )
        pages[district.name] = district_page
        for street in Grid.objects.filter(
            path__startswith=district.path, level=GridLevel.STREET
        ).order_by("code"):
            street_page = ensure_child(
                district_page, StreetPage, lookup={"grid": street}, title=street.name
            )
            pages[street.name] = street_page
            for community in Grid.objects.filter(
                path__startswith=street.path, level=GridLevel.COMMUNITY
            ).order_by("code"):
                brand, slogan, colour, featured = BRANDS.get(
                    community.name, ("", "", "#b3261e", False)
                )
                community_page = ensure_child(
                    street_page,
                    CommunityPage,
                    lookup={"grid": community},
                    title=community.name,
                    brand_name=brand,
                    slogan=slogan,
                    brand_colour=colour,
                    featured=featured,
                    # The demo's resident reports are at 华府社区: its cases are listed.
                    lists_resolved_cases=featured,
                    story=STORIES.get(community.name, []),
                    achievements=[
                        ("figure", {"number": n, "unit": u, "label": label})
                        for n, u, label in ACHIEVEMENTS.get(community.name, [])
                    ],
                    intro=community_intro(community, street, len(pages)),
                )
                pages[community.name] = community_page
                ensure_child(
                    community_page,
                    ServiceGuidePage,
                    lookup={"slug": "fuwu-zhinan"},
                    title=f"{community.name}服务指南",
                    office_hours=GUIDE_HOURS,
                    off_hours_duty=OFF_HOURS,
                    proxy_services=PROXY,
                )
    return pages


def notice_index_under(page) -> NoticeIndexPage:
    return ensure_child(page, NoticeIndexPage, lookup={"slug": "tongzhi"}, title="通知公告")


def seed_notices(home, pages, today: datetime.date):
    categories = {
        slug: NoticeCategory.objects.update_or_create(
            slug=slug, defaults={"name": name, "sort_order": order}
        )[0]
        for order, (name, slug) in enumerate(CATEGORIES)
    }
    for title, category, where, days_ago, summary, body, pinned, expired in NOTICES:
        index = notice_index_under(pages[where] if where else home)
        if NoticePage.objects.child_of(index).filter(title=title).exists():
            continue
        published = today - datetime.timedelta(days=days_ago)
        index.add_child(
            instance=NoticePage(
                title=title,
                category=categories[category],
                publish_date=published,
                expiry_date=published + datetime.timedelta(days=30) if expired else None,
                summary=summary,
                body=body,
                pinned=pinned,
            )
        )


def seed_survey(community_page):
    survey = SurveyPage.objects.child_of(community_page).first()
    if survey:
        return survey
    survey = community_page.add_child(
        instance=SurveyPage(
            title="居民需求调查表",
            intro="<p>请告诉我们您最需要的社区服务，我们将据此安排网格服务。</p>",
            thank_you_text="<p>感谢您的填写！网格员会认真整理大家的意见。</p>",
        )
    )
    questions = [
        ("您所在的楼栋", "singleline", "", True),
        ("最需要的服务", "checkboxes", "助餐\n助医\n代办\n文体活动\n儿童托管", True),
        ("其他意见建议", "multiline", "", False),
    ]
    for order, (label, field_type, choices, required) in enumerate(questions):
        # save() (not bulk_create) derives each field's clean name from its label.
        SurveyField.objects.create(
            page=survey,
            sort_order=order,
            label=label,
            field_type=field_type,
            choices=choices,
            required=required,
        )
    return survey


def page_editor_group(page) -> Group:
    """A Wagtail group that edits `page` and everything below it; it publishes too unless
    `page` is a community page. Without publish rights Wagtail refuses publishing and deleting
    live pages in the admin and in the API alike."""
    group, _ = Group.objects.get_or_create(name=f"{page.title}页面编辑")
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    moderated = isinstance(page.specific, CommunityPage)
    if moderated:  # demo databases seeded before moderation let community editors publish
        GroupPagePermission.objects.filter(
            group=group, page=page, permission__codename="publish_page"
        ).delete()
    for codename in WRITE_PERMISSIONS if moderated else PUBLISH_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=page,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )
    root = Collection.get_first_root_node()
    for codename, app in [
        ("add_image", "wagtailimages"),
        ("choose_image", "wagtailimages"),
        ("add_document", "wagtaildocs"),
        ("choose_document", "wagtaildocs"),
    ]:
        GroupCollectionPermission.objects.get_or_create(
            group=group,
            collection=root,
            permission=Permission.objects.get(content_type__app_label=app, codename=codename),
        )
    return group


def street_approval_workflow(street_page) -> Workflow:
    """“人和路街道通知审核”: what the street's communities submit, the street's editors approve.
    Assigned to each community page below the street, so it covers their notices and surveys."""
    workflow, _ = Workflow.objects.get_or_create(name=f"{street_page.title}通知审核")
    task = GroupApprovalTask.objects.filter(name=f"{street_page.title}审核").first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=f"{street_page.title}审核")
    task.groups.add(page_editor_group(street_page))
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    for community in CommunityPage.objects.child_of(street_page):
        WorkflowPage.objects.update_or_create(page=community, defaults={"workflow": workflow})
    return workflow


# Which demo users edit which part of the page tree (see governance.demo.DEMO_USERS).
PAGE_EDITORS = {"erqi_admin": "二七区", "renhe_editor": "人和路街道", "huafu_editor": "华府社区"}


def seed_page_editors(pages):
    for username, page_name in PAGE_EDITORS.items():
        user = User.objects.filter(username=username).first()
        if user and page_name in pages:
            user.groups.add(page_editor_group(pages[page_name]))
            if isinstance(pages[page_name], StreetPage):
                street_approval_workflow(pages[page_name])


@transaction.atomic
def seed_pages(today: datetime.date | None = None) -> HomePage:
    today = today or timezone.localdate()
    home = seed_home()
    pages = seed_area_pages(home)
    seed_notices(home, pages, today)
    if "华府社区" in pages:
        seed_survey(pages["华府社区"])
    seed_page_editors(pages)
    return home
