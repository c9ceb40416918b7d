from .helpers import databases, env_flag, env_hosts, origins

SECRET_KEY = "helper-loops-" + "0" * 40
DEBUG = env_flag("DEBUG")
ALLOWED_HOSTS = env_hosts("ALLOWED_HOSTS", default=("localhost", ".example.com"))
CSRF_TRUSTED_ORIGINS = origins(ALLOWED_HOSTS)
SECURE_SSL_REDIRECT = env_flag("SSL", default=not DEBUG)
SESSION_COOKIE_SECURE = SECURE_SSL_REDIRECT
DATABASES = databases(["default", "reporting"])
INSTALLED_APPS = ["django.contrib.auth", "django.contrib.contenttypes", "django.contrib.sessions"]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
]
ROOT_URLCONF = "s27_helper_loops.urls"
