import os

DEBUG = os.environ.get("DJANGO_DEBUG") == "1"
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
ALLOWED_HOSTS = ["shop.example.com"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "catalog",
    "orders",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

# WhiteNoise right after SecurityMiddleware, as its docs ask.
MIDDLEWARE.insert(MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
                  "whitenoise.middleware.WhiteNoiseMiddleware")
INSTALLED_APPS.remove("django.contrib.sites")
INSTALLED_APPS[INSTALLED_APPS.index("catalog")] = "catalog.apps.CatalogConfig"

if DEBUG:
    INSTALLED_APPS += ["debug_toolbar"]
    MIDDLEWARE = ["debug_toolbar.middleware.DebugToolbarMiddleware"] + MIDDLEWARE
    INTERNAL_IPS = ["127.0.0.1"]

if os.environ.get("API_ONLY"):
    # No browser sessions for the API deployment.
    MIDDLEWARE = [m for m in MIDDLEWARE if "clickjacking" not in m and "messages" not in m]
    INSTALLED_APPS = INSTALLED_APPS[:5] + INSTALLED_APPS[6:]

MIDDLEWARE += ("django.middleware.gzip.GZipMiddleware",)
ROOT_URLCONF = "s19_middleware_surgery.urls"
DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "shop", "HOST": "pg"}}
if not SECRET_KEY:
    SECRET_KEY = "fallback-" + "k" * 20
