from governance.events.hooks import notifications  # noqa: F401
