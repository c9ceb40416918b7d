import os

DJANGO_ENV = os.environ.get("DJANGO_ENV", "development").lower()

if DJANGO_ENV == "production":
    from .production import *  # noqa
elif DJANGO_ENV == "staging":
    from .staging import *  # noqa
elif DJANGO_ENV == "test":
    from .test import *  # noqa
else:
    from .development import *  # noqa
