from django.db import migrations


def fill(apps, schema_editor):
    Product = apps.get_model('shop', 'Product')
    Product.objects.filter(name='').update(name='?')


class Migration(migrations.Migration):

    dependencies = [
        ('shop', '0001_initial'),
    ]

    operations = [
        migrations.RunSQL('CREATE EXTENSION IF NOT EXISTS pg_trgm', migrations.RunSQL.noop),
        migrations.RunSQL(
            'CREATE INDEX shop_product_name_trgm ON shop_product USING gin (name gin_trgm_ops)',
            'DROP INDEX shop_product_name_trgm',
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
