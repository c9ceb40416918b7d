from s10_slices.config.settings.base import *

MIDDLEWARE = MIDDLEWARE[:1] + ["corsheaders.middleware.CorsMiddleware"] + MIDDLEWARE[1:]
if os.environ.get("MAINTENANCE"):
    MIDDLEWARE = ["project.maintenance.MaintenanceMiddleware"] + MIDDLEWARE
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
