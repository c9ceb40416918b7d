"""Settings assembled by django-split-settings, the way wemake-django-template lays them out."""
from os import environ

from split_settings.tools import include, optional

DJANGO_ENV = environ.get("DJANGO_ENV", "development")

base_settings = [
    "components/common.py",
    "components/database.py",
    # The environment's own file, when there is one:
    optional("environments/{0}.py".format(DJANGO_ENV)),
    # Overrides a developer keeps out of the repository:
    optional("environments/local.py"),
]

include(*base_settings)
