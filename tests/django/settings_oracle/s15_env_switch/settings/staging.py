from .production import *  # noqa

ALLOWED_HOSTS = ["staging.example.org"]
SECURE_HSTS_SECONDS = 60
SECURE_HSTS_PRELOAD = False
