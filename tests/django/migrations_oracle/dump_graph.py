"""The migration graph of one fixture project as Django 3.2 builds it.

Usage: /usr/bin/python3 dump_graph.py PROJECT_DIR SETTINGS_MODULE

Prints JSON: the nodes of the project's own apps ("app.name"), each node's parents ("app.name"
for a project app, the bare label for an app outside the project, whose migrations the fixture
does not hold), the leaf nodes, MigrationLoader.detect_conflicts(), and the exception type and
message when building the graph raises.
"""
import json
import os
import sys

root = os.path.abspath(sys.argv[1])
sys.path.insert(0, root)
os.environ["DJANGO_SETTINGS_MODULE"] = sys.argv[2]

import django  # noqa: E402

django.setup()

from django.apps import apps  # noqa: E402
from django.db.migrations.loader import MigrationLoader  # noqa: E402

labels = {
    config.label for config in apps.get_app_configs() if config.path.startswith(root + os.sep)
}


def describe(operation):
    """An operation as the test compares it: its class, with what preflight types."""
    kind = type(operation).__name__
    if kind == "SeparateDatabaseAndState":
        inner = [describe(o) for o in operation.database_operations]
        inner += ["/"] + [describe(o) for o in operation.state_operations]
        return "%s(%s)" % (kind, " ".join(inner))
    if kind == "RunSQL":
        return "RunSQL:%s" % (operation.sql if isinstance(operation.sql, str) else "?")
    if kind == "RunPython":
        reverse = operation.reverse_code
        noop = reverse is not None and getattr(reverse, "__name__", "") == "noop"
        return "RunPython:%s%s" % (operation.code.__name__, "/noop" if noop else "")
    if hasattr(operation, "name") and kind.endswith("Extension"):
        return "%s:%s" % (kind, operation.name)
    return kind


def name(key):
    return "%s.%s" % key if key[0] in labels else key[0]


out = {"operations": {}, "nodes": [], "missing": [], "edges": [], "leaves": [], "conflicts": {}, "error": None}
loader = MigrationLoader(None, ignore_no_migrations=True, load=False)
try:
    loader.build_graph()
except Exception as error:  # the graph's own exceptions, ValueError, BadMigrationError
    out["error"] = {"type": type(error).__name__, "message": str(error)}
# NodeNotFoundError and CircularDependencyError are raised once the graph is complete: it is
# printed too, the missing (dummy) nodes apart.
complete = out["error"] is None or out["error"]["type"] in (
    "NodeNotFoundError",
    "CircularDependencyError",
)
if complete:
    graph = loader.graph
    own = [key for key in graph.node_map if key[0] in labels]
    out["nodes"] = sorted(name(key) for key in own if graph.nodes[key] is not None)
    out["missing"] = sorted(name(key) for key in own if graph.nodes[key] is None)
    out["edges"] = sorted(
        [name(key), name(parent.key)] for key in own for parent in graph.node_map[key].parents
    )
    out["operations"] = {
        name(key): [describe(operation) for operation in migration.operations]
        for key, migration in loader.disk_migrations.items()
        if key[0] in labels
    }
    leaves = [key for key in graph.leaf_nodes() if key[0] in labels and graph.nodes[key]]
    out["leaves"] = sorted(name(key) for key in leaves)
    if out["error"] is None:
        conflicts = loader.detect_conflicts()
    else:
        by_app = {}
        for app, migration in leaves:
            by_app.setdefault(app, []).append(migration)
        conflicts = {app: sorted(names) for app, names in by_app.items() if len(names) > 1}
    out["conflicts"] = {app: names for app, names in conflicts.items() if app in labels}
print(json.dumps(out, sort_keys=True))
