import os

ENVIRONMENT = os.getenv("ENVIRONMENT", "development")
DEBUG = ENVIRONMENT == "development"
SECRET_KEY = os.environ["SECRET_KEY"] if not DEBUG else "dev"
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
ROOT_URLCONF = "s05_conditions.urls"
if ENVIRONMENT in ("production", "staging"):
    ALLOWED_HOSTS = [".example.com"]
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
else:
    ALLOWED_HOSTS = ["*"]
if not DEBUG:
    CSRF_COOKIE_SECURE = True
DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "app", "HOST": "db"}}
