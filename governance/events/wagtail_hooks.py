from governance.events import dashboard  # noqa: F401  (registers the dashboard panel)
