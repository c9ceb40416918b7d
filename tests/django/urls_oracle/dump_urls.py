"""Imports one fixture project with Debian's Django and prints its URL configuration.

Usage: dump_urls.py FIXTURE_DIR SETTINGS_MODULE [EXAMPLES_JSON]. Prints a JSON object:
"routes", every leaf of django.urls.get_resolver() in resolution order (the joined pattern text,
the joined regex as preflight writes it: each level's compiled regex, the inner levels without
their leading "^", the view's dotted name and the namespaced URL name; an admin site is one opaque
entry); and "examples", what django.urls.resolve() returns for each request path of EXAMPLES_JSON
(a JSON list of paths).
"""
import json
import os
import sys

sys.dont_write_bytecode = True  # leave no __pycache__ in the fixtures


def dotted(func):
    target = getattr(func, "view_class", None) or getattr(func, "cls", None) or func
    qualname = target.__qualname__
    # DRF's @api_view builds a class inside the decorator and renames it after the function.
    if target.__name__ != qualname.rsplit(".", 1)[-1]:
        qualname = target.__name__
    return target.__module__ + "." + qualname


def walk(resolver, route, regex, namespaces, out):
    from django.urls.resolvers import URLResolver

    for pattern in resolver.url_patterns:
        text = route + str(pattern.pattern)
        level = pattern.pattern.regex.pattern
        joined = level if regex is None else regex + (level[1:] if level.startswith("^") else level)
        if isinstance(pattern, URLResolver):
            if pattern.app_name == "admin":
                out.append({"route": text, "regex": joined, "view": "django.contrib.admin",
                            "name": "", "opaque": True})
                continue
            inner = namespaces + [pattern.namespace] if pattern.namespace else namespaces
            walk(pattern, text, joined, inner, out)
            continue
        view = dotted(pattern.callback)
        if view == "django.views.static.serve":
            continue  # static(): DEBUG-only, not modelled by preflight
        name = ":".join(namespaces + [pattern.name]) if pattern.name else ""
        out.append({"route": text, "regex": joined, "view": view, "name": name, "opaque": False})


def main():
    root, settings_module = sys.argv[1], sys.argv[2]
    examples = []
    if len(sys.argv) > 3:
        with open(sys.argv[3]) as handle:
            examples = json.load(handle)
    sys.path.insert(0, root)
    os.environ["DJANGO_SETTINGS_MODULE"] = settings_module
    import django

    django.setup()
    from django.urls import Resolver404, get_resolver, resolve

    routes = []
    walk(get_resolver(), "", None, [], routes)
    resolved = {}
    for path in examples:
        try:
            match = resolve(path)
        except Resolver404:
            resolved[path] = None
            continue
        name = ":".join(match.namespaces + [match.url_name]) if match.url_name else ""
        resolved[path] = {"view": dotted(match.func), "name": name}
    print(json.dumps({"routes": routes, "examples": resolved}))


main()
