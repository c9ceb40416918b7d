from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [('plain', '0001_initial')]
    operations = []
