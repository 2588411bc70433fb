"""Open311 clients in the admin (superusers): a new client's key is shown once, on the page
that answers the form — never stored, never put in a message cookie."""

from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet

from governance.resident_reports.models import Open311Client
from governance.resident_reports.services.clients import open311_client_create
from governance.text import typed_text


class ClientForm(WagtailAdminModelForm):
    class Meta:
        model = Open311Client
        fields = ["name", "is_active"]

    def clean_name(self):
        name = typed_text(self.cleaned_data["name"])
        if not name:
            raise ValidationError(_("Give the client a name."))
        return name


class ClientCreateView(snippet_views.CreateView):
    def save_instance(self):
        client, self.new_key = open311_client_create(
            self.form.cleaned_data["name"],
            by=self.request.user,
            is_active=self.form.cleaned_data["is_active"],
        )
        return client

    def save_action(self):
        return TemplateResponse(
            self.request,
            "resident_reports/admin/client_key.html",
            {"client": self.object, "key": self.new_key, "index_url": self.get_success_url()},
        )


class Open311ClientViewSet(SnippetViewSet):
    model = Open311Client
    icon = "key"
    menu_label = _("Open311 clients")
    add_to_admin_menu = False
    form_fields = ["name", "is_active"]
    list_display = [
        "name",  # the title column: a link to the client's page (rename, deactivate)
        Column("key_hint", label=_("key ends with")),
        BooleanColumn("is_active", label=_("active")),
        DateColumn("created_at", label=_("created at")),
    ]
    add_view_class = ClientCreateView

    def get_form_class(self, for_update=False):
        return ClientForm
