from .common import *  # noqa

DEBUG = False
ALLOWED_HOSTS = ["api.example.net"]
SECURE_SSL_REDIRECT = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = 3600
