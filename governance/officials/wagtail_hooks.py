from governance.officials import (  # noqa: F401  (each registers its hooks)
    dashboard,
)
