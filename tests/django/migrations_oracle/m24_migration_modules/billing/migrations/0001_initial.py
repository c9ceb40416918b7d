from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [('nowhere', '0001_initial')]
    operations = []
