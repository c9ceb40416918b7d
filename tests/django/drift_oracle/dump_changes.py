"""The operations Django 3.2's `makemigrations --check --dry-run --noinput` would write.

Usage: /usr/bin/python3 dump_changes.py PROJECT_DIR SETTINGS_MODULE

Does what makemigrations does without app labels (django/core/management/commands/
makemigrations.py): MigrationLoader(None, ignore_no_migrations=True), a
NonInteractiveMigrationQuestioner(specified_apps=set(), dry_run=True), and
MigrationAutodetector(loader.project_state(), ProjectState.from_apps(apps), questioner)
.changes(graph=loader.graph, trim_to_apps=None, convert_apps=None, migration_name=None).
No database connection is made.

Prints JSON {"changes": [[operation, app_label, model_name, name], ...] (sorted),
"exit": null or the code makemigrations exits with, "check_errors": the system check errors
that stop makemigrations before it detects anything (then "changes" is empty)}, for the apps inside PROJECT_DIR only.
model_name is lower-cased; name is the field, index or constraint the operation names, "" for
model-level operations.

When the non-interactive questioner would exit (3: a NOT NULL field added without a default, or
an auto_now_add field added), makemigrations writes nothing; "exit" records the code, and
"changes" lists what it would write had the user answered (a one-off default), so the drift is
still known.
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
from django.db.migrations.autodetector import MigrationAutodetector  # noqa: E402
from django.db.migrations.loader import MigrationLoader  # noqa: E402
from django.db.migrations.questioner import NonInteractiveMigrationQuestioner  # noqa: E402
from django.db.migrations.state import ProjectState  # noqa: E402
from django.utils import timezone  # noqa: E402

labels = {
    config.label for config in apps.get_app_configs() if config.path.startswith(root + os.sep)
}


class Questioner(NonInteractiveMigrationQuestioner):
    """Django's non-interactive questioner; where it exits, the code is recorded and a one-off
    default given instead, as a user answering the interactive questioner would."""

    exit_code = None

    def ask_not_null_addition(self, field_name, model_name):
        try:
            return super().ask_not_null_addition(field_name, model_name)
        except SystemExit as error:
            self.exit_code = error.code if self.exit_code is None else self.exit_code
            return 0

    def ask_auto_now_add_addition(self, field_name, model_name):
        try:
            return super().ask_auto_now_add_addition(field_name, model_name)
        except SystemExit as error:
            self.exit_code = error.code if self.exit_code is None else self.exit_code
            return timezone.now


MODEL_LEVEL = {
    "CreateModel", "DeleteModel", "AlterModelTable", "AlterUniqueTogether",
    "AlterIndexTogether", "AlterModelOptions", "AlterOrderWithRespectTo", "AlterModelManagers",
}


def describe(app_label, operation):
    kind = type(operation).__name__
    if kind in MODEL_LEVEL:
        return [kind, app_label, operation.name.lower(), ""]
    if kind in ("AddIndex",):
        return [kind, app_label, operation.model_name.lower(), operation.index.name]
    if kind in ("AddConstraint",):
        return [kind, app_label, operation.model_name.lower(), operation.constraint.name]
    if kind in ("AddField", "RemoveField", "AlterField", "RemoveIndex", "RemoveConstraint",
                "RenameField"):
        return [kind, app_label, operation.model_name.lower(), operation.name]
    # Anything else (not written by the 3.2 autodetector without renames): keep what it names.
    model = getattr(operation, "model_name", None) or getattr(operation, "name", "")
    return [kind, app_label, str(model).lower(), ""]


# makemigrations runs the system checks first (not the database ones) and stops on an error.
from django.core import checks  # noqa: E402

errors = [e for e in checks.run_checks() if e.is_serious() and not e.is_silenced()]
loader = MigrationLoader(None, ignore_no_migrations=True)
conflicts = loader.detect_conflicts()
out = {"changes": [], "exit": None, "check_errors": sorted("%s: %s" % (e.id, e.msg) for e in errors)}
if errors:
    out["exit"] = 1
elif conflicts:
    # makemigrations raises CommandError (exit 1) before detecting anything.
    out["exit"] = 1
    out["conflicts"] = {app: sorted(names) for app, names in conflicts.items()}
else:
    questioner = Questioner(specified_apps=set(), dry_run=True)
    autodetector = MigrationAutodetector(
        loader.project_state(), ProjectState.from_apps(apps), questioner
    )
    changes = autodetector.changes(
        graph=loader.graph, trim_to_apps=None, convert_apps=None, migration_name=None
    )
    for app_label, migrations in changes.items():
        if app_label not in labels:
            continue
        for migration in migrations:
            for operation in migration.operations:
                out["changes"].append(describe(app_label, operation))
    out["changes"].sort()
    out["exit"] = questioner.exit_code
print(json.dumps(out))
