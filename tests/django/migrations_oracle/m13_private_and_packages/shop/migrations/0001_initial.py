from django.db import migrations

from shop.migrations._helpers import forward


class Migration(migrations.Migration):
    dependencies = []
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
