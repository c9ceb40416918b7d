import os

SCHEME = os.environ.get("SCHEME", "https")
HOST = os.environ.get("PUBLIC_HOST", "app.example.com")
PORT = int(os.environ.get("PUBLIC_PORT", "443"))
SITE_URL = "{}://{}".format(SCHEME, HOST) if PORT in (80, 443) else "{}://{}:{}".format(SCHEME, HOST, PORT)
SECRET_KEY = "%(prefix)s-%(env)s-%(suffix)s" % {
    "prefix": "django-insecure",
    "env": os.environ.get("STAGE", "dev"),
    "suffix": "0123456789",
}
DEBUG = False
ALLOWED_HOSTS = [HOST, "www.%s" % HOST, f"{HOST}."]
CSRF_TRUSTED_ORIGINS = [SITE_URL, "%s://www.%s" % (SCHEME, HOST)]
SECURE_SSL_REDIRECT = SCHEME == "https"
SECURE_SSL_HOST = f"{HOST}:{PORT}" if PORT != 443 else None
INSTALLED_APPS = ["django.contrib.contenttypes", "django.contrib.auth", "django.contrib.sessions"]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
]
ROOT_URLCONF = "{}.urls".format(__name__.rsplit(".", 1)[0])
DB_NAME = os.environ.get("DB_NAME", "app")
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.{}".format("postgresql"),
        "NAME": f"{DB_NAME}_{os.environ.get('STAGE', 'dev')}",
        "HOST": "%s.db.internal" % os.environ.get("STAGE", "dev"),
        "PORT": "%d" % 5432,
    }
}
