import os

os.environ.setdefault("APP_MODE", "web")
MODE = os.environ["APP_MODE"]
DEBUG = os.getenv("DEBUG", "False").lower() in ("true", "1")
ALLOWED_HOSTS = os.getenv("ALLOWED_HOSTS", "*").split(" ")
SECRET_KEY = os.environ.get("SECRET_KEY") or "fallback"
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
]
if MODE == "web":
    INSTALLED_APPS = INSTALLED_APPS + ["django.contrib.staticfiles"]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]
ROOT_URLCONF = "s11_setdefault.urls"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = not DEBUG
DATABASES = {"default": {"ENGINE": os.environ.get("DB_ENGINE", "django.db.backends.postgresql"), "NAME": "app", "HOST": os.environ.get("DB_HOST", "localhost")}}
