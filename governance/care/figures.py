"""The figure the care app offers to tally kinds (governance/figures.py): 走访人次, the visits
counted from the records instead of typed by hand."""

from django.utils.translation import gettext_lazy as _

from governance.care.selectors import records_start, visits_by_child, visits_monthly
from governance.figures import Figure

VISITS = Figure(
    key="care.visits",
    label=_("Visits to residents of special groups"),
    by_month=visits_monthly,
    by_child=visits_by_child,
    records_start=records_start,
)

CARE_FIGURES = (VISITS,)
