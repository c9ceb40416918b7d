from .base import *  # noqa

REGION = os.environ.get("REGION", "eu")
ALLOWED_HOSTS = ["crm.example.com", f"crm-{REGION}.example.com"]
CSRF_TRUSTED_ORIGINS = ["https://" + host for host in ALLOWED_HOSTS]
SECURE_SSL_REDIRECT = True
SECURE_REDIRECT_EXEMPT = [r"^health/?$"]
SECURE_HSTS_SECONDS = config("HSTS_SECONDS", default=3600, cast=int)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
MIDDLEWARE.remove("django.middleware.clickjacking.XFrameOptionsMiddleware")
MIDDLEWARE.append("csp.middleware.CSPMiddleware")
X_FRAME_OPTIONS = "SAMEORIGIN"
