"""A project's page: milestones reached, 办结 with its outcome, photos, publishing."""

from django import forms
from django.utils.translation import gettext_lazy as _

from governance.officials.forms.moves import (
    DateInput,
    MoveForm,
    clean_typed,
    not_in_future,
    required_text,
)
from governance.officials.services import workflow
from governance.officials.services.photos import project_add_photo, project_photo_prepare


class MilestoneForm(MoveForm):
    """One milestone marked reached; the milestone is chosen among the project's own."""

    move, label, primary = "milestone", _("Mark a milestone reached"), True

    done_on = forms.DateField(label=_("reached on"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["milestone"] = forms.ModelChoiceField(
            label=_("milestone"),
            queryset=self.record.milestones.filter(done_on__isnull=True),
        )
        self.order_fields(["milestone", "done_on"])
        self.fields["done_on"].initial = workflow.today()

    def clean_done_on(self):
        return not_in_future(self.cleaned_data["done_on"])

    def apply(self):
        data = self.cleaned_data
        return workflow.milestone_reach(
            by=self.user, milestone=data["milestone"], done_on=data["done_on"]
        )


class ProjectFinishForm(MoveForm):
    move, label = "finish", _("Finish the project")

    outcome = required_text(_("outcome"), rows=4)
    finished_on = forms.DateField(label=_("finished on"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["finished_on"].initial = workflow.today()

    def clean_outcome(self):
        return clean_typed(self, "outcome")

    def clean_finished_on(self):
        return not_in_future(self.cleaned_data["finished_on"])

    def apply(self):
        data = self.cleaned_data
        return workflow.project_finish(
            by=self.user,
            project=self.record,
            outcome=data["outcome"],
            finished_on=data["finished_on"],
        )


class PhotoForm(MoveForm):
    move, label = "photo", _("Add an outcome photo")

    photo = forms.ImageField(
        label=_("photo"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    caption = forms.CharField(label=_("caption"), max_length=100, required=False)

    def clean_photo(self):
        return project_photo_prepare(self.cleaned_data["photo"])

    def clean_caption(self):
        return clean_typed(self, "caption")

    def apply(self):
        data = self.cleaned_data
        return project_add_photo(
            by=self.user, project=self.record, prepared=data["photo"], caption=data["caption"]
        )


class PublishForm(MoveForm):
    """The toggle: publish a finished project, or take it off the community page."""

    move = "publish"

    public = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["public"].initial = not self.record.is_public
        self.label = (
            _("Take off the community page")
            if self.record.is_public
            else _("Publish on the community page")
        )

    def apply(self):
        return workflow.project_publish(
            by=self.user, project=self.record, public=self.cleaned_data["public"]
        )


PROJECT_FORMS = {
    form.move: form for form in (MilestoneForm, ProjectFinishForm, PhotoForm, PublishForm)
}
