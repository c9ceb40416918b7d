from s04_list_edits.settings.common import *

DEBUG = True
ALLOWED_HOSTS += ["localhost", "127.0.0.1"]
INSTALLED_APPS.append("django.contrib.staticfiles")
INSTALLED_APPS.extend(["debug_toolbar_stub"])
INSTALLED_APPS.remove("django.contrib.admin")
index = MIDDLEWARE.index("django.middleware.common.CommonMiddleware")
MIDDLEWARE.insert(index + 1, "project.middleware.TimingMiddleware")
MIDDLEWARE = MIDDLEWARE[:-1] + ["project.middleware.LastMiddleware"]
MIDDLEWARE[0] = "django.middleware.security.SecurityMiddleware"
del MIDDLEWARE[2]
