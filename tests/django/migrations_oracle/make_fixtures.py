"""Writes the fixture projects of the migrations oracle and fixtures.json (run from anywhere with
python3; the projects are committed, this keeps them reproducible)."""
import json
import os
import shutil

ROOT = os.path.dirname(os.path.abspath(__file__))
HEADER = "from django.db import migrations\n\n\n"

def mig(deps=(), replaces=(), run_before=(), extra_head="", ops="[]", body_extra=""):
    lines = [extra_head or HEADER.rstrip("\n") + "\n\n\n", "class Migration(migrations.Migration):\n"]
    if replaces:
        lines.append("    replaces = [%s]\n" % ", ".join(repr(r) for r in replaces))
    lines.append("    dependencies = [%s]\n" % ", ".join(d if isinstance(d, str) else repr(d) for d in deps))
    if run_before:
        lines.append("    run_before = [%s]\n" % ", ".join(repr(r) for r in run_before))
    lines.append(body_extra)
    lines.append("    operations = %s\n" % ops)
    return "".join(lines)

fixtures = []
def project(name, apps, migrations, installed=None, files=None, auth_user_model=None, settings_extra=""):
    d = os.path.join(ROOT, name)
    if os.path.exists(d): shutil.rmtree(d)
    os.makedirs(d)
    inst = installed if installed is not None else apps
    s = "SECRET_KEY = 'oracle'\nUSE_TZ = True\nINSTALLED_APPS = [\n    'django.contrib.contenttypes',\n    'django.contrib.auth',\n"
    s += "".join("    %r,\n" % a for a in inst) + "]\n"
    if auth_user_model: s += "AUTH_USER_MODEL = %r\n" % auth_user_model
    s += settings_extra
    open(os.path.join(d, "settings.py"), "w").write(s)
    for app in apps:
        os.makedirs(os.path.join(d, app))
        open(os.path.join(d, app, "__init__.py"), "w").write("")
    for (app, mname), text in migrations.items():
        md = os.path.join(d, app, "migrations")
        os.makedirs(md, exist_ok=True)
        if not os.path.exists(os.path.join(md, "__init__.py")):
            open(os.path.join(md, "__init__.py"), "w").write("")
        if text is not None:
            open(os.path.join(md, mname + ".py"), "w").write(text)
    for path, text in (files or {}).items():
        os.makedirs(os.path.dirname(os.path.join(d, path)), exist_ok=True)
        open(os.path.join(d, path), "w").write(text)
    fixtures.append({"dir": name, "settings": "settings", "installed": inst,
                     "auth_user_model": auth_user_model or "auth.User"})

