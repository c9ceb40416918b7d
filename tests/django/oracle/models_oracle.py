#!/usr/bin/python3
"""The oracle for src/django/models.*: real Django loads generated projects, preflight must agree.

Run with Debian's /usr/bin/python3 (Django 3.2 and psycopg2):

    /usr/bin/python3 tests/django/oracle/models_oracle.py generate OUT_DIR --seed 1 --projects 25
    /usr/bin/python3 tests/django/oracle/models_oracle.py dump OUT_DIR/p000

`generate` writes K Django projects (OUT_DIR/p000, p001, ...), reproducible from the seed. Each
has a `manage.py` stub at its Python root (the project directory itself, or `backend/` or `src/`
under it), several apps (top level or nested in an `apps/` package, with or without an AppConfig
giving a label or default_auto_field, `models.py` or a `models/` package), abstract bases in the
same module, another module of the app, another app or a non-app package, multi-table
inheritance, proxies, unmanaged models, explicit tables, every import form of django.db.models,
relations by class and by string, Meta.indexes / constraints / unique_together / index_together /
ordering, inherited through Meta in every way Django allows. The Python root also holds
`oracle_apps.txt`, the INSTALLED_APPS in order.

`dump PROJECT_DIR...` imports each project in real Django (never connecting to a database; one
forked process per project) and prints one JSON line per project: {"project": DIR, "models":
[...]}, one entry per model of `apps.get_models()` (concrete and
proxy models; Django leaves out abstract models and auto-created ManyToMany through models) with
its app label, name, table, proxy/managed flags, local fields, local many-to-many fields, indexes,
constraints, unique_together, index_together, ordering and the names the PostgreSQL schema editor
gives the indexes and constraints of CREATE TABLE (tests/django/models_oracle_test.cpp explains
the comparison).
"""

import argparse
import json
import os
import random
import sys

# The schema editor's names, computed the same way for the names oracle next to this file.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from names_oracle import schema_names  # noqa: E402

# ---- names ---------------------------------------------------------------------------------------

APP_WORDS = [
    "billing", "inventory", "accounts", "shipping", "catalog", "reports", "crm", "payments",
    "tenants", "audit", "notifications", "scheduling", "warehouse", "analytics", "support",
    "payroll", "content", "media", "search", "orders", "pricing", "fleet", "loyalty", "ledger",
    "invoicing", "helpdesk", "procurement", "contracts", "marketing", "subscriptions",
]
LONG_APP_PARTS = [
    "customer", "relationship", "management", "enterprise", "resource", "planning", "archive",
    "regional", "compliance", "reporting", "integration", "settlement",
]
MODEL_WORDS = [
    "Invoice", "Line", "Item", "Order", "Customer", "Account", "Entry", "Ledger", "Payment",
    "Refund", "Shipment", "Parcel", "Product", "Variant", "Price", "Tag", "Note", "Event", "Log",
    "Record", "Profile", "Address", "Contact", "Ticket", "Comment", "Attachment", "Batch", "Job",
    "Task", "Report", "Tenant", "Member", "Team", "Project", "Plan", "Quota", "Usage", "Audit",
    "Device", "Session", "Token", "Webhook", "Delivery", "Rate", "Zone", "Route", "Stop",
    "Vehicle", "Driver", "Reminder", "Schedule", "Renewal", "Subscription", "Settlement",
]
FIELD_WORDS = [
    "name", "title", "code", "amount", "total", "status", "kind", "email", "slug", "reference",
    "description", "payload", "active", "quantity", "price", "currency", "due", "notes", "rank",
    "score", "label", "summary", "body", "weight", "height", "balance", "region", "country",
    "city", "street", "phone", "secret", "token", "version", "priority", "level", "flag",
    "ratio", "discount", "tax", "vat", "colour", "size", "external", "created", "updated",
    "opened", "closed", "billing", "shipping", "primary", "secondary", "legacy", "archived",
]
AUTO_FIELDS = [
    "django.db.models.BigAutoField",
    "django.db.models.BigAutoField",
    "django.db.models.SmallAutoField",
    "django.db.models.AutoField",
]
PG_INDEXES = ["GinIndex", "BrinIndex", "BTreeIndex", "HashIndex", "GistIndex"]


# ---- the plan ------------------------------------------------------------------------------------


class Field:
    def __init__(self, name, kind, **options):
        self.name = name
        self.kind = kind  # Django class name, or a project field class ("CodeField")
        self.options = options  # rendered as keyword arguments, in order
        self.target = None  # Model, "self", or None; relations only
        self.target_form = None  # "class", "label", "relative", "self"
        self.pk = options.get("primary_key", False)
        self.parent_link = options.get("parent_link", False)
        self.through = None  # Model for ManyToManyField(through=...)

    @property
    def relation(self):
        return self.kind in ("ForeignKey", "OneToOneField", "ManyToManyField")

    @property
    def concrete(self):
        return self.kind != "ManyToManyField"


