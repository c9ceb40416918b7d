#!/usr/bin/python3
"""The oracle for src/django/names.*: real Django computes the names, preflight must agree.

Run with Debian's /usr/bin/python3 (Django 3.2 and psycopg2):

    /usr/bin/python3 tests/django/oracle/names_oracle.py --seed 1 --count 1200

Each output line is one JSON object (ASCII, non-ASCII escaped) for one generated case:

  "models": a small app made of real Django model classes (a target model, the model under test
      with fields, foreign keys, Meta.indexes, unique_together, index_together, db_table or not,
      and the auto-created ManyToMany tables), each with its inputs (app label, class name,
      explicit db_table, fields with their columns and column types) and what Django computed:
      `model_name`, `db_table`, every `Meta.indexes` name (Index.set_name_with_model, run by
      ModelBase when the class is created), and `schema_names`, the name of every index and
      constraint the PostgreSQL schema editor emits for CREATE TABLE (table_sql's deferred
      unique_together and foreign keys, then _model_indexes_sql: db_index fields, their _like
      twins, index_together, Meta.indexes).
  "calls": direct calls of the naming functions with random, often hostile inputs
      (truncate_name, names_digest, split_identifier, strip_quotes, _create_index_name with several
      length limits and suffixes, set_name_with_model with arbitrary columns and Index suffixes).

Nothing connects to a database: the PostgreSQL backend is configured but only its operations and
schema-editor classes are used. `connection.ops.max_name_length` is replaced per case to reproduce
PostgreSQL (63), MySQL (64), Oracle (30), SQLite (None, which _create_index_name reads as 200) and
arbitrary limits.
"""

import argparse
import json
import random
import sys
import types

# Characters that are valid in Python identifiers and stable under NFKC (Python normalises
# identifiers in source code with NFKC; these are what a parser would hand over unchanged).
NON_ASCII_LETTERS = "éñßøåçüλжёπ中文"
# First characters that Python's str.isdigit() accepts (superscript, Arabic-Indic, fullwidth,
# circled) and one numeric that it rejects (vulgar fraction one half).
UNICODE_DIGITS = ["²", "١", "٣", "２", "①", "𝟗"]
NOT_DIGITS = ["½", "Ⅻ"]

LIMITS = [63, 63, 63, 64, 30, None]  # PostgreSQL is the common case


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--count", type=int, default=1200)
    args = parser.parse_args()

    import django
    from django.conf import settings

    settings.configure(
        DATABASES={
            "default": {"ENGINE": "django.db.backends.postgresql", "NAME": "preflight_oracle"}
        },
        INSTALLED_APPS=[],
        DEFAULT_AUTO_FIELD="django.db.models.AutoField",
        USE_TZ=True,
    )
    django.setup()

    rng = random.Random(args.seed)
    out = sys.stdout
    for number in range(args.count):
        case = {"case": number, "django": django.get_version()}
        case["models"] = generate_models(rng)
        case["calls"] = generate_calls(rng)
        out.write(json.dumps(case, ensure_ascii=True, sort_keys=True))
        out.write("\n")
    return 0


# ---- random names --------------------------------------------------------------------------------


def identifier(rng, low, high, non_ascii=0.0, leading_underscore=0.0):
    """A Python identifier of low..high characters (lower case, digits, underscores)."""
    length = rng.randint(low, high)
    if length == 0:
        return ""
    alphabet = "abcdefghijklmnopqrstuvwxyz" * 3 + "0123456789_"
    chars = [rng.choice(alphabet) for _ in range(length)]
    if rng.random() < non_ascii:
        for _ in range(rng.randint(1, 3)):
            chars[rng.randrange(length)] = rng.choice(NON_ASCII_LETTERS)
    if chars[0].isdigit():
        chars[0] = rng.choice("abcdefghijklmnopqrstuvwxyz")
    if rng.random() < leading_underscore:
        chars[0] = "_"
    return "".join(chars)


