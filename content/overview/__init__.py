"""The editors' content overview (内容总览): one wagtail-modeladmin listing of every notice,
policy explainer and survey in the editor's part of the page tree."""
