import os

SECRET_KEY = os.environ.get("SECRET_KEY", "proxy-tuples")
DEBUG = False
PROXY_HEADER = os.environ.get("PROXY_SSL_HEADER", "HTTP_X_FORWARDED_PROTO:https")
SECURE_PROXY_SSL_HEADER = tuple(PROXY_HEADER.split(":")) if PROXY_HEADER else None
ALLOWED_HOSTS = tuple(sorted({"b.example", "a.example"}))
INSTALLED_APPS = ("django.contrib.auth", "django.contrib.contenttypes")
MIDDLEWARE = ["django.middleware.security.SecurityMiddleware", "django.middleware.common.CommonMiddleware"]
MIDDLEWARE[1:1] = ["django.middleware.gzip.GZipMiddleware"]
ROOT_URLCONF = "s31_proxy_tuples.urls"
USE_X_FORWARDED_HOST = SECURE_PROXY_SSL_HEADER is not None
SECURE_SSL_REDIRECT = SECURE_PROXY_SSL_HEADER is not None and not DEBUG
SECURE_REDIRECT_EXEMPT = list(map(lambda p: p.rstrip("/") + "/?$", ["^status", "^ping/"]))
DATABASES = {}
DATABASES.setdefault("default", {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"})
