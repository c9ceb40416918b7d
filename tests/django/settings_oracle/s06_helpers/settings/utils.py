import os


def env_list(name, default=""):
    value = os.environ.get(name, default)
    return [item.strip() for item in value.split(",") if item.strip()]


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.lower() in ("1", "true", "yes")


def database(name, host="localhost"):
    return {"ENGINE": "django.db.backends.postgresql", "NAME": name, "HOST": host}
