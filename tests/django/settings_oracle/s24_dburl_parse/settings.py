import os

import dj_database_url

SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
DEBUG = False
ALLOWED_HOSTS = os.environ["DJANGO_ALLOWED_HOSTS"].split(",")

INSTALLED_APPS = ["django.contrib.auth", "django.contrib.contenttypes", "reports"]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.common.CommonMiddleware",
]
ROOT_URLCONF = "s24_dburl_parse.urls"

DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=120)}
DATABASES["default"].update({"ATOMIC_REQUESTS": True})
DATABASES["replica"] = dj_database_url.parse(
    os.environ.get("REPLICA_DATABASE_URL", "postgres://reader@replica.internal:6432/reports")
)
DATABASE_ROUTERS = ["reports.routers.ReplicaRouter"]

SECURE_SSL_REDIRECT = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
