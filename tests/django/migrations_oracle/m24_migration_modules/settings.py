SECRET_KEY = 'oracle'
USE_TZ = True
INSTALLED_APPS = [
    'django.contrib.contenttypes',
    'django.contrib.auth',
    'shop',
    'billing',
]
MIGRATION_MODULES = {'shop': 'shop.db_migrations', 'billing': None}
