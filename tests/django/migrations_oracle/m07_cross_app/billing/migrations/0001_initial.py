from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [('shop', '0002_orders'), ('auth', '0012_alter_user_first_name_max_length')]
    operations = []
