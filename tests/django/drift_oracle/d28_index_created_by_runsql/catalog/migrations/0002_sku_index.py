from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('catalog', '0001_initial'),
    ]

    operations = [
        migrations.RunSQL(
            'CREATE INDEX item_sku_idx ON catalog_item (sku)',
            'DROP INDEX item_sku_idx',
        ),
    ]
