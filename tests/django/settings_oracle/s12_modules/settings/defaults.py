HOSTS = ["one.example", "two.example"]
APPS = ["django.contrib.auth", "django.contrib.contenttypes"]
