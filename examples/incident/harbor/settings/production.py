"""
Production settings: the container behind the load balancer.

Everything secret or host-specific comes from the environment of the web
container (docker-compose.yml on the server).
"""
import os

from .base import *  # noqa: F401,F403

DEBUG = False

ALLOWED_HOSTS = [
    host.strip()
    for host in os.environ.get("DJANGO_ALLOWED_HOSTS", "").split(",")
    if host.strip()
]

# --- HTTPS ------------------------------------------------------------------
SECURE_SSL_REDIRECT = True  # expect: PF304
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# --- Cookies and CSRF -------------------------------------------------------
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = True
# Keep the CSRF token server-side, in the session, instead of a cookie.
CSRF_USE_SESSIONS = True  # expect: PF302

X_FRAME_OPTIONS = "DENY"
