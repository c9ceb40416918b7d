"""
Rename the indexes of tenants_tenantdomain to the names Django generates for
the renamed table, so the database matches the model again.

Raw SQL instead of RemoveIndex/AddIndex: renaming is instant, rebuilding is
not. Errors are reported and skipped so that a deploy is never blocked by a
cosmetic index name.
"""
from django.db import migrations

INDEX_RENAMES = [
    ("tenants_dom_domain_6df599_idx", "tenants_ten_domain_f3abe6_idx"),
    ("tenants_dom_tenant__3bd559_idx", "tenants_ten_tenant__f55360_idx"),
]


def rename_indexes(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        for old_name, new_name in INDEX_RENAMES:
            try:
                cursor.execute(f'ALTER INDEX "{old_name}" RENAME TO "{new_name}"')  # expect: PF211
                print(f"  Renamed index {old_name} -> {new_name}")
            except Exception as exc:  # expect: PF210
                print(f"  Could not rename index {old_name}: {exc}".rstrip())


class Migration(migrations.Migration):

    dependencies = [
        ('tenants', '0002_rename_domain_tenantdomain'),
    ]

    operations = [
        migrations.RunPython(rename_indexes, migrations.RunPython.noop),
    ]
