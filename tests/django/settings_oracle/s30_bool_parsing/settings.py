import os

DEBUG = os.environ.get("DJANGO_DEBUG", "False").lower() in ("true", "1", "t")
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or "bool-parsing-fallback-key"
ALLOWED_HOSTS = os.environ.get("DJANGO_ALLOWED_HOSTS", "").split() or ["localhost"]
SECURE_SSL_REDIRECT = os.environ.get("FORCE_HTTPS", "1") not in ("0", "false", "False")
SECURE_HSTS_SECONDS = int(os.environ.get("HSTS", "0")) if SECURE_SSL_REDIRECT else 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS >= 31536000
SESSION_COOKIE_SECURE = bool(os.environ.get("SECURE_COOKIES", ""))
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_USE_SESSIONS = os.environ.get("CSRF_IN_SESSION", "").strip().lower() == "yes"
APPEND_SLASH = not os.environ.get("NO_APPEND_SLASH")
INSTALLED_APPS = ["django.contrib.auth", "django.contrib.contenttypes", "django.contrib.sessions"]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
]
ROOT_URLCONF = "s30_bool_parsing.urls"
DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "flags", "PORT": int(os.environ.get("PGPORT", 5432))}}
