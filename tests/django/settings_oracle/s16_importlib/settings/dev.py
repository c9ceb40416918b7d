from .common import *  # noqa

DEBUG = True
ALLOWED_HOSTS = ["localhost"]
