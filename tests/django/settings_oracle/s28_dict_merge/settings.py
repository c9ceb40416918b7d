import os

SECRET_KEY = os.environ.get("SECRET_KEY", "merge")
DEBUG = os.environ.get("DEBUG", "no") == "yes"
ALLOWED_HOSTS = ["merge.example"]
INSTALLED_APPS = ("django.contrib.auth", "django.contrib.contenttypes", "django.contrib.sessions")
MIDDLEWARE = (
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
)
ROOT_URLCONF = "s28_dict_merge.urls"

POSTGRES = {"ENGINE": "django.db.backends.postgresql", "HOST": os.environ.get("PGHOST", "pg"), "PORT": 5432}
DATABASES = {
    "default": dict(POSTGRES, NAME="merge", USER="merge"),
    "archive": {**POSTGRES, "NAME": "archive", "HOST": os.environ.get("ARCHIVE_HOST", POSTGRES["HOST"])},
}
if os.environ.get("USE_SQLITE"):
    DATABASES["default"] = {"ENGINE": "django.db.backends.sqlite3", "NAME": "/tmp/merge.sqlite3"}
    del DATABASES["archive"]

SECURITY = {
    "SECURE_SSL_REDIRECT": True,
    "SESSION_COOKIE_SECURE": True,
    "CSRF_COOKIE_SECURE": True,
}
SECURITY.update(SECURE_HSTS_SECONDS=600)
if DEBUG:
    SECURITY = {key: False for key in SECURITY}
    SECURITY["SECURE_HSTS_SECONDS"] = 0
SECURE_SSL_REDIRECT = SECURITY["SECURE_SSL_REDIRECT"]
SESSION_COOKIE_SECURE = SECURITY.get("SESSION_COOKIE_SECURE", False)
CSRF_COOKIE_SECURE = SECURITY.get("CSRF_COOKIE_SECURE")
SECURE_HSTS_SECONDS = SECURITY.pop("SECURE_HSTS_SECONDS")
