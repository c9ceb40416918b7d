import os
import sys

from . import constants as c

SECRET_KEY = os.environ.get("LEDGER_SECRET_KEY", "django-insecure-" + c.PRODUCT * 4)
DEBUG = "--debug" in sys.argv[1:] if False else os.environ.get("LEDGER_DEBUG") == "1"
ALLOWED_HOSTS = getattr(c, "ALLOWED_HOSTS", c.DEFAULT_HOSTS)
INSTALLED_APPS = ["django.contrib.auth", "django.contrib.contenttypes", f"{c.PRODUCT}.accounts"]
MIDDLEWARE = [
    c.SECURITY_MIDDLEWARE,
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
]
ROOT_URLCONF = f"s32_constants_module.{c.PRODUCT}_urls"
SECURE_HSTS_SECONDS = c.HSTS_ONE_YEAR if not DEBUG else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = hasattr(c, "HSTS_ONE_YEAR")
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": c.PRODUCT,
        "USER": os.environ.get("LEDGER_DB_USER", c.PRODUCT),
        "HOST": os.environ.get("LEDGER_DB_HOST", "localhost"),
    }
}
