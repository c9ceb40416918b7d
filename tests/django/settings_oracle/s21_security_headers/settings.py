import os

SECRET_KEY = os.environ.get("SECRET_KEY", "django-insecure-abc")
DEBUG = bool(int(os.environ.get("DEBUG", "0")))
ALLOWED_HOSTS = ["bank.example"]
INSTALLED_APPS = ["django.contrib.auth", "django.contrib.contenttypes", "django.contrib.sessions"]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
ROOT_URLCONF = "s21_security_headers.urls"
DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "bank", "HOST": "10.0.0.5", "PORT": "5433", "USER": "bank"}}

SECURE_SSL_REDIRECT = not DEBUG
SECURE_SSL_HOST = os.environ.get("SSL_HOST") or None
SECURE_REDIRECT_EXEMPT = [r"^healthz/$", r"^metrics$"]
SECURE_REDIRECT_EXEMPT.append(r"^\.well-known/acme-challenge/")
SECURE_HSTS_SECONDS = int(os.environ.get("HSTS_SECONDS", 60 * 60 * 24 * 365))
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = os.environ.get("HSTS_PRELOAD", "off") == "on"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = os.environ.get("REFERRER_POLICY", "no-referrer")
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin-allow-popups"
X_FRAME_OPTIONS = "SAMEORIGIN" if DEBUG else "DENY"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Strict"
SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"
CSRF_COOKIE_HTTPONLY = True
CSRF_USE_SESSIONS = False
CSRF_FAILURE_VIEW = "s21_security_headers.views.csrf_failure"
USE_X_FORWARDED_HOST = os.environ.get("BEHIND_PROXY", "no") in {"yes", "true"}
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if USE_X_FORWARDED_HOST else None
