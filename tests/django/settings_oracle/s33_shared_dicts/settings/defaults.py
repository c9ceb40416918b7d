DEBUG = False
ALLOWED_HOSTS = ["billing.example.com"]
INSTALLED_APPS = ["django.contrib.auth", "django.contrib.contenttypes", "billing"]
BASE_MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
]
ROOT_URLCONF = "s33_shared_dicts.urls"
PRIMARY = {"ENGINE": "django.db.backends.postgresql", "NAME": "billing", "HOST": "primary", "PORT": 5432, "USER": "billing"}