class Model:
    def __init__(self, name, module, kind):
        self.name = name
        self.module = module
        self.kind = kind  # "abstract", "plain", "mti", "proxy", "through"
        self.abstract_bases = []
        self.parent = None  # concrete parent (mti) or proxied model (proxy)
        self.fields = []
        self.removed = []  # inherited abstract fields set to None
        self.meta_mode = "none"  # "none", "plain", "inherit"
        self.meta = {}  # option -> rendered value (a callable taking the module)
        self.label = module.app.label if module.app else None  # effective app_label
        self.position = 0
        self.referenced = set()  # field names an abstract Meta refers to

    @property
    def abstract(self):
        return self.kind == "abstract"

    def chain_fields(self):
        """Local non-M2M fields after abstract inheritance (what Meta may refer to)."""
        fields = {}
        for base in reversed(self.abstract_bases):
            for name, field in base.chain_fields().items():
                fields[name] = field
        for name in self.removed:
            fields.pop(name, None)
        for field in self.fields:
            if field.concrete:
                fields[field.name] = field
        return fields

    def all_names(self):
        names = set(self.chain_fields())
        for base in self.abstract_bases:
            names |= base.all_names()
        for field in self.fields:
            names.add(field.name)
        return names

    def has_pk(self):
        if any(f.pk or f.parent_link for f in self.fields):
            return True
        return any(b.has_pk() for b in self.abstract_bases)


class Module:
    def __init__(self, app, dotted, path, kind):
        self.app = app  # None for the non-app package
        self.dotted = dotted
        self.path = path  # relative to the Python root
        self.kind = kind  # "models", "submodule", "abstract", "common"
        self.models = []
        self.order = 0  # global import order
        self.style = None
        self.pg_style = None
        self.imports = []  # lines
        self.model_names = set()  # names imported from django.db.models (style "names")
        self.pg_names = set()
        self.extra = []


class App:
    def __init__(self, name, label, directory):
        self.name = name
        self.label = label
        self.dir = directory
        self.index = 0
        self.config = None  # dict or None
        self.package = False
        self.modules = []
        self.fields_module = False


# ---- generation ----------------------------------------------------------------------------------


