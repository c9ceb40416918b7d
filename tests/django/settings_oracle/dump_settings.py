"""Imports one fixture settings module with Debian's Django and prints the compared settings.

Usage: dump_settings.py FIXTURE_ROOT MODULE. The environment is the caller's (the oracle test runs
it under `env -i` with exactly the variables of the case). When the import raises (a required
variable missing, say), prints {"import_error": "<exception type>"} instead: Django would not
start, and the oracle skips that case.
"""
import json
import os
import sys
from pathlib import PurePath

import django

# Every setting the settings rules read. Names the running Django does not know (newer than it)
# are left out: comparing them would compare nothing.
COMPARED = [
    "MIDDLEWARE", "INSTALLED_APPS", "ALLOWED_HOSTS", "DEBUG", "ROOT_URLCONF", "APPEND_SLASH",
    "USE_X_FORWARDED_HOST", "X_FRAME_OPTIONS",
    "SECURE_SSL_REDIRECT", "SECURE_REDIRECT_EXEMPT", "SECURE_PROXY_SSL_HEADER", "SECURE_SSL_HOST",
    "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD",
    "SECURE_CONTENT_TYPE_NOSNIFF", "SECURE_REFERRER_POLICY",
    "SESSION_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "SESSION_COOKIE_SAMESITE", "SESSION_ENGINE",
    "CSRF_COOKIE_SECURE", "CSRF_COOKIE_HTTPONLY", "CSRF_USE_SESSIONS", "CSRF_TRUSTED_ORIGINS",
    "CSRF_FAILURE_VIEW", "USE_X_FORWARDED_PORT", "DISALLOWED_USER_AGENTS", "MESSAGE_STORAGE",
    "AUTH_USER_MODEL", "MIGRATION_MODULES", "LOGIN_URL", "DEFAULT_AUTO_FIELD",
]
if (3, 1) <= django.VERSION < (4, 0):
    COMPARED.append("DEFAULT_HASHING_ALGORITHM")
if django.VERSION >= (4, 0):
    COMPARED.append("SECURE_CROSS_ORIGIN_OPENER_POLICY")
if django.VERSION >= (4, 1):
    COMPARED.append("SECRET_KEY_FALLBACKS")
DATABASE_KEYS = ("ENGINE", "NAME", "HOST", "PORT", "USER")
# What the rules read of DRF's settings (PF401): the default permission and authentication
# classes. REST_FRAMEWORK is not a Django setting: None when the module does not define it.
REST_FRAMEWORK_KEYS = ("DEFAULT_PERMISSION_CLASSES", "DEFAULT_AUTHENTICATION_CLASSES")


def plain(value):
    if isinstance(value, (list, tuple, set)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, PurePath):
        return str(value)
    return value


def secret_facts(key):
    """What the rules ask of SECRET_KEY, never the key itself."""
    text = key if isinstance(key, str) else ""
    return {"truthy": bool(key), "length": len(text),
            "insecure_prefix": text.startswith("django-insecure-")}


def main():
    root, module = sys.argv[1], sys.argv[2]
    sys.path.insert(0, root)
    os.environ["DJANGO_SETTINGS_MODULE"] = module
    from django.conf import settings

    try:
        settings._setup()
    except Exception as error:  # the import failed: Django would not start
        print(json.dumps({"_django_version": list(django.VERSION[:2]),
                          "import_error": type(error).__name__}))
        return
    # The wrapped Settings, not LazySettings: the latter raises on an empty SECRET_KEY.
    wrapped = settings._wrapped
    out = {"_django_version": list(django.VERSION[:2])}
    out.update({name: plain(getattr(wrapped, name, None)) for name in COMPARED})
    databases = {}
    for alias, database in wrapped.DATABASES.items():
        databases[alias] = {k: plain(database[k]) for k in DATABASE_KEYS if k in database}
    out["DATABASES"] = databases
    rest_framework = getattr(wrapped, "REST_FRAMEWORK", None)
    if isinstance(rest_framework, dict):
        rest_framework = {k: plain(rest_framework[k]) for k in REST_FRAMEWORK_KEYS
                          if k in rest_framework}
    out["REST_FRAMEWORK"] = plain(rest_framework)
    out["SECRET_KEY"] = secret_facts(wrapped.SECRET_KEY)
    # Compiled patterns: the rules ask only whether there are any (PF302).
    out["DISALLOWED_USER_AGENTS"] = {"length": len(wrapped.DISALLOWED_USER_AGENTS)}
    print(json.dumps(out))


main()
