import os

import environ

env = environ.Env(
    DEBUG=(bool, False),
    ALLOWED_HOSTS=(list, ["localhost"]),
    SECURE_HSTS_SECONDS=(int, 0),
    CSRF_COOKIE_SECURE=(bool, True),
)
root = environ.Path(__file__) - 2
environ.Env.read_env()

DEBUG = env("DEBUG")
SECRET_KEY = env("SECRET_KEY", default="django-insecure-3$k+o@v0c7(xq)s!wr0mz#5d2jzv9^e-3nj)l4x6")
ALLOWED_HOSTS = env("ALLOWED_HOSTS")
SECURE_HSTS_SECONDS = env("SECURE_HSTS_SECONDS")
CSRF_COOKIE_SECURE = env("CSRF_COOKIE_SECURE")
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=CSRF_COOKIE_SECURE)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
X_FRAME_OPTIONS = env.str("X_FRAME_OPTIONS", default="DENY")

INSTALLED_APPS = ["django.contrib.auth", "django.contrib.contenttypes", "django.contrib.sessions", "notes"]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
]
ROOT_URLCONF = "s25_environ_scheme.urls"
DATABASES = {
    "default": env.db_url("DATABASE_URL", default="sqlite:////tmp/s25-notes.sqlite3"),
    "analytics": env.db("ANALYTICS_DATABASE_URL", default="postgres://analyst@warehouse:5439/events"),
}
