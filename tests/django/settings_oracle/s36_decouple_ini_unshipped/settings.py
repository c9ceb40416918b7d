# decouple reading a settings.ini (configparser, section [settings], keys case-insensitive)
# that the Dockerfile does not copy: the image ships only the app package, so the file's values
# only may count.
from decouple import Csv, config

SECRET_KEY = config("SECRET_KEY")
DEBUG = config("DEBUG", default=False, cast=bool)
ALLOWED_HOSTS = config("ALLOWED_HOSTS", default="*", cast=Csv())
SECURE_HSTS_SECONDS = config("SECURE_HSTS_SECONDS", default=0, cast=int)
SECURE_PROXY_SSL_HEADER = (config("PROXY_HEADER", default="HTTP_X_FORWARDED_PROTO"), "https")
X_FRAME_OPTIONS = config("X_FRAME_OPTIONS", default="DENY")
INSTALLED_APPS = ["django.contrib.contenttypes", "django.contrib.auth"]
MIDDLEWARE = ["django.middleware.security.SecurityMiddleware"]
ROOT_URLCONF = "s36_decouple_ini_unshipped.urls"
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": config("DATABASE_NAME", default="db.sqlite3"),
    }
}
