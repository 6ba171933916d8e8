"""The `sijeong` console script: Django's management commands with the project's settings.

sijeong migrate
sijeong load_demo
sijeong evaluation paju --year 2024
"""

from __future__ import annotations

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["sijeong", *sys.argv[1:]])
