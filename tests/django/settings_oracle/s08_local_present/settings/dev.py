from .base import *

try:
    from .local import *
except ImportError:
    pass
INSTALLED_APPS = INSTALLED_APPS + ["django.contrib.staticfiles"]