class Generator:
    def __init__(self, rng):
        self.rng = rng

    def chance(self, p):
        return self.rng.random() < p

    # -- names

    def field_name(self, taken):
        rng = self.rng
        while True:
            shape = rng.random()
            if shape < 0.6:
                words = rng.randint(1, 2)
            elif shape < 0.9:
                words = rng.randint(3, 4)
            else:
                words = rng.randint(5, 9)
            name = "_".join(rng.choice(FIELD_WORDS) for _ in range(words))
            if name not in taken and name not in ("id", "pk", "objects"):
                taken.add(name)
                return name

    def model_name(self, taken):
        rng = self.rng
        while True:
            shape = rng.random()
            if shape < 0.7:
                words = rng.randint(1, 2)
            elif shape < 0.92:
                words = 3
            else:
                words = rng.randint(4, 7)
            name = "".join(rng.choice(MODEL_WORDS) for _ in range(words))
            if name.lower() not in taken:
                taken.add(name.lower())
                return name

    def app_word(self, taken):
        rng = self.rng
        while True:
            if self.chance(0.15):
                word = "_".join(rng.choice(LONG_APP_PARTS) for _ in range(rng.randint(3, 5)))
            else:
                word = rng.choice(APP_WORDS)
            if word not in taken:
                taken.add(word)
                return word

    # -- a project

    def project(self):
        rng = self.rng
        self.root = rng.choice(["", "", "", "backend", "src"])
        self.apps = []
        self.modules = []
        self.models = []
        self.labels = set()
        self.label_models = {}  # label -> set of lower names
        self.abstract_names = set()
        words = set()
        nested = self.chance(0.4)
        package = rng.choice(["apps", "apps", "services"])
        for index in range(rng.randint(3, 8)):
            word = self.app_word(words)
            if nested and self.chance(0.75):
                name = "%s.%s" % (package, word)
            else:
                name = word
            label = word
            config = None
            if self.chance(0.6):
                config = {"class": "".join(p.capitalize() for p in word.split("_")) + "Config"}
                if self.chance(0.3):
                    label = rng.choice(["legacy_%s", "%s_v2", "x%s", "%s_app"]) % word
                    while label in self.labels or label in words:
                        label += "x"
                    config["label"] = label
                if self.chance(0.35):
                    config["auto"] = rng.choice(AUTO_FIELDS)
            app = App(name, label, name.replace(".", "/"))
            app.index = index
            app.config = config
            self.labels.add(label)
            self.label_models[label] = set()
            self.apps.append(app)
        self.nested_package = package if any("." in a.name for a in self.apps) else None

        # Custom field classes live in the first app's fields.py.
        self.field_classes = self.chance(0.4)
        if self.field_classes:
            self.apps[0].fields_module = True

        # A non-app package with abstract models.
        if self.chance(0.3):
            module = Module(None, "common.base", "common/base.py", "common")
            self.add_module(module)
            for _ in range(rng.randint(1, 3)):
                self.new_model(module, force="abstract")

        for app in self.apps:
            self.fill_app(app)

        self.resolve_relations()
        for model in self.models:
            if model.kind != "abstract":
                self.add_meta(model)

    def add_module(self, module):
        module.order = len(self.modules)
        module.style = self.rng.choice(["models", "models", "models", "m", "names", "dotted",
                                        "star", "mixed"])
        module.pg_style = self.rng.choice(["names", "module"])
        self.modules.append(module)
        if module.app:
            module.app.modules.append(module)

    def fill_app(self, app):
        rng = self.rng
        if self.chance(0.3):
            module = Module(app, app.name + ".abstract", app.dir + "/abstract.py", "abstract")
            self.add_module(module)
            for _ in range(rng.randint(1, 2)):
                self.new_model(module, force="abstract")
        app.package = self.chance(0.35)
        count = rng.randint(5, 14)
        if not app.package:
            module = Module(app, app.name + ".models", app.dir + "/models.py", "models")
            self.add_module(module)
            for _ in range(count):
                self.new_model(module)
        else:
            subs = set()
            for _ in range(rng.randint(1, 3)):
                sub = rng.choice(["orders", "core", "base", "history", "documents", "people",
                                  "events", "billing_records", "catalogue"])
                if sub in subs:
                    continue
                subs.add(sub)
                module = Module(app, "%s.models.%s" % (app.name, sub),
                                "%s/models/%s.py" % (app.dir, sub), "submodule")
                self.add_module(module)
                for _ in range(max(1, count // 2)):
                    self.new_model(module)

    def reachable(self, module, predicate):
        """Models `module` may name by class at this point (no import cycles)."""
        result = []
        for model in self.models:
            if not predicate(model):
                continue
            other = model.module
            if other is module:
                result.append(model)
            elif module.app is None:
                continue  # the non-app package imports nothing from the project
            elif other.app is None:
                result.append(model)  # common.base comes first
            elif other.app is module.app:
                if module.kind == "abstract":
                    continue
                if other.kind == "abstract" or (other.kind == "submodule" and
                                                module.kind == "submodule" and
                                                other.order < module.order):
                    result.append(model)
            elif other.app.index < module.app.index:
                result.append(model)
        return result

    def new_model(self, module, force=None):
        rng = self.rng
        kind = force
        if kind is None:
            r = rng.random()
            if r < 0.14:
                kind = "abstract"
            elif r < 0.26:
                kind = "mti"
            elif r < 0.34:
                kind = "proxy"
            else:
                kind = "plain"
        if kind in ("mti", "proxy"):
            if kind == "mti":
                parents = self.reachable(module, lambda m: m.kind in ("plain", "mti"))
            else:
                parents = self.reachable(module, lambda m: m.kind in ("plain", "mti", "proxy"))
            if not parents:
                kind = "plain"
        if kind == "abstract":
            name = "Base" + self.model_name(self.abstract_names) if self.chance(0.6) else (
                self.model_name(self.abstract_names) + "Mixin")
        else:
            name = None
        model = Model(name, module, kind)
        model.position = len(module.models)
        if kind == "mti" or kind == "proxy":
            model.parent = rng.choice(parents)
        if kind in ("plain", "mti", "abstract") and self.chance(0.45 if kind != "mti" else 0.15):
            bases = self.reachable(module, lambda m: m.kind == "abstract")
            if bases:
                model.abstract_bases = rng.sample(bases, 1 if self.chance(0.8) else min(2,
                                                                                     len(bases)))
                # Two bases must not define the same field, nor two primary keys.
                if len(model.abstract_bases) == 2:
                    a, b = model.abstract_bases
                    if (a.all_names() & b.all_names()) or (a.has_pk() and b.has_pk()) or (
                            a in self.ancestors(b) or b in self.ancestors(a)):
                        model.abstract_bases = [a]
        if kind == "mti" and model.abstract_bases:
            names = set()
            parent = model.parent
            while parent is not None:
                names |= parent.all_names()
                parent = parent.parent
            if any(b.has_pk() or (b.all_names() & names) for b in model.abstract_bases):
                model.abstract_bases = []
        # Meta.app_label pointing at another app: rare.
        if kind in ("plain", "mti") and self.chance(0.05) and module.app is not None:
            model.label = rng.choice(sorted(self.labels))
            model.meta["app_label"] = repr(model.label)
        if name is None:
            taken = self.label_models[model.label]
            local = {m.name.lower() for m in module.models} | {
                m.name.lower() for mod in (module.app.modules if module.app else [])
                for m in mod.models}
            while True:
                name = self.model_name(set())
                if name.lower() not in taken and name.lower() not in local:
                    break
            taken.add(name.lower())
            model.name = name
        module.models.append(model)
        self.models.append(model)
        if kind != "proxy":
            self.add_fields(model)
        if kind == "abstract":
            self.add_meta(model)  # now: children must know which fields its Meta names
        return model

    def ancestors(self, model):
        result = set()
        for base in model.abstract_bases:
            result.add(base)
            result |= self.ancestors(base)
        return result

    def add_fields(self, model):
        rng = self.rng
        taken = set()
        inherited = set()
        for base in model.abstract_bases:
            inherited |= base.all_names()
        if model.kind == "mti":
            parent = model.parent
            while parent is not None:
                inherited |= parent.all_names()
                parent = parent.parent
        taken |= inherited
        count = rng.randint(1, 6) if model.kind != "abstract" else rng.randint(1, 4)
        # A child of an abstract model may override or drop an inherited field.
        if model.abstract_bases and self.chance(0.25):
            base = model.abstract_bases[0]
            free = sorted(n for n, f in base.chain_fields().items()
                          if n not in self.referenced_by(base) and not f.pk)
            if free:
                victim = rng.choice(free)
                if self.chance(0.4):
                    model.removed.append(victim)
                else:
                    model.fields.append(Field(victim, "CharField", max_length=rng.randint(5, 80),
                                              db_index=self.chance(0.5)))
        # An explicit primary key.
        if model.kind in ("plain", "abstract") and not model.has_pk() and self.chance(0.12):
            shape = rng.random()
            if shape < 0.35:
                field = Field(self.field_name(taken), "CharField", max_length=rng.randint(8, 64),
                              primary_key=True)
            elif shape < 0.65:
                field = Field(self.field_name(taken), "UUIDField", primary_key=True)
            elif shape < 0.85:
                field = Field("id", "BigAutoField", primary_key=True)
            else:
                field = Field(self.field_name(taken), "IntegerField", primary_key=True,
                              db_column=repr("legacy_" + self.field_name(set())[:20]))
            model.fields.append(field)
        if model.kind == "mti" and self.chance(0.15):
            options = {"on_delete": "CASCADE", "parent_link": True}
            if self.chance(0.5):
                options["primary_key"] = True
            field = Field(self.field_name(taken) + "_link", "OneToOneField", **options)
            field.target = model.parent
            field.target_form = "class"
            model.fields.append(field)
        for _ in range(count):
            model.fields.append(self.random_field(model, taken))

    def referenced_by(self, model):
        result = set(model.referenced)
        for base in model.abstract_bases:
            result |= self.referenced_by(base)
        return result

    def random_field(self, model, taken):
        rng = self.rng
        name = self.field_name(taken)
        r = rng.random()
        opts = {}
        if r < 0.18:
            kind = "CharField"
            opts["max_length"] = rng.choice([1, 20, 50, 100, 255, 1000])
            if self.chance(0.3):
                opts["db_index"] = True
            elif self.chance(0.1):
                opts["unique"] = True
        elif r < 0.25:
            kind = "TextField"
            if self.chance(0.2):
                opts["db_index"] = True
        elif r < 0.31:
            kind = "SlugField"
            if self.chance(0.25):
                opts["db_index"] = False
            elif self.chance(0.2):
                opts["unique"] = True
        elif r < 0.37:
            kind = "IntegerField"
            if self.chance(0.25):
                opts["db_index"] = True
        elif r < 0.41:
            kind = "BooleanField"
            opts["default"] = rng.choice([True, False])
        elif r < 0.47:
            kind = "DateTimeField"
            if self.chance(0.3):
                opts["auto_now_add"] = True
            if self.chance(0.25):
                opts["db_index"] = True
        elif r < 0.5:
            kind = "DecimalField"
            opts["max_digits"] = 12
            opts["decimal_places"] = 2
        elif r < 0.53:
            kind = "UUIDField"
            if self.chance(0.3):
                opts["unique"] = True
        elif r < 0.56:
            kind = "EmailField"
            if self.chance(0.3):
                opts["db_index"] = True
        elif r < 0.59:
            kind = "JSONField"
            opts["default"] = "dict"
        elif r < 0.62 and self.field_classes:
            if self.chance(0.5):
                kind = "CodeField"
                opts["max_length"] = 32
                if self.chance(0.5):
                    opts["db_index"] = True
            else:
                kind = "MoneyField"
                opts["max_digits"] = 14
                opts["decimal_places"] = 4
        elif r < 0.8:
            kind = "ForeignKey"
            opts["on_delete"] = "CASCADE"
            if self.chance(0.15):
                opts["db_index"] = False
            if self.chance(0.1):
                opts["db_constraint"] = False
        elif r < 0.87:
            kind = "OneToOneField"
            opts["on_delete"] = "CASCADE"
        elif r < 0.96:
            kind = "ManyToManyField"
            if self.chance(0.15) and model.kind != "abstract":
                opts["db_table"] = repr(
                    rng.choice(["m2m_", "rel_", "", "link_"]) + self.field_name(set())[:50])
        else:
            kind = "CharField"
            opts["max_length"] = 40
        if kind != "ManyToManyField" and self.chance(0.2):
            opts["null"] = True
        if kind not in ("ManyToManyField",) and self.chance(0.08):
            column = rng.choice([name.upper(), "col_" + name, "c" + str(rng.randint(0, 99)),
                                 "_" + name[:20]])
            opts["db_column"] = repr(column)
        if kind in ("ForeignKey", "OneToOneField", "ManyToManyField") and self.chance(0.25):
            if model.kind == "abstract":
                opts["related_name"] = repr("%(app_label)s_%(class)s_" + name[:20])
            else:
                opts["related_name"] = repr(
                    rng.choice(["+", name[:20] + "_of_" + model.name.lower()]))
        if kind in ("ForeignKey", "OneToOneField") and opts.get("null") and self.chance(0.5):
            opts["on_delete"] = "SET_NULL"
        field = Field(name, kind, **opts)
        if kind == "ManyToManyField" and model.kind in ("plain", "mti") and self.chance(0.15):
            field.through = True  # a through model, made after targets are known
        return field

    # -- relations

    def resolve_relations(self):
        rng = self.rng
        concrete = [m for m in self.models if m.kind in ("plain", "mti", "proxy")]
        for model in list(self.models):
            for field in model.fields:
                if not field.relation or field.target is not None:
                    continue
                form = rng.random()
                if form < 0.12 and not (field.through):
                    field.target = "self"
                    field.target_form = "self"
                    continue
                # By class: what the module can see.
                by_class = [m for m in self.reachable(model.module, lambda m: m.kind in (
                    "plain", "mti", "proxy")) if m is not model and (
                        m.module is not model.module or m.position < model.position)]
                if form < 0.5 and by_class:
                    field.target = rng.choice(by_class)
                    field.target_form = "class"
                else:
                    field.target = rng.choice(concrete)
                    same = model.kind != "abstract" and field.target.label == model.label
                    field.target_form = "relative" if same and self.chance(0.5) else "label"
                if field.through:
                    if field.target is model or field.target == "self":
                        field.through = None
                    else:
                        field.options.pop("db_table", None)
                        self.make_through(model, field)

    def make_through(self, model, field):
        module = model.module
        through = Model(None, module, "through")
        taken = self.label_models[through.label]
        local = {m.name.lower() for mod in module.app.modules for m in mod.models}
        while True:
            name = model.name + self.rng.choice(["Link", "Membership", "Assignment"])
            if name.lower() not in taken and name.lower() not in local:
                break
            name += "X"
            if name.lower() not in taken and name.lower() not in local:
                break
        taken.add(name.lower())
        through.name = name
        through.position = len(module.models)
        module.models.append(through)
        self.models.append(through)
        source = Field("source_" + model.name.lower()[:20], "ForeignKey", on_delete="CASCADE")
        source.target = model
        source.target_form = "class"  # defined above in the same module
        target = Field("target_" + field.target.name.lower()[:20], "ForeignKey",
                       on_delete="CASCADE")
        target.target = field.target
        target.target_form = "label"
        through.fields = [source, target]
        if self.chance(0.5):
            through.fields.append(Field("joined", "DateTimeField", auto_now_add=True))
        field.through = through

    # -- Meta

    def add_meta(self, model):
        rng = self.rng
        if model.kind == "proxy":
            model.meta_mode = "plain"
            model.meta["proxy"] = "True"
            if self.chance(0.3):
                model.meta["ordering"] = repr(["pk"] if self.chance(0.5) else ["-pk"])
            return
        if model.kind == "through":
            model.meta_mode = "plain" if self.chance(0.5) else "none"
            if model.meta_mode == "plain":
                model.meta["unique_together"] = repr(
                    tuple(f.name for f in model.fields[:2]))
            return
        # How Meta is written.
        inheritable = model.abstract_bases and model.abstract_bases[0]
        if model.abstract:
            model.meta_mode = "inherit" if inheritable and self.chance(0.5) else "plain"
            model.meta["abstract"] = "True"
        else:
            r = rng.random()
            if inheritable and r < 0.35:
                model.meta_mode = "none" if not model.meta else "inherit"
            elif inheritable and r < 0.6:
                model.meta_mode = "inherit"
            elif r < 0.75 and not model.meta:
                model.meta_mode = "none"
            else:
                model.meta_mode = "plain"
        if model.meta_mode == "none":
            return
        fields = model.chain_fields()
        names = sorted(fields)
        if model.kind == "mti":
            names = [f.name for f in model.fields if f.concrete]
        if model.kind != "abstract":
            if self.chance(0.12):
                model.meta["db_table"] = repr(self.table_name(model))
            if self.chance(0.08):
                model.meta["managed"] = "False"
        if not names:
            return
        referenced = model.referenced
        if self.chance(0.35):
            ordering = []
            for name in rng.sample(names, min(len(names), rng.randint(1, 2))):
                ordering.append(("-" if self.chance(0.4) else "") + name)
            model.meta["ordering"] = repr(ordering)
        if self.chance(0.45):
            indexes = []
            for number in range(rng.randint(1, 3)):
                chosen = rng.sample(names, min(len(names), rng.randint(1, 3)))
                written = []
                for name in chosen:
                    referenced.add(name)
                    field = fields.get(name)
                    if field is not None and field.kind in ("ForeignKey", "OneToOneField") and \
                            self.chance(0.4):
                        name += "_id"
                    written.append(("-" if self.chance(0.3) else "") + name)
                pg = self.chance(0.15)
                cls = rng.choice(PG_INDEXES) if pg else "Index"
                index = {"class": cls, "pg": pg, "fields": written}
                if self.chance(0.45):
                    if model.abstract:
                        index["name"] = "%(app_label)s_%(class)s_" + str(number)
                    else:
                        index["name"] = ("ix_%s_%d" % (model.name.lower(), number))[-30:]
                        index["name"] = "i" + index["name"][1:] if not \
                            index["name"][0].isalpha() else index["name"]
                indexes.append(index)
            model.meta["indexes"] = indexes
        if self.chance(0.3):
            constraints = []
            for number in range(rng.randint(1, 2)):
                if model.abstract:
                    cname = "%(app_label)s_%(class)s_c" + str(number)
                else:
                    cname = "%s_%s_c%d" % (model.label[:20], model.name.lower()[:25], number)
                if self.chance(0.6):
                    chosen = rng.sample(names, min(len(names), rng.randint(1, 2)))
                    referenced.update(chosen)
                    constraints.append({"class": "UniqueConstraint", "fields": chosen,
                                        "name": cname})
                else:
                    name = rng.choice(names)
                    referenced.add(name)
                    constraints.append({"class": "CheckConstraint", "field": name,
                                        "name": cname})
            model.meta["constraints"] = constraints
        for option in ("unique_together", "index_together"):
            if self.chance(0.2):
                groups = []
                for _ in range(rng.randint(1, 2)):
                    chosen = tuple(rng.sample(names, min(len(names), rng.randint(1, 3))))
                    referenced.update(chosen)
                    groups.append(chosen)
                if len(groups) == 1 and self.chance(0.5):
                    model.meta[option] = repr(groups[0])  # a flat tuple: one group
                elif self.chance(0.5):
                    model.meta[option] = repr(tuple(groups))
                else:
                    model.meta[option] = repr([list(g) for g in groups])

    def table_name(self, model):
        rng = self.rng
        base = "%s_%s" % (rng.choice(["legacy", "tbl", "old", "x"]), model.name.lower())
        shape = rng.random()
        if shape < 0.5:
            return base
        if shape < 0.65:
            return rng.choice("0123456789") + base
        if shape < 0.75:
            return "_" + base
        if shape < 0.85:
            return base.upper()
        return (base + "_" + "_".join(rng.choice(FIELD_WORDS) for _ in range(12)))[:rng.randint(
            64, 90)]


# ---- rendering -----------------------------------------------------------------------------------


class Renderer:
    def __init__(self, gen, module):
        self.gen = gen
        self.module = module
        self.lines = []
        self.model_names = set()
        self.pg_names = set()
        self.imports = []  # (sort key, line)
        self.import_set = set()

    def dj(self, name):
        style = self.module.style
        if style == "models":
            return "models." + name
        if style == "m":
            return "m." + name
        if style == "dotted":
            return "django.db.models." + name
        if style == "mixed" and name not in ("Index", "UniqueConstraint", "CheckConstraint", "Q"):
            return "models." + name
        self.model_names.add(name)
        return name

    def pg(self, name):
        if self.module.pg_style == "names":
            self.pg_names.add(name)
            return name
        self.add_import("from django.contrib.postgres import indexes as pg_indexes")
        return "pg_indexes." + name

    def add_import(self, line):
        if line not in self.import_set:
            self.import_set.add(line)
            self.imports.append(line)

    def ref(self, target):
        """An expression naming `target` (a Model class) from this module."""
        module = self.module
        other = target.module
        if other is module:
            return target.name
        if other.app is None:
            self.add_import("from common.base import %s" % target.name)
            return target.name
        if other.app is module.app:
            if other.kind == "abstract":
                if module.kind == "submodule":
                    self.add_import("from ..abstract import %s" % target.name)
                elif self.gen.rng.random() < 0.5:
                    self.add_import("from .abstract import %s" % target.name)
                else:
                    self.add_import("from %s import %s" % (other.dotted, target.name))
                return target.name
            # a sibling submodule of the models package
            sub = other.dotted.rsplit(".", 1)[1]
            if self.gen.rng.random() < 0.7:
                self.add_import("from .%s import %s" % (sub, target.name))
            else:
                self.add_import("from %s import %s" % (other.dotted, target.name))
            return target.name
        alias = other.app.name.replace(".", "_") + "_" + (
            "abstract" if other.kind == "abstract" else "models")
        package, _, last = other.dotted.rpartition(".")
        if other.kind == "submodule":
            package, _, last = package.rpartition(".")
        self.add_import("from %s import %s as %s" % (package, last, alias))
        return "%s.%s" % (alias, target.name)

    def field_class(self, kind):
        if kind in ("CodeField", "MoneyField"):
            app = self.gen.apps[0]
            if self.module.app is app and self.module.kind != "submodule":
                self.add_import("from .fields import %s" % kind)
            else:
                self.add_import("from %s.fields import %s" % (app.name, kind))
            return kind
        return self.dj(kind)

    def field(self, model, field):
        args = []
        if field.relation:
            target = field.target
            if target == "self":
                args.append(repr("self"))
            elif field.target_form == "class":
                args.append(self.ref(target))
            elif field.target_form == "relative":
                args.append(repr(target.name))
            else:
                args.append(repr("%s.%s" % (target.label, target.name)))
        for key, value in field.options.items():
            if key == "on_delete":
                args.append("on_delete=" + self.dj(value))
            elif key == "default" and value == "dict":
                args.append("default=dict")
            elif isinstance(value, bool):
                args.append("%s=%s" % (key, value))
            else:
                args.append("%s=%s" % (key, value))
        if field.kind == "ManyToManyField" and isinstance(field.through, Model):
            args.append("through=%r" % ("%s.%s" % (field.through.label, field.through.name)))
        return "    %s = %s(%s)" % (field.name, self.field_class(field.kind), ", ".join(args))

    def model(self, model):
        bases = []
        if model.kind in ("mti", "proxy"):
            bases.append(self.ref(model.parent))
        for base in model.abstract_bases:
            bases.append(self.ref(base))
        if model.kind == "mti" and model.abstract_bases and self.gen.rng.random() < 0.5:
            bases = bases[1:] + bases[:1]  # class Child(Mixin, Parent)
        if not bases:
            bases.append(self.dj("Model"))
        out = ["class %s(%s):" % (model.name, ", ".join(bases))]
        for field in model.fields:
            out.append(self.field(model, field))
        for name in model.removed:
            out.append("    %s = None" % name)
        meta = self.meta(model)
        if meta:
            out.append("")
            out.extend(meta)
        if len(out) == 1:
            out.append("    pass")
        return "\n".join(out)

    def meta(self, model):
        if model.meta_mode == "none":
            return []
        if model.meta_mode == "inherit":
            head = "    class Meta(%s.Meta):" % self.ref(model.abstract_bases[0])
        else:
            head = "    class Meta:"
        body = []
        for key, value in model.meta.items():
            if key == "indexes":
                items = []
                for index in value:
                    cls = self.pg(index["class"]) if index["pg"] else self.dj("Index")
                    text = "%s(fields=%r" % (cls, index["fields"])
                    if "name" in index:
                        text += ", name=%r" % index["name"]
                    items.append(text + ")")
                body.append("        indexes = [%s]" % ", ".join(items))
            elif key == "constraints":
                items = []
                for constraint in value:
                    if constraint["class"] == "UniqueConstraint":
                        items.append("%s(fields=%r, name=%r)" % (
                            self.dj("UniqueConstraint"), constraint["fields"], constraint["name"]))
                    else:
                        items.append("%s(check=%s(%s__isnull=False), name=%r)" % (
                            self.dj("CheckConstraint"), self.dj("Q"), constraint["field"],
                            constraint["name"]))
                body.append("        constraints = [")
                for item in items:
                    body.append("            %s," % item)
                body.append("        ]")
            else:
                body.append("        %s = %s" % (key, value))
        if not body:
            body.append("        pass")
        return [head] + body

    def render(self):
        chunks = [self.model(model) for model in self.module.models]
        head = []
        style = self.module.style
        if style == "models" or style == "mixed":
            head.append("from django.db import models")
        elif style == "m":
            head.append("from django.db import models as m")
        elif style == "dotted":
            head.append("import django.db.models")
        elif style == "star":
            head.append("from django.db.models import *")
        if style in ("names", "mixed") and self.model_names:
            head.append("from django.db.models import %s" % ", ".join(sorted(self.model_names)))
        if self.pg_names:
            head.append("from django.contrib.postgres.indexes import %s" % ", ".join(
                sorted(self.pg_names)))
        head.extend(self.imports)
        return '"""Generated by models_oracle.py."""\n' + "\n".join(head) + "\n\n\n" + \
            "\n\n\n".join(chunks) + "\n"


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as out:
        out.write(text)


def write_project(gen, directory):
    root = os.path.join(directory, gen.root) if gen.root else directory
    write(os.path.join(root, "manage.py"),
          "#!/usr/bin/env python\n# A stub: the oracle configures Django itself.\n")
    write(os.path.join(root, "oracle_apps.txt"), "".join(a.name + "\n" for a in gen.apps))
    if gen.nested_package:
        write(os.path.join(root, gen.nested_package, "__init__.py"), "")
    if any(m.app is None for m in gen.modules):
        write(os.path.join(root, "common", "__init__.py"), "")
    for app in gen.apps:
        write(os.path.join(root, app.dir, "__init__.py"), "")
        if app.config:
            lines = ["from django.apps import AppConfig", "", "",
                     "class %s(AppConfig):" % app.config["class"],
                     "    name = %r" % app.name]
            if "label" in app.config:
                lines.append("    label = %r" % app.config["label"])
            if "auto" in app.config:
                lines.append("    default_auto_field = %r" % app.config["auto"])
            write(os.path.join(root, app.dir, "apps.py"), "\n".join(lines) + "\n")
        if app.fields_module:
            write(os.path.join(root, app.dir, "fields.py"),
                  "from django.db import models\n\n\nclass CodeField(models.CharField):\n"
                  "    pass\n\n\nclass MoneyField(models.DecimalField):\n    pass\n")
        if app.package:
            subs = [m for m in app.modules if m.kind == "submodule"]
            lines = []
            for sub in subs:
                short = sub.dotted.rsplit(".", 1)[1]
                if gen.rng.random() < 0.5:
                    lines.append("from .%s import *  # noqa" % short)
                else:
                    lines.append("from .%s import %s" % (short, ", ".join(
                        m.name for m in sub.models)))
            write(os.path.join(root, app.dir, "models", "__init__.py"), "\n".join(lines) + "\n")
    for module in gen.modules:
        write(os.path.join(root, module.path), Renderer(gen, module).render())


def generate(args):
    rng = random.Random(args.seed)
    os.makedirs(args.out, exist_ok=True)
    for number in range(args.projects):
        gen = Generator(random.Random(rng.random()))
        gen.project()
        write_project(gen, os.path.join(args.out, "p%03d" % number))
    return 0


# ---- the dumper ----------------------------------------------------------------------------------


def python_root(project):
    if os.path.exists(os.path.join(project, "manage.py")):
        return project
    for entry in sorted(os.listdir(project)):
        if os.path.exists(os.path.join(project, entry, "manage.py")):
            return os.path.join(project, entry)
    raise SystemExit("no manage.py in %s" % project)


def label_of(model):
    return "%s.%s" % (model._meta.app_label, model.__name__)


def describe(model):
    opts = model._meta
    fields = []
    for field in opts.local_fields:
        fields.append({
            "name": field.name,
            "class": type(field).__name__,
            "column": field.column,
            "primary_key": bool(field.primary_key),
            "unique": bool(field.unique),
            "db_index": bool(field.db_index),
            "null": bool(field.null),
            "auto_created": bool(field.auto_created),
            "related_model": label_of(field.related_model) if field.is_relation else None,
        })
    many_to_many = []
    for field in opts.local_many_to_many:
        many_to_many.append({
            "name": field.name,
            "class": type(field).__name__,
            "table": field.m2m_db_table(),
            "related_model": label_of(field.related_model),
        })
    indexes = [{"class": type(index).__name__, "name": index.name, "fields": list(index.fields)}
               for index in opts.indexes]
    constraints = [{"class": type(constraint).__name__, "name": constraint.name,
                    "fields": list(getattr(constraint, "fields", ()) or ())}
                   for constraint in opts.constraints]
    names = []
    if opts.managed and not opts.proxy:
        constraint_names = {c.name for c in opts.constraints}
        names = [n for n in schema_names(model) if n not in constraint_names]
    return {
        "app_label": opts.app_label,
        "name": model.__name__,
        "table": opts.db_table,
        "proxy": bool(opts.proxy),
        "managed": bool(opts.managed),
        "fields": fields,
        "many_to_many": many_to_many,
        "indexes": indexes,
        "constraints": constraints,
        "unique_together": [list(group) for group in opts.unique_together],
        "index_together": [list(group) for group in opts.index_together],
        "ordering": [str(item) for item in opts.ordering],
        "schema_names": names,
    }


def dump_one(project):
    """Loads `project` in this (fresh) process and prints its JSON line."""
    root = os.path.abspath(python_root(project))
    with open(os.path.join(root, "oracle_apps.txt")) as source:
        installed = [line.strip() for line in source if line.strip()]
    sys.path.insert(0, root)

    import django
    from django.apps import apps
    from django.conf import settings

    settings.configure(
        INSTALLED_APPS=installed,
        DATABASES={"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "x"}},
    )
    django.setup()
    models = [describe(model) for model in apps.get_models()]
    sys.stdout.write(json.dumps({"project": project, "models": models}, ensure_ascii=True))
    sys.stdout.write("\n")
    sys.stdout.flush()


def dump(args):
    if len(args.projects) == 1:
        dump_one(args.projects[0])
        return 0
    # Several projects: import Django once, then load each project in a forked child (a Django
    # process can be configured only once).
    import django.apps  # noqa: F401
    import django.contrib.postgres.indexes  # noqa: F401
    import django.db.backends.postgresql.base  # noqa: F401
    import django.db.backends.postgresql.schema  # noqa: F401
    import django.db.models  # noqa: F401

    status = 0
    for project in args.projects:
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                dump_one(project)
            except BaseException:  # report, and let the parent go on with the next project
                import traceback

                traceback.print_exc()
                code = 1
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
        _, child = os.waitpid(pid, 0)
        if child != 0:
            sys.stderr.write("models_oracle.py: loading %s failed\n" % project)
            status = 1
    return status


def main():
    parser = argparse.ArgumentParser()
    commands = parser.add_subparsers(dest="command", required=True)
    gen = commands.add_parser("generate")
    gen.add_argument("out")
    gen.add_argument("--seed", type=int, default=1)
    gen.add_argument("--projects", type=int, default=25)
    dumper = commands.add_parser("dump")
    dumper.add_argument("projects", nargs="+")
    args = parser.parse_args()
    if args.command == "generate":
        return generate(args)
    return dump(args)


if __name__ == "__main__":
    sys.exit(main())
