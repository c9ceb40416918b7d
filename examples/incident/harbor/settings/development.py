"""Local development: DEBUG on, a local PostgreSQL, no HTTPS."""
from .base import *  # noqa: F401,F403

DEBUG = True

SECRET_KEY = SECRET_KEY or "django-insecure-local-development-only"  # noqa: F405

ALLOWED_HOSTS = ["localhost", "127.0.0.1", ".localhost"]
