SECRET_KEY = 'oracle'
USE_TZ = True
INSTALLED_APPS = [
    'shop',
]
DATABASES = {
    'default': {'ENGINE': 'django.db.backends.postgresql', 'NAME': 'drift'},
}
