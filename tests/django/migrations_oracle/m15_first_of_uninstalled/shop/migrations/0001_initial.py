from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [('billing', '__first__')]
    operations = []
