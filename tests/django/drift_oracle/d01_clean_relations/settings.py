SECRET_KEY = 'oracle'
USE_TZ = True
INSTALLED_APPS = [
    'django.contrib.contenttypes',
    'django.contrib.auth',
    'blog',
]
DATABASES = {
    'default': {'ENGINE': 'django.db.backends.postgresql', 'NAME': 'drift'},
}