S = "shop"
project("m01_linear", [S], {
    (S, "0001_initial"): mig(ops="[\n        migrations.CreateModel('Product', [('id', models.AutoField(primary_key=True))]),\n    ]", extra_head="from django.db import migrations, models\n\n\n"),
    (S, "0002_price"): mig([(S, "0001_initial")]),
    (S, "0003_stock"): mig([(S, "0002_price")]),
})
project("m02_merge", [S], {
    (S, "0001_initial"): mig(),
    (S, "0002_a"): mig([(S, "0001_initial")]),
    (S, "0002_b"): mig([(S, "0001_initial")]),
    (S, "0003_merge"): mig([(S, "0002_a"), (S, "0002_b")]),
})
project("m03_two_leaves", [S], {
    (S, "0001_initial"): mig(),
    (S, "0002_a"): mig([(S, "0001_initial")]),
    (S, "0002_b"): mig([(S, "0001_initial")]),
})
project("m04_one_sibling", [S], {
    (S, "0001_initial"): mig(),
    (S, "0002_a"): mig([(S, "0001_initial")]),
    (S, "0002_b"): mig([(S, "0001_initial")]),
    (S, "0003_c"): mig([(S, "0002_a")]),
})
project("m05_squashed_with_replaced", [S, "billing"], {
    (S, "0001_initial"): mig(),
    (S, "0002_price"): mig([(S, "0001_initial")]),
    (S, "0003_stock"): mig([(S, "0002_price")]),
    (S, "0001_squashed_0003_stock"): mig(replaces=[(S, "0001_initial"), (S, "0002_price"), (S, "0003_stock")]),
    (S, "0004_tax"): mig([(S, "0003_stock")]),
    ("billing", "0001_initial"): mig([(S, "0002_price")]),
})
project("m06_squashed_without_replaced", [S, "billing"], {
    (S, "0001_squashed_0003_stock"): mig(replaces=[(S, "0001_initial"), (S, "0002_price"), (S, "0003_stock")]),
    (S, "0004_tax"): mig([(S, "0003_stock")]),
    ("billing", "0001_initial"): mig([(S, "0002_price")]),
})
project("m07_cross_app", [S, "billing"], {
    (S, "0001_initial"): mig(),
    (S, "0002_orders"): mig([(S, "0001_initial")]),
    (S, "0003_invoice_link"): mig([(S, "0002_orders"), ("billing", "0001_initial")]),
    ("billing", "0001_initial"): mig([(S, "0002_orders"), ("auth", "0012_alter_user_first_name_max_length")]),
})
project("m08_first_latest", [S, "billing", "plain"], {
    (S, "0001_initial"): mig([(S, "__first__")]),
    (S, "0002_more"): mig([(S, "0001_initial")]),
    ("billing", "0001_initial"): mig([(S, "__first__"), ("plain", "__first__"), ("contenttypes", "__first__")]),
    ("billing", "0002_latest"): mig([("billing", "0001_initial"), (S, "__latest__")]),
}, files={"plain/models.py": "from django.db import models\n"})
project("m09_missing_parent", [S], {
    (S, "0001_initial"): mig(),
    (S, "0002_price"): mig([(S, "0001_initial")]),
    (S, "0003_discount"): mig([(S, "0002_prices")]),
})
project("m10_cycle", [S, "billing"], {
    (S, "0001_initial"): mig(),
    (S, "0002_orders"): mig([(S, "0001_initial"), ("billing", "0001_initial")]),
    ("billing", "0001_initial"): mig([(S, "0002_orders")]),
})
project("m11_run_before", [S, "billing"], {
    (S, "0001_initial"): mig(),
    (S, "0002_orders"): mig([(S, "0001_initial")]),
    ("billing", "0001_initial"): mig(run_before=[(S, "0002_orders")]),
})
SWAP_HEAD = "from django.conf import settings\nfrom django.db import migrations\n\n\n"
project("m12_swappable", [S, "accounts"], {
    ("accounts", "0001_initial"): mig([("auth", "0012_alter_user_first_name_max_length")]),
    (S, "0001_initial"): mig(["migrations.swappable_dependency(settings.AUTH_USER_MODEL)"], extra_head=SWAP_HEAD),
}, auth_user_model="accounts.User", files={"accounts/models.py": "from django.contrib.auth.models import AbstractUser\n\n\nclass User(AbstractUser):\n    pass\n"})
project("m13_private_and_packages", [S], {
    (S, "0001_initial"): mig(extra_head="from django.db import migrations\n\nfrom shop.migrations._helpers import forward\n\n\n",
                             ops="[migrations.RunPython(forward, migrations.RunPython.noop)]"),
    (S, "0002_more"): mig([(S, "0001_initial")]),
}, files={"shop/migrations/_helpers.py": "def forward(apps, schema_editor):\n    pass\n",
          "shop/migrations/~0002_old.py": "x = 1\n",
          "shop/migrations/utils/__init__.py": "",
          "shop/migrations/utils/sql.py": "STATEMENT = 'SELECT 1'\n"})
