from .areas import CommunityPage, DistrictPage, StreetPage
from .guides import ServiceGuidePage
from .home import HomePage
from .notices import NoticeCategory, NoticeIndexPage, NoticePage, NoticePageTag
from .surveys import SurveyField, SurveyPage

__all__ = [
    "CommunityPage",
    "DistrictPage",
    "HomePage",
    "NoticeCategory",
    "NoticeIndexPage",
    "NoticePage",
    "NoticePageTag",
    "ServiceGuidePage",
    "StreetPage",
    "SurveyField",
    "SurveyPage",
]
