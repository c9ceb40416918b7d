"""
WSGI config for harbor.

It exposes the WSGI callable as a module-level variable named ``application``.
gunicorn serves it in the container (see the Dockerfile).
"""
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "harbor.settings.production")

application = get_wsgi_application()