def field_name(rng, taken):
    """A field name Django accepts at class creation: not `id`/`pk`, no trailing `_`, no `__`."""
    while True:
        shape = rng.random()
        if shape < 0.55:
            name = identifier(rng, 1, 12, non_ascii=0.04)
        elif shape < 0.85:
            name = identifier(rng, 10, 40, non_ascii=0.04)
        else:
            name = identifier(rng, 40, 75, non_ascii=0.04)
        name = name.rstrip("_")
        while "__" in name:
            name = name.replace("__", "_")
        if name and not name.startswith("_") and name not in ("id", "pk") and name not in taken:
            taken.add(name)
            return name


def class_name(rng):
    shape = rng.random()
    if shape < 0.7:
        words = rng.randint(1, 3)
    elif shape < 0.9:
        words = rng.randint(4, 7)
    else:
        words = rng.randint(8, 14)
    name = "".join(identifier(rng, 2, 9).replace("_", "x").capitalize() for _ in range(words))
    if rng.random() < 0.03:
        name += rng.choice(["Café", "Straße", "Ünïcode"])  # model_name_for says "unknown"
    return name


def app_label(rng):
    shape = rng.random()
    if shape < 0.75:
        return identifier(rng, 2, 12)
    if shape < 0.9:
        return identifier(rng, 12, 40)
    return identifier(rng, 1, 8, leading_underscore=1.0)


def table_name(rng):
    """An explicit Meta.db_table, from the ordinary to the hostile."""
    shape = rng.random()
    base = identifier(rng, 3, 30, non_ascii=0.05)
    if shape < 0.35:
        return base
    if shape < 0.45:
        return rng.choice("0123456789") + base  # "2fa_device": Index names get a "D"
    if shape < 0.5:
        return "_" + base
    if shape < 0.55:
        return rng.choice(UNICODE_DIGITS + NOT_DIGITS) + base
    if shape < 0.68:
        return identifier(rng, 55, 130, non_ascii=0.05)  # long: truncations and shortened names
    if shape < 0.78:
        return '"%s"."%s"' % (identifier(rng, 2, 10), base)  # schema-qualified
    if shape < 0.82:
        return '"%s"' % base  # quoted
    if shape < 0.85:
        return '"a"."b"."%s"' % base  # two separators: split_identifier gives up
    if shape < 0.9:
        return base.upper()
    return "%s_%s" % (identifier(rng, 2, 8), identifier(rng, 2, 12))


def column_name(rng):
    shape = rng.random()
    if shape < 0.6:
        return identifier(rng, 1, 20, non_ascii=0.05)
    if shape < 0.75:
        return identifier(rng, 30, 80)
    if shape < 0.85:
        return rng.choice("0123456789") + identifier(rng, 1, 10)
    if shape < 0.9:
        return "_" + identifier(rng, 1, 10)
    return identifier(rng, 1, 10).upper()


# ---- models --------------------------------------------------------------------------------------


