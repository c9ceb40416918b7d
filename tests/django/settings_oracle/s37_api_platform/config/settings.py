# An API platform: DRF with permissions chosen by environment, a custom user model, migrations
# switched off for fast test runs, bots refused by User-Agent, a proxy that forwards the port.
import os
import re

env = os.environ.get


def env_flag(name, default="0"):
    return env(name, default).lower() in ("1", "true", "yes")


DEBUG = env_flag("API_DEBUG")
SECRET_KEY = env("API_SECRET_KEY", "django-insecure-local")
ALLOWED_HOSTS = env("API_HOSTS", "localhost").split(",")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "s37_api_platform.accounts",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]
ROOT_URLCONF = "s37_api_platform.config.urls"
AUTH_USER_MODEL = "accounts.User"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
LOGIN_URL = "/api/auth/login/" if env_flag("API_ONLY", "1") else "/accounts/login/"
MESSAGE_STORAGE = "django.contrib.messages.storage.{}.{}".format(
    *(("cookie", "CookieStorage") if env_flag("STATELESS") else ("session", "SessionStorage"))
)

USE_X_FORWARDED_HOST = env_flag("BEHIND_PROXY")
USE_X_FORWARDED_PORT = USE_X_FORWARDED_HOST and env("PROXY_PORT_HEADER", "") != ""
if USE_X_FORWARDED_HOST:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

DISALLOWED_USER_AGENTS = [re.compile(pattern, re.IGNORECASE) for pattern in (
    r"^python-requests/", r"scrapy",
)]
if env_flag("ALLOW_BOTS"):
    DISALLOWED_USER_AGENTS = []

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ("rest_framework.permissions.IsAuthenticated",),
    "PAGE_SIZE": int(env("API_PAGE_SIZE", "50")),
}
if env("API_TOKEN_AUTH"):
    REST_FRAMEWORK["DEFAULT_AUTHENTICATION_CLASSES"].insert(
        0, "rest_framework.authentication.TokenAuthentication"
    )
if DEBUG:
    REST_FRAMEWORK["DEFAULT_PERMISSION_CLASSES"] = ["rest_framework.permissions.AllowAny"]

MIGRATION_MODULES = {}
if env_flag("FAST_TESTS"):
    MIGRATION_MODULES = {app: None for app in ("auth", "contenttypes", "sessions")}
    MIGRATION_MODULES["accounts"] = "s37_api_platform.accounts.test_migrations"

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": env("API_DB", "api"),
        "HOST": env("API_DB_HOST", "localhost"),
    }
}
