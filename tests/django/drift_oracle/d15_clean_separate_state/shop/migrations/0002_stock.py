from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('shop', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL('ALTER TABLE shop_product ADD COLUMN stock integer NULL'),
            ],
            state_operations=[
                migrations.AddField(
                    model_name='product',
                    name='stock',
                    field=models.IntegerField(null=True),
                ),
            ],
        ),
    ]
