SECRET_KEY = 'oracle'
USE_TZ = True
INSTALLED_APPS = [
    'crm',
    'sales',
]
DATABASES = {
    'default': {'ENGINE': 'django.db.backends.postgresql', 'NAME': 'drift'},
}
