"""Imports one fixture settings module with Debian's Django and prints the compared settings.

Usage: dump_settings.py FIXTURE_ROOT MODULE. The environment is the caller's (the oracle test runs
it under `env -i` with exactly the variables of the case).
"""
import json
import os
import sys
from pathlib import PurePath

COMPARED = [
    "MIDDLEWARE", "INSTALLED_APPS", "ALLOWED_HOSTS", "DEBUG", "SECURE_SSL_REDIRECT",
    "SECURE_REDIRECT_EXEMPT", "SECURE_PROXY_SSL_HEADER", "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE", "CSRF_USE_SESSIONS", "CSRF_TRUSTED_ORIGINS", "ROOT_URLCONF",
]


def plain(value):
    if isinstance(value, (list, tuple, set)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, PurePath):
        return str(value)
    return value


def main():
    root, module = sys.argv[1], sys.argv[2]
    sys.path.insert(0, root)
    os.environ["DJANGO_SETTINGS_MODULE"] = module
    from django.conf import settings

    out = {name: plain(getattr(settings, name, None)) for name in COMPARED}
    databases = {}
    for alias, database in settings.DATABASES.items():
        databases[alias] = {k: plain(database[k]) for k in ("ENGINE", "NAME", "HOST") if k in database}
    out["DATABASES"] = databases
    out["SECRET_KEY"] = bool(settings.SECRET_KEY)
    print(json.dumps(out))


main()
