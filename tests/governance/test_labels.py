import re

import pytest
from django.apps import apps
from django.utils import translation

CJK = re.compile(r"[\u4e00-\u9fff]")
TREE_INTERNALS = {"path", "depth", "numchild", "id"}


def governance_models():
    """The registry core and the apps nested in it (events, ...)."""
    return [
        model
        for config in apps.get_app_configs()
        if config.name.startswith("governance")
        for model in config.get_models()
    ]


@pytest.mark.parametrize("model", governance_models(), ids=lambda m: m.__name__)
def test_every_model_and_field_has_a_chinese_label(model):
    with translation.override("zh-hans"):
        assert CJK.search(str(model._meta.verbose_name)), model
        assert CJK.search(str(model._meta.verbose_name_plural)), model
        for field in model._meta.get_fields():
            if field.auto_created or not field.concrete or field.name in TREE_INTERNALS:
                continue
            if model.__name__ == "RegistryLogEntry":
                continue  # Wagtail's own log fields, labelled by Wagtail's catalogue
            assert CJK.search(str(field.verbose_name)), f"{model.__name__}.{field.name}"
