DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": environ.get("POSTGRES_DB", "split"),
        "USER": environ.get("POSTGRES_USER", "split"),
        "HOST": environ.get("DJANGO_DATABASE_HOST", "localhost"),
        "PORT": environ.get("DJANGO_DATABASE_PORT", "5432"),
    }
}
