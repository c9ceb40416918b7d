from .base import *

try:
    from .local import *
except ImportError:
    SECURE_SSL_REDIRECT = True