def generate_models(rng):
    from django.apps.registry import Apps
    from django.contrib.postgres.fields import ArrayField
    from django.contrib.postgres import indexes as pg_indexes
    from django.db import connection, models

    limit = rng.choice(LIMITS)
    # Options.contribute_to_class reads the default connection's limit when the class is built.
    connection.ops.max_name_length = lambda: limit
    apps = Apps()
    label = app_label(rng)

    def meta(**options):
        options.setdefault("app_label", label)
        options["apps"] = apps
        return type("Meta", (), options)

    # The target of foreign keys: an AutoField id, or a CharField primary key (whose foreign keys
    # are varchar columns and so get _like indexes too).
    target_attrs = {"__module__": "preflight_oracle"}
    target_meta = {}
    if rng.random() < 0.4:
        target_meta["db_table"] = table_name(rng)
    pk_kind = rng.random()
    if pk_kind < 0.25:
        options = {"max_length": rng.randint(5, 60), "primary_key": True}
        if rng.random() < 0.3:
            options["db_column"] = column_name(rng)
        target_attrs[field_name(rng, set())] = models.CharField(**options)
    elif pk_kind < 0.35:
        target_attrs["id"] = models.BigAutoField(primary_key=True)
    elif pk_kind < 0.4:
        target_attrs["uuid"] = models.UUIDField(primary_key=True)
    target_attrs["title"] = models.CharField(max_length=20)
    target_attrs["Meta"] = meta(**target_meta)
    target = type(class_name(rng) + "Target", (models.Model,), target_attrs)

    taken = set()
    attrs = {"__module__": "preflight_oracle"}
    field_names = []  # concrete fields usable in indexes and unique_together
    for _ in range(rng.randint(1, 6)):
        name = field_name(rng, taken)
        options = {}
        if rng.random() < 0.15:
            options["db_column"] = column_name(rng)
        kind = rng.random()
        if kind < 0.25:
            options["max_length"] = rng.randint(1, 255)
            options["db_index"] = rng.random() < 0.35
            options["unique"] = rng.random() < 0.15
            field = models.CharField(**options)
        elif kind < 0.33:
            options["db_index"] = rng.random() < 0.5
            field = models.TextField(**options)
        elif kind < 0.43:
            options["db_index"] = rng.random() < 0.3
            options["unique"] = rng.random() < 0.1
            field = models.IntegerField(**options)
        elif kind < 0.5:
            if rng.random() < 0.2:
                options["db_index"] = False
            field = models.SlugField(**options)  # db_index=True by default
        elif kind < 0.53:
            options["db_index"] = rng.random() < 0.5
            field = models.EmailField(**options)
        elif kind < 0.57:
            options["db_index"] = rng.random() < 0.4
            field = models.DateTimeField(**options)
        elif kind < 0.75:
            if rng.random() < 0.2:
                options["db_index"] = False
            if rng.random() < 0.1:
                options["db_constraint"] = False
            field = models.ForeignKey(target, on_delete=models.CASCADE, **options)
        elif kind < 0.8:
            field = models.OneToOneField(target, on_delete=models.CASCADE, **options)
        elif kind < 0.84:
            options["unique"] = rng.random() < 0.5
            field = models.UUIDField(**options)
        elif kind < 0.88:
            options["db_index"] = True
            field = ArrayField(models.CharField(max_length=10), **options)  # no _like for arrays
        elif kind < 0.91:
            options["db_index"] = True
            field = models.GenericIPAddressField(**options)
        elif kind < 0.94:
            options["db_index"] = True
            field = models.FileField(**options)  # varchar(100)
        else:
            field = models.ManyToManyField(
                "self" if rng.random() < 0.3 else target, symmetrical=False
            )
        attrs[name] = field
        if not isinstance(field, models.ManyToManyField):
            field_names.append(name)

    main_meta = {}
    if rng.random() < 0.4:
        main_meta["db_table"] = table_name(rng)
    index_classes = [models.Index] * 8 + [
        pg_indexes.BTreeIndex,
        pg_indexes.GinIndex,
        pg_indexes.GistIndex,
        pg_indexes.HashIndex,
        pg_indexes.BrinIndex,
        pg_indexes.SpGistIndex,
        pg_indexes.BloomIndex,
    ]
    indexes = []
    if field_names:
        for _ in range(rng.choice([0, 1, 1, 2, 3])):
            chosen = rng.sample(field_names, rng.randint(1, min(3, len(field_names))))
            written = []
            for name in chosen:
                # A ForeignKey may be named by its attname ("tenant_id") as well.
                if isinstance(attrs[name], models.ForeignKey) and rng.random() < 0.3:
                    name += "_id"
                written.append(("-" if rng.random() < 0.3 else "") + name)
            indexes.append(rng.choice(index_classes)(fields=written))
        if indexes:
            main_meta["indexes"] = indexes
        for option in ("unique_together", "index_together"):
            groups = []
            for _ in range(rng.choice([0, 0, 1, 2])):
                groups.append(
                    tuple(rng.sample(field_names, rng.randint(1, min(3, len(field_names)))))
                )
            if groups:
                main_meta[option] = groups
    attrs["Meta"] = meta(**main_meta)
    main_model = type(class_name(rng), (models.Model,), attrs)

    described = [describe(target, None, limit), describe(main_model, None, limit)]
    for field in main_model._meta.local_many_to_many:
        described.append(describe(field.remote_field.through, field, limit))
    return described


