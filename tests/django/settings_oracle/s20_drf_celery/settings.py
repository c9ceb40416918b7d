import os
from datetime import timedelta

env = os.environ.get

SECRET_KEY = env("SECRET_KEY", "api-secret")
DEBUG = env("DEBUG", "False") == "True"
ALLOWED_HOSTS = env("ALLOWED_HOSTS", "*").split()
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "rest_framework",
    "django_filters",
    "django_celery_beat",
    "inventory",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
]
ROOT_URLCONF = "s20_drf_celery.urls"
APPEND_SLASH = False

_db_common = {"ENGINE": "django.db.backends.postgresql", "PORT": env("PGPORT", "5432")}
DATABASES = {
    "default": {**_db_common, "NAME": env("PGDATABASE", "inventory"), "HOST": env("PGHOST", "db")},
}
DATABASES["default"].update({"USER": env("PGUSER", "inventory"), "CONN_MAX_AGE": 60})
DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = 5

REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": int(env("PAGE_SIZE", "50")),
    "DEFAULT_FILTER_BACKENDS": ("django_filters.rest_framework.DjangoFilterBackend",),
}
if DEBUG:
    REST_FRAMEWORK["DEFAULT_RENDERER_CLASSES"].append("rest_framework.renderers.BrowsableAPIRenderer")
REST_FRAMEWORK.update(DEFAULT_THROTTLE_RATES={"anon": "100/day", "user": "1000/day"})

CELERY_BROKER_URL = env("CELERY_BROKER_URL", "redis://localhost:6379/0")
CELERY_RESULT_BACKEND = CELERY_BROKER_URL.replace("/0", "/1")
CELERY_BEAT_SCHEDULE = {
    "reindex": {"task": "inventory.tasks.reindex", "schedule": timedelta(hours=1)},
}
CELERY_TASK_ROUTES = {"inventory.tasks.*": {"queue": "inventory"}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")}},
}
for _logger in ("celery", "inventory"):
    LOGGING["loggers"][_logger] = {"handlers": ["console"], "level": "DEBUG" if DEBUG else "INFO"}

CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache"}}
CACHES["default"]["LOCATION"] = env("REDIS_URL", "redis://localhost:6379/2")
SESSION_ENGINE = "django.contrib.sessions.backends.cache"
