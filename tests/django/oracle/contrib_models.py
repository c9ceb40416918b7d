#!/usr/bin/python3
"""Django's own contrib models, as real Django builds them and as `preflight debug models` reads
them from Django's installed source (python3-django), must agree: tables, fields with their
columns, classes and flags, many-to-many tables, and the schema editor's names.

    /usr/bin/python3 tests/django/oracle/contrib_models.py PREFLIGHT_BINARY

Prints one line per model that differs and a summary line; exits 1 on any difference. Checking
Django's own tree also exercises what generated projects cannot: a checked folder that is itself a
package, and Django's classes found in the tree rather than outside it.
"""

import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

APPS = ["admin", "auth", "contenttypes", "sessions", "sites", "flatpages", "redirects"]
ORIGINS = {"unique_together", "foreign key", "db_index", "_like", "index_together", "Meta.indexes"}


def django_models():
    import django
    from django.conf import settings

    settings.configure(
        SECRET_KEY="oracle",
        INSTALLED_APPS=["django.contrib.%s" % app for app in APPS] + ["django.contrib.messages"],
        DATABASES={"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "oracle"}},
    )
    django.setup()
    from django.apps import apps
    from names_oracle import schema_names

    result = {}
    for model in apps.get_models():
        if model._meta.app_label not in APPS:
            continue
        result["%s.%s" % (model._meta.app_label, model.__name__)] = {
            "table": model._meta.db_table,
            "fields": sorted(
                [f.name, f.column, type(f).__name__, f.unique, f.db_index]
                for f in model._meta.local_fields
            ),
            "m2m": sorted(f.m2m_db_table() for f in model._meta.local_many_to_many),
            "schema": sorted(schema_names(model)),
        }
    return result


def preflight_models(binary, tree):
    out = subprocess.run([binary, "debug", "models", tree], check=True, capture_output=True).stdout
    result = {}
    for model in json.loads(out)["models"]:
        if model["abstract"] or model["app_label"] not in APPS:
            continue
        result["%s.%s" % (model["app_label"], model["name"])] = {
            "table": model["table"],
            "fields": sorted(
                [f["name"], f["column"], f["class"], f["unique"], f["db_index"]]
                for f in model["fields"]
            ),
            "m2m": sorted(m["table"] for m in model["many_to_many"]),
            "schema": sorted(o["name"] for o in model["schema_objects"] if o["origin"] in ORIGINS),
        }
    return result


def main():
    import django

    tree = os.path.dirname(django.__file__)
    expected = django_models()
    found = preflight_models(sys.argv[1], tree)
    differences = 0
    for label in sorted(set(expected) | set(found)):
        if expected.get(label) != found.get(label):
            differences += 1
            print("[ differs  ] %s: expected %s, got %s" % (label, expected.get(label), found.get(label)))
    print("[ oracle   ] contrib models compared: %d, identical: %d" % (len(expected), len(expected) - differences))
    return 1 if differences or len(expected) < 9 else 0


if __name__ == "__main__":
    sys.exit(main())
