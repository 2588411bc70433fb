"""Admin dashboard panels for the people who run the site."""

from wagtail.admin.ui.components import Component

from civicgrid.task_queue import QueueStatus


class TaskQueueWarningPanel(Component):
    """Tells superusers the background worker is not taking tasks, and what to start."""

    name = "task_queue_warning"
    order = 1
    template_name = "civicgrid/admin/task_queue_warning.html"

    def __init__(self, status: QueueStatus):
        self.status = status

    def get_context_data(self, parent_context=None):
        return {"status": self.status}
