import os

from .defaults import *  # noqa

DATABASES = {"default": PRIMARY, "replica": dict(PRIMARY, HOST=os.environ.get("REPLICA_HOST", "replica"))}
default = DATABASES["default"]
default["NAME"] = os.environ.get("DB_NAME", default["NAME"])
if os.environ.get("PGBOUNCER"):
    default["PORT"] = 6432
for alias, database in DATABASES.items():
    database["CONN_MAX_AGE"] = 0 if alias == "replica" else 300
    database.setdefault("OPTIONS", {})["application_name"] = "billing-" + alias

MIDDLEWARE = BASE_MIDDLEWARE
MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")
if os.environ.get("DJANGO_DEBUG") == "1":
    DEBUG = True
    ALLOWED_HOSTS = ["*"]
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "django-insecure-billing-dev")
CSRF_TRUSTED_ORIGINS = ["https://" + host for host in ALLOWED_HOSTS if host != "*"]
