# Developer overrides, normally untracked.
DEBUG = True
ALLOWED_HOSTS = ["*"]
INTERNAL_IPS = ["127.0.0.1"]
SESSION_COOKIE_SAMESITE = "Strict"
