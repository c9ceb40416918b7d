# Python 3.10+ settings that pick the deployment's values with `match`.
import os

STAGE = os.environ.get("STAGE", "dev").lower()
SECRET_KEY = os.environ.get("SECRET_KEY", "django-insecure-match-dev-key-0123456789")
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
ROOT_URLCONF = "s38_match_stage.config.urls"

match STAGE:
    case "prod" | "production":
        DEBUG = False
        ALLOWED_HOSTS = ["match.example.com"]
        SECURE_SSL_REDIRECT = True
        SECURE_HSTS_SECONDS = 3600
    case "staging" | "uat" as stage:
        DEBUG = False
        ALLOWED_HOSTS = [f"{stage}.match.example.com"]
        SECURE_SSL_REDIRECT = True
    case "ci":
        DEBUG = False
        ALLOWED_HOSTS = ["localhost"]
    case _:
        DEBUG = True
        ALLOWED_HOSTS = ["*"]

match os.environ.get("SESSION_STORE"):
    case "cache":
        SESSION_ENGINE = "django.contrib.sessions.backends.cache"
    case "signed":
        SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"
    case None:
        pass

SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "match",
        "HOST": os.environ.get("DB_HOST", "localhost"),
    }
}
