"""
Give the indexes of tenants_tenantdomain back the names the migration state
records.

A former migration, 0003_rename_domain_indexes (removed), renamed them with
raw SQL and swallowed every error. Where it ran as the owner of the indexes
(developer databases), they now carry names no migration knows about; where
it did not, there is nothing to do. This migration:

- runs no DDL when the names are already right, which is the case in
  production: the deploy role needs no ownership for it;
- checks ownership before renaming anything, and stops with an explanation
  when the role running it may not rename the index, instead of failing
  half-way through the migration's transaction;
- catches no database error: if a statement fails, the whole migration rolls
  back and the error is the one PostgreSQL reported.
"""
from django.db import migrations

# (name in the migration state, name 0003_rename_domain_indexes gave it)
INDEX_NAMES = [
    ("tenants_dom_domain_6df599_idx", "tenants_ten_domain_f3abe6_idx"),
    ("tenants_dom_tenant__3bd559_idx", "tenants_ten_tenant__f55360_idx"),
]

INDEXES_SQL = """
    SELECT c.relname,
           pg_get_userbyid(c.relowner),
           pg_has_role(current_user, c.relowner, 'USAGE')
      FROM pg_class c
      JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.relkind = 'i'
       AND n.nspname = current_schema()
       AND c.relname = ANY(%s)
"""


def restore_index_names(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(INDEXES_SQL, [[name for pair in INDEX_NAMES for name in pair]])
        found = {name: (owner, may_alter) for name, owner, may_alter in cursor.fetchall()}
        cursor.execute("SELECT current_user")
        (role,) = cursor.fetchone()

        renames = []
        for state_name, renamed in INDEX_NAMES:
            if state_name in found:
                continue
            if renamed not in found:
                raise RuntimeError(
                    f"Index {state_name} is missing from tenants_tenantdomain (and so is "
                    f"{renamed}). The database does not match the migrations; "
                    "recreate the index before deploying."
                )
            owner, may_alter = found[renamed]
            if not may_alter:
                raise RuntimeError(
                    f"Index {renamed} must be renamed to {state_name}, but it is owned by "
                    f"{owner} and this migration runs as {role}. Run the migrations as "
                    f"{owner}, or have {owner} run: GRANT {owner} TO {role};"
                )
            renames.append((renamed, state_name))

        for old_name, new_name in renames:
            cursor.execute(
                "ALTER INDEX IF EXISTS %s RENAME TO %s"
                % (schema_editor.quote_name(old_name), schema_editor.quote_name(new_name))
            )


class Migration(migrations.Migration):

    dependencies = [
        ('tenants', '0002_rename_domain_tenantdomain'),
    ]

    operations = [
        migrations.RunPython(restore_index_names, migrations.RunPython.noop),
    ]
