import os

SECRET_KEY = os.environ.get("SECRET_KEY", "not-secret")
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "api",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
ROOT_URLCONF = "s16_importlib.urls"
DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "api", "HOST": "db"}}
