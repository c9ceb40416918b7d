SECRET_KEY = 'oracle'
USE_TZ = True
INSTALLED_APPS = [
    'helpdesk',
]
DATABASES = {
    'default': {'ENGINE': 'django.db.backends.postgresql', 'NAME': 'drift'},
}
