SECRET_KEY = 'oracle'
USE_TZ = True
INSTALLED_APPS = [
    'crm',
]
DATABASES = {
    'default': {'ENGINE': 'django.db.backends.postgresql', 'NAME': 'drift'},
}
DEFAULT_AUTO_FIELD = 'django.db.models.BigAutoField'