project("m14_bad_migration", [S], {
    (S, "0001_initial"): mig(),
}, files={"shop/migrations/helpers.py": "def forward(apps, schema_editor):\n    pass\n"})
project("m15_first_of_uninstalled", [S, "billing"], {
    (S, "0001_initial"): mig([("billing", "__first__")]),
    ("billing", "0001_initial"): mig(),
}, installed=[S])
project("m16_depends_on_uninstalled", [S, "billing"], {
    (S, "0001_initial"): mig([("billing", "0001_initial")]),
    ("billing", "0001_initial"): mig(),
}, installed=[S])
project("m17_run_before_missing", [S, "billing"], {
    (S, "0001_initial"): mig(),
    ("billing", "0001_initial"): mig(run_before=[(S, "0002_gone")]),
})
project("m18_unmigrated_dependency", [S, "plain"], {
    (S, "0001_initial"): mig([("plain", "0001_initial")]),
}, files={"plain/models.py": "from django.db import models\n"})
project("m19_squash_cycle", [S, "billing"], {
    (S, "0001_initial"): mig(),
    (S, "0002_orders"): mig([(S, "0001_initial")]),
    (S, "0003_link"): mig([(S, "0002_orders"), ("billing", "0001_initial")]),
    (S, "0001_squashed_0003_link"): mig([("billing", "0001_initial")], replaces=[(S, "0001_initial"), (S, "0002_orders"), (S, "0003_link")]),
    ("billing", "0001_initial"): mig([(S, "0001_initial")]),
})
project("m20_empty_migrations_package", [S, "billing"], {
    (S, "0001_initial"): mig([("billing", "__first__")]),
    ("billing", "0001_initial"): None,
})
OPS_HEAD = """import django.db.migrations
from django.contrib.postgres import operations as pg
from django.contrib.postgres.operations import AddIndexConcurrently, HStoreExtension
from django.db import migrations, models
from django.db.migrations import operations
from django.db.migrations.operations import AddField as Add

from shop.operations import AddTenantSchema


def forwards(apps, schema_editor):
    pass


"""
OPS = """[
        migrations.CreateModel("Book", [("id", models.AutoField(primary_key=True))]),
        Add("book", "title", models.CharField(max_length=10, default="")),
        operations.AlterField(model_name="book", name="title", field=models.CharField(max_length=20)),
        django.db.migrations.RenameField("book", "title", "name"),
        migrations.AddIndex("book", models.Index(fields=["name"], name="book_name_idx")),
        migrations.RemoveIndex("book", "book_name_idx"),
        AddIndexConcurrently("book", models.Index(fields=["name"], name="book_name_idx2")),
        pg.RemoveIndexConcurrently(model_name="book", name="book_name_idx2"),
        HStoreExtension(),
        pg.TrigramExtension(),
        pg.CreateExtension("postgis"),
        migrations.AlterModelOptions("book", {"ordering": ["name"]}),
        migrations.AlterModelTable("book", "books"),
        migrations.AlterUniqueTogether("book", {("name",)}),
        migrations.AlterIndexTogether("book", set()),
        migrations.AddConstraint("book", models.CheckConstraint(check=models.Q(id__gt=0), name="book_id_positive")),
        migrations.RemoveConstraint("book", "book_id_positive"),
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunSQL("SELECT 1", migrations.RunSQL.noop)],
            state_operations=[migrations.RenameModel("Book", "Volume")],
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop, atomic=False),
        AddTenantSchema("tenant"),
        migrations.RemoveField("volume", "name"),
        migrations.DeleteModel("Volume"),
    ]"""
project("m21_operations", [S], {
    (S, "0001_initial"): mig(ops=OPS, extra_head=OPS_HEAD),
}, files={"shop/operations.py": "from django.db.migrations.operations.base import Operation\n\n\nclass AddTenantSchema(Operation):\n    def __init__(self, name):\n        self.name = name\n"})
project("m22_own_first_and_latest", [S], {
    (S, "0001_initial"): mig([(S, "__first__")]),
    (S, "0002_a"): mig([(S, "0001_initial"), (S, "__latest__")]),
})
project("m23_self_dependency", [S], {
    (S, "0001_initial"): mig([(S, "0001_initial")]),
})
# MIGRATION_MODULES: shop's migrations live in shop/db_migrations; billing's are disabled (None),
# so its broken migration folder is never read.
project("m24_migration_modules", [S, "billing"], {
    ("billing", "0001_initial"): mig([("nowhere", "0001_initial")]),
}, files={
    "shop/models.py": "",
    "shop/db_migrations/__init__.py": "",
    "shop/db_migrations/0001_initial.py": mig(),
    "shop/db_migrations/0002_second.py": mig([(S, "0001_initial")]),
}, settings_extra="MIGRATION_MODULES = {'shop': 'shop.db_migrations', 'billing': None}\n")
fixtures[-1]["migration_modules"] = {"shop": "shop.db_migrations", "billing": None}
json.dump(fixtures, open(os.path.join(ROOT, "fixtures.json"), "w"), indent=1)
print(len(fixtures))
