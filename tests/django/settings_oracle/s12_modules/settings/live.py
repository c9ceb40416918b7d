import os
from . import defaults
import s12_modules.settings.defaults as d

ALLOWED_HOSTS = list(defaults.HOSTS)
INSTALLED_APPS = d.APPS + ["django.contrib.sessions"]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]
ROOT_URLCONF = "s12_modules.urls"
SECRET_KEY = os.environ.get("SECRET_KEY", "k")
DEBUG = False
DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "live"}}
DATABASES["default"]["HOST"] = os.environ.get("DB_HOST", "pg.live")
DATABASES["default"].update({"NAME": os.environ.get("DB_NAME", "live2")})
for name in ("SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE"):
    globals()  # noqa: a no-op call
SESSION_COOKIE_SECURE = True
