from governance.care.models.access import AccessAction, PersonalDataAccess
from governance.care.models.groups import CareGroup, CareMembership, VisitMethod
from governance.care.models.households import HOUSEHOLD_LEVELS, Household, HouseholdTag
from governance.care.models.keycheck import KeyCheck
from governance.care.models.residents import Relation, Resident, Sex
from governance.care.models.visits import Visit

__all__ = [
    "AccessAction",
    "HOUSEHOLD_LEVELS",
    "CareGroup",
    "CareMembership",
    "Household",
    "HouseholdTag",
    "KeyCheck",
    "PersonalDataAccess",
    "Relation",
    "Resident",
    "Sex",
    "Visit",
    "VisitMethod",
]
