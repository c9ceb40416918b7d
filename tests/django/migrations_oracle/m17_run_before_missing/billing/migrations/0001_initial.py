from django.db import migrations


class Migration(migrations.Migration):
    dependencies = []
    run_before = [('shop', '0002_gone')]
    operations = []
