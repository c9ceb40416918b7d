import os

SECRET_KEY = os.environ.get("SECRET_KEY", "secret")
DEBUG = False
DOMAINS = os.environ.get("DOMAINS", "example.org,www.example.org").split(",")
ALLOWED_HOSTS = [d.strip() for d in DOMAINS] + ["localhost"]
CSRF_TRUSTED_ORIGINS = [f"https://{d}" for d in ALLOWED_HOSTS if d != "localhost"]
CORS_ALLOWED_ORIGINS = ["https://%s" % host for host in DOMAINS]
SECURE_SSL_HOST = "%s" % DOMAINS[0]
SESSION_COOKIE_DOMAIN = ".%s" % DOMAINS[-1].split(".", 1)[-1]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "corsheaders",
]
MIDDLEWARE = [
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
]
ROOT_URLCONF = "s22_csrf_from_hosts.urls"
DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "site"}}
SECURE_SSL_REDIRECT = True