def describe(model, m2m_field, limit):
    from django.db import connection, models

    opts = model._meta
    record = {
        "app_label": opts.app_label,
        "object_name": opts.object_name,
        "model_name": opts.model_name,
        "limit": limit,
        "db_table": opts.db_table,
        "db_table_given": None,
        "m2m": None,
    }
    if m2m_field is not None:
        record["m2m"] = {"from_table": m2m_field.model._meta.db_table, "field": m2m_field.name}
    elif opts.original_attrs.get("db_table"):
        record["db_table_given"] = opts.original_attrs["db_table"]

    fields = []
    for field in opts.local_fields:
        entry = {
            "name": field.name,
            "attname": field.attname,
            "column": field.column,
            "db_column": field.db_column,
            "db_type": field.db_type(connection),
            "db_index": field.db_index,
            "unique": field.unique,
            "primary_key": field.primary_key,
            "fk": None,
        }
        if field.remote_field is not None and isinstance(field, models.ForeignKey):
            target_field = field.target_field
            entry["fk"] = {
                "table": target_field.model._meta.db_table,
                "column": target_field.column,
                "db_constraint": field.db_constraint,
            }
        fields.append(entry)
    record["fields"] = fields

    record["indexes"] = [
        {
            "class": type(index).__name__,
            "suffix": index.suffix,
            "max_name_length": index.max_name_length,
            "fields": list(index.fields),
            "name": index.name,
        }
        for index in opts.indexes
    ]
    record["unique_together"] = [
        [opts.get_field(name).column for name in group] for group in opts.unique_together
    ]
    record["index_together"] = [
        [opts.get_field(name).column for name in group] for group in opts.index_together
    ]
    record["schema_names"] = schema_names(model)
    return record


def schema_names(model):
    """The names of the indexes and constraints CREATE TABLE brings, in Django's order."""
    from django.db import connection

    editor = connection.schema_editor(collect_sql=True)
    editor.deferred_sql = []  # what __enter__ would set; it is never entered, so nothing connects
    editor.table_sql(model)  # queues unique_together and foreign keys on deferred_sql
    statements = list(editor.deferred_sql) + list(editor._model_indexes_sql(model))
    names = []
    for statement in statements:
        name = str(statement.parts["name"])
        # quote_name() wrapped it: '"name"'.
        names.append(name[1:-1] if name.startswith('"') and name.endswith('"') else name)
    return names


# ---- direct calls --------------------------------------------------------------------------------


def hostile_string(rng):
    shape = rng.random()
    if shape < 0.3:
        return identifier(rng, 0, 20, non_ascii=0.1)
    if shape < 0.5:
        return identifier(rng, 40, 140, non_ascii=0.1)
    if shape < 0.6:
        return rng.choice(UNICODE_DIGITS + NOT_DIGITS + ["_", "0", "9", "-"]) + identifier(
            rng, 0, 12
        )
    if shape < 0.75:
        return '"%s"."%s"' % (identifier(rng, 0, 8), identifier(rng, 0, 90))
    if shape < 0.8:
        return rng.choice(['"', '""', '"x', 'x"', '"."', '"a"."b"."c"', "a.b", ""])
    if shape < 0.9:
        return "".join(rng.choice("ab_\"'.- 9éλ中😀") for _ in range(rng.randint(0, 25)))
    return identifier(rng, 1, 30) + "😀" + identifier(rng, 0, 40)


