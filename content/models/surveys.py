"""Resident surveys (居民需求调查表) built by editors with Wagtail's form builder."""

from django.db import models
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.contrib.forms.forms import BaseForm, FormBuilder
from wagtail.contrib.forms.models import AbstractForm, AbstractFormField
from wagtail.fields import RichTextField

from civicgrid.security.public_forms import Refused, RobotTrapMixin
from content.models.base import SEARCH_FIELDS, PublicPageMixin, rich_text_plain
from content.search.slugs import pinyin_slug


class SurveyField(AbstractFormField):
    page = ParentalKey("content.SurveyPage", on_delete=models.CASCADE, related_name="form_fields")

    def get_field_clean_name(self):
        """Pinyin keys (nin_suo_zai_de_lou_dong) instead of escaped code points in exports."""
        return pinyin_slug(self.label).replace("-", "_")


class SurveyFormBuilder(FormBuilder):
    """The editors' questions on a form that keeps robots off (a hidden field, the fill time)."""

    def get_form_class(self):
        return type("SurveyForm", (RobotTrapMixin, BaseForm), self.formfields)


class SurveyPage(PublicPageMixin, AbstractForm):
    intro = RichTextField(_("introduction"), blank=True)
    thank_you_text = RichTextField(_("thank-you text"), blank=True)

    content_panels = [
        *AbstractForm.content_panels,
        FieldPanel("intro"),
        InlinePanel("form_fields", label=_("questions")),
        FieldPanel("thank_you_text"),
    ]
    search_fields = [*AbstractForm.search_fields, *SEARCH_FIELDS]
    parent_page_types = ["content.CommunityPage"]
    subpage_types = []
    template = "content/survey_page.html"
    cache_rendered = False
    landing_page_template = "content/survey_page_landing.html"
    form_builder = SurveyFormBuilder

    class Meta:
        verbose_name = _("resident survey")
        verbose_name_plural = _("resident surveys")

    def plain_text(self) -> str:
        return f"{self.title} {rich_text_plain(self.intro)}"

    def serve(self, request, *args, **kwargs):
        if request.method == "POST":
            form = self.get_form(request.POST, request.FILES, page=self, user=request.user)
            refused = False
            try:
                notice = form.robot_check()
            except Refused:
                notice, refused = "", True
            if refused or notice:
                if notice:
                    form.fresh_stamp()
                context = self.get_context(request)
                context.update(form=form, refused=refused, notice=notice)
                return TemplateResponse(request, self.get_template(request), context, status=400)
        return super().serve(request, *args, **kwargs)
