from django.db import migrations


class Migration(migrations.Migration):
    replaces = [('shop', '0001_initial'), ('shop', '0002_price'), ('shop', '0003_stock')]
    dependencies = []
    operations = []
