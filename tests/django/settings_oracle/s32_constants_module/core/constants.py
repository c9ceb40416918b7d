PRODUCT = "ledger"
DEFAULT_HOSTS = ["ledger.example.com", "api.ledger.example.com"]
SECURITY_MIDDLEWARE = "django.middleware.security.SecurityMiddleware"
HSTS_ONE_YEAR = 365 * 24 * 3600
