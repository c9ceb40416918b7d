from .prod import *  # noqa

ALLOWED_HOSTS = ALLOWED_HOSTS[:1] + ["staging.crm.example.com"]
CSRF_TRUSTED_ORIGINS = CSRF_TRUSTED_ORIGINS[:1]
SECURE_HSTS_SECONDS = 0
DATABASES["default"]["NAME"] = DATABASES["default"]["NAME"] + "_staging"
INSTALLED_APPS = INSTALLED_APPS + ["django_extensions"]
