from governance.officials.models.officials import Duty, DutyLog, YoungOfficial
from governance.officials.models.projects import Milestone, Project, ProjectPhoto, ProjectStatus
from governance.officials.models.responsibilities import ListLevel, ResponsibilityItem
from governance.officials.models.scoring import ManualScore, ScoreBasis, ScoringRule
from governance.officials.models.work import (
    Need,
    NeedSource,
    NeedStatus,
    Task,
    TaskNote,
    TaskStatus,
)

__all__ = [
    "Duty",
    "DutyLog",
    "ListLevel",
    "ManualScore",
    "Milestone",
    "Need",
    "NeedSource",
    "NeedStatus",
    "Project",
    "ProjectPhoto",
    "ProjectStatus",
    "ResponsibilityItem",
    "ScoreBasis",
    "ScoringRule",
    "Task",
    "TaskNote",
    "TaskStatus",
    "YoungOfficial",
]
