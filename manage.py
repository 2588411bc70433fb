#!/usr/bin/env python
import os
import sys
from pathlib import Path

# The configuration package lives in site/civicgrid: "site" itself is a standard-library
# module, so the folder goes on the path and the package is imported as "civicgrid".
sys.path.insert(0, str(Path(__file__).resolve().parent / "site"))

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civicgrid.settings.dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
