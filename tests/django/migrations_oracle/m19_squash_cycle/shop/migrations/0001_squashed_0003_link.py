from django.db import migrations


class Migration(migrations.Migration):
    replaces = [('shop', '0001_initial'), ('shop', '0002_orders'), ('shop', '0003_link')]
    dependencies = [('billing', '0001_initial')]
    operations = []
