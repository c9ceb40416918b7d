import os
import sys

SECRET_KEY = os.environ.get("SECRET_KEY", "dev-secret-key-that-is-long-enough-for-django-50-chars")
DEBUG = os.environ.get("DEBUG", "") != ""
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]
ROOT_URLCONF = "s17_local_argv.urls"
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "forum",
        "HOST": os.environ.get("PGHOST", "localhost"),
        "PORT": 5432,
    }
}

TESTING = len(sys.argv) > 1 and sys.argv[1] == "test"
if TESTING or "pytest" in sys.modules:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    CELERY_TASK_ALWAYS_EAGER = True

try:
    from .local import *  # noqa
except ImportError:
    pass
