import os
from .utils import env_list, env_bool, database

DEBUG = env_bool("DEBUG")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = ["https://%s" % host for host in ALLOWED_HOSTS if host != "localhost"]
SECURE_SSL_REDIRECT = env_bool("SSL_REDIRECT", default=not DEBUG)
SECRET_KEY = os.environ.get("SECRET_KEY", "x")
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]
ROOT_URLCONF = "s06_helpers.urls"
DATABASES = {"default": database(os.environ.get("DB_NAME", "main"), host=os.environ.get("DB_HOST", "localhost"))}
