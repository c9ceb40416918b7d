SECRET_KEY = 'oracle'
USE_TZ = True
INSTALLED_APPS = [
    'django.contrib.contenttypes',
    'django.contrib.auth',
    'shop',
    'accounts',
]
AUTH_USER_MODEL = 'accounts.User'
