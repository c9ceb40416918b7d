from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [('shop', '__first__'), ('plain', '__first__'), ('contenttypes', '__first__')]
    operations = []
