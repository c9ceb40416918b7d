import os

DOMAIN = os.environ.get("DOMAIN", "example.com")
SUBDOMAINS = ["www", "api"]
ALLOWED_HOSTS = [f"{sub}.{DOMAIN}" for sub in SUBDOMAINS] + [DOMAIN]
CSRF_TRUSTED_ORIGINS = ["https://{}".format(host) for host in ALLOWED_HOSTS]
SECRET_KEY = "%s-%s" % ("prefix", os.environ.get("SECRET_SUFFIX", "dev"))
DEBUG = bool(int(os.environ.get("DEBUG", "0")))
INSTALLED_APPS = [app for app in [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
] if not app.endswith("admin")]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]
ROOT_URLCONF = "s09_strings.urls"
SECURE_REDIRECT_EXEMPT = [r"^%s/$" % path for path in ("healthz", "readyz")]
DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": f"{DOMAIN.split('.')[0]}_db", "HOST": "db"}}