def generate_calls(rng):
    from django.db import connection
    from django.db.backends import utils
    from django.db.models import Index

    calls = []
    for _ in range(2):
        identifier_ = hostile_string(rng)
        length = rng.choice([None, 63, 30, 64, 10, 4, 1, 0, rng.randint(0, 150)])
        hash_len = rng.choice([4, 4, 4, 0, 2, 8, 40])
        calls.append(
            {
                "fn": "truncate_name",
                "identifier": identifier_,
                "length": length,
                "hash_len": hash_len,
                "result": utils.truncate_name(identifier_, length, hash_len),
            }
        )
    parts = [hostile_string(rng) for _ in range(rng.randint(0, 5))]
    length = rng.choice([4, 6, 8, 32, 40])
    calls.append(
        {
            "fn": "names_digest",
            "parts": parts,
            "length": length,
            "result": utils.names_digest(*parts, length=length),
        }
    )
    text = hostile_string(rng)
    calls.append({"fn": "split_identifier", "identifier": text,
                  "result": list(utils.split_identifier(text))})
    calls.append({"fn": "strip_quotes", "identifier": text, "result": utils.strip_quotes(text)})

    for _ in range(3):
        limit = rng.choice([63, 63, 64, 30, None, 0, rng.randint(1, 120)])
        connection.ops.max_name_length = lambda: limit
        editor = connection.schema_editor(collect_sql=True)
        table = rng.choice([hostile_string(rng), table_name(rng)])
        columns = [rng.choice([column_name(rng), hostile_string(rng)])
                   for _ in range(rng.choice([0, 1, 1, 1, 2, 3, 5]))]
        suffix = rng.choice(
            ["", "", "_like", "_uniq", "_idx", "_check", "_pk",
             "_fk_%s_%s" % (identifier(rng, 2, 70), identifier(rng, 1, 20)), hostile_string(rng)]
        )
        calls.append(
            {
                "fn": "create_index_name",
                "table": table,
                "columns": columns,
                "suffix": suffix,
                "limit": limit,
                "result": editor._create_index_name(table, columns, suffix=suffix),
            }
        )

    # Limits met exactly and missed by one: a name of exactly max_length characters is kept, and
    # a digest+suffix of exactly max_length / 3 characters is not cut.
    limit = rng.choice([30, 63, 64, 200, rng.randint(12, 120)])
    connection.ops.max_name_length = lambda: limit
    editor = connection.schema_editor(collect_sql=True)
    columns = [identifier(rng, 1, 12) for _ in range(rng.randint(1, 2))]
    if rng.random() < 0.5:
        suffix = "_" * max(0, limit // 3 - 8 + rng.choice([-1, 0, 0, 1]))
        table = identifier(rng, limit, limit + 20, leading_underscore=0.3)
    else:
        suffix = rng.choice(["", "_uniq", "_like"])
        fixed = len("__".join(columns)) + 2 + 8 + len(suffix)
        table = identifier(rng, max(1, limit - fixed + rng.choice([-1, 0, 0, 1])),
                           max(1, limit - fixed + 1), leading_underscore=0.3)
    calls.append(
        {
            "fn": "create_index_name",
            "table": table,
            "columns": columns,
            "suffix": suffix,
            "limit": limit,
            "result": editor._create_index_name(table, columns, suffix=suffix),
        }
    )
    name = identifier(rng, 1, 80, non_ascii=0.2)
    length = len(name) + rng.choice([-1, 0, 0, 1])
    calls.append(
        {
            "fn": "truncate_name",
            "identifier": name,
            "length": length,
            "hash_len": 4,
            "result": utils.truncate_name(name, length, 4),
        }
    )

    # Index.set_name_with_model on a stand-in model: any table, any columns, any Index suffix.
    table = rng.choice([hostile_string(rng), table_name(rng)])
    columns = [rng.choice([column_name(rng), hostile_string(rng)])
               for _ in range(rng.randint(1, 4))]
    orders = [rng.random() < 0.3 for _ in columns]
    suffix = rng.choice(["idx", "idx", "btree", "gin", "spgist", "x", "", "toolong", "é"])
    max_length = rng.choice([30, 30, 27 + len(suffix), rng.randint(10, 40)])
    index_class = type("OracleIndex", (Index,), {"suffix": suffix, "max_name_length": max_length})
    by_name = {"f%d" % i: column for i, column in enumerate(columns)}
    index = index_class(fields=[("-" if desc else "") + "f%d" % i for i, desc in enumerate(orders)])
    model = types.SimpleNamespace(
        _meta=types.SimpleNamespace(
            db_table=table,
            get_field=lambda name: types.SimpleNamespace(column=by_name[name]),
        )
    )
    try:
        index.set_name_with_model(model)
        result = index.name
    except (AssertionError, ValueError):
        result = None
    calls.append(
        {
            "fn": "index_name",
            "table": table,
            "columns": [[column, desc] for column, desc in zip(columns, orders)],
            "suffix": suffix,
            "max_name_length": max_length,
            "result": result,
        }
    )
    return calls


if __name__ == "__main__":
    sys.exit(main())
