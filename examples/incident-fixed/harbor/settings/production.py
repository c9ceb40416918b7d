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
# TLS ends at the reverse proxy on the host, which forwards plain HTTP to
# 127.0.0.1:8000 and sets X-Forwarded-Proto itself (overwriting whatever the
# client sent). Port 8000 is published on 127.0.0.1 only, so nothing else can
# reach gunicorn and forge the header.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
# Health checks from Docker and the deploy workflow talk to the container
# directly, over plain HTTP: they must get the answer, not a redirect to an
# https:// port that does not exist. Patterns match the path without its
# leading slash and are anchored at both ends.
SECURE_REDIRECT_EXEMPT = [r"^api/v1/health/$", r"^api/v1/ready/$"]
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# --- Cookies and CSRF -------------------------------------------------------
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = True
# Keep the CSRF token server-side, in the session, instead of a cookie. This
# needs SessionMiddleware before every middleware that can reject a request
# (see MIDDLEWARE in base.py), because the error views read the token too.
CSRF_USE_SESSIONS = True

X_FRAME_OPTIONS = "DENY"
