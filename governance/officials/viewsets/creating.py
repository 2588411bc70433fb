"""Create views whose record is made by a workflow function (the form's `create(by=...)`), so
the admin and every other door go through the same checks; a refusal is a form error."""

from django.core.exceptions import ValidationError
from wagtail.log_actions import log
from wagtail.snippets.views import snippets as snippet_views

from governance.officials.forms.moves import refusal_text
from governance.officials.services.workflow import WorkRefused


class ServiceCreateView(snippet_views.CreateView):
    def is_valid(self, form):
        if not super().is_valid(form):
            return False
        try:
            self.created = form.create(by=self.request.user)
        except (WorkRefused, ValidationError) as refusal:
            form.add_error(None, refusal_text(refusal))
            self.produced_error_code = "validation_error"
            self.produced_error_message = self.get_error_message()
            return False
        return True

    def save_instance(self):
        log(self.created, "wagtail.create", user=self.request.user)
        return self.created
