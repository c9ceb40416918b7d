#!/usr/bin/env python3
"""Writes a synthetic Django project for the whole-process benchmark (bench/check_project.sh).

    bench/gen_project.py OUT_DIR --apps N --models M --migrations K [--seed S]

N apps, each with M models (fields, foreign keys, Meta indexes and constraints) spread over
K migrations, plus what real apps also hold and preflight need not parse: admin, serializers,
tests, utilities. Settings read from the environment, a URL conf with a health endpoint, wsgi, and a
deployment (Dockerfile, compose file, a test and a deploy workflow) complete it.
The project is never imported; the content only has to look like real code of real sizes.
"""

import argparse
import os
import random

FIELD_KINDS = [
    "models.CharField(max_length={n})",
    "models.TextField(blank=True)",
    "models.IntegerField(default=0)",
    "models.BooleanField(default=False)",
    "models.DateTimeField(auto_now_add=True)",
    "models.DecimalField(max_digits=10, decimal_places=2)",
    "models.SlugField(max_length={n})",
    "models.EmailField(blank=True)",
]


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as out:
        out.write(text)


def model_source(rng, app, index, models_per_app):
    name = "Model%d" % index
    lines = ["class %s(models.Model):" % name, '    """%s of %s."""' % (name, app), ""]
    fields = []
    for f in range(rng.randint(4, 9)):
        field = "field_%d" % f
        fields.append(field)
        lines.append("    %s = %s" % (field, rng.choice(FIELD_KINDS).format(n=rng.randint(20, 200))))
    if index > 0:
        lines.append("    parent = models.ForeignKey(Model%d, on_delete=models.CASCADE)" % rng.randrange(index))
    lines += [
        "",
        "    class Meta:",
        '        ordering = ["-%s"]' % fields[0],
        "        indexes = [",
        '            models.Index(fields=["%s"], name="%s_m%d_%s_idx"),' % (fields[1], app[:8], index, "f1"),
        "        ]",
        "        constraints = [",
        '            models.UniqueConstraint(fields=["%s", "%s"], name="%s_m%d_uniq"),'
        % (fields[0], fields[2], app[:8], index),
        "        ]",
        "",
        "    def __str__(self):",
        "        return str(self.%s)" % fields[0],
        "",
        "    def describe(self):",
        '        parts = [f"{k}={v!r}" for k, v in self.__dict__.items() if not k.startswith("_")]',
        '        return ", ".join(parts)',
        "",
        "",
    ]
    return "\n".join(lines)


def migration_source(rng, app, number, models_in_migration, previous):
    deps = '[("%s", "%s")]' % (app, previous) if previous else "[]"
    ops = []
    for index in models_in_migration:
        fields = ",\n".join(
            '                ("field_%d", models.CharField(max_length=%d))' % (f, rng.randint(20, 200))
            for f in range(rng.randint(4, 9))
        )
        ops.append(
            "        migrations.CreateModel(\n"
            '            name="Model%d",\n'
            "            fields=[\n"
            '                ("id", models.AutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),\n'
            "%s,\n"
            "            ],\n"
            '            options={"ordering": ["-field_0"]},\n'
            "        )," % (index, fields)
        )
    if not ops:
        ops.append(
            '        migrations.AddField(model_name="model0", name="extra_%d", '
            "field=models.IntegerField(default=0))," % number
        )
    return (
        "from django.db import migrations, models\n\n\n"
        "class Migration(migrations.Migration):\n"
        "    dependencies = %s\n\n"
        "    operations = [\n%s\n    ]\n" % (deps, "\n".join(ops))
    )


def filler(rng, kind, app, count):
    """Code preflight does not need: tests, serializers, admin, helpers."""
    out = ["from %s.models import *  # noqa\n\n" % app]
    for i in range(count):
        out.append(
            "class %s%d:\n"
            "    def run(self, items):\n"
            "        total = 0\n"
            "        for item in items:\n"
            "            if item and item.get('value') is not None:\n"
            "                total += item['value'] * %d\n"
            "        return {'kind': %r, 'total': total, 'count': len(items)}\n\n" % (kind, i, rng.randint(1, 9), kind)
        )
    return "".join(out)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--apps", type=int, default=10)
    parser.add_argument("--models", type=int, default=10, help="models per app")
    parser.add_argument("--migrations", type=int, default=10, help="migrations per app")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    root = args.out
    apps = ["app_%03d" % a for a in range(args.apps)]

    write(os.path.join(root, "manage.py"),
          "#!/usr/bin/env python\nimport os, sys\n\nif __name__ == '__main__':\n"
          "    os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings')\n"
          "    from django.core.management import execute_from_command_line\n"
          "    execute_from_command_line(sys.argv)\n")
    write(os.path.join(root, "config", "__init__.py"), "")
    write(os.path.join(root, "config", "settings.py"),
          "import os\n\n"
          "SECRET_KEY = os.environ['SECRET_KEY']\n"
          "DEBUG = os.environ.get('DEBUG', '0') == '1'\n"
          "ALLOWED_HOSTS = os.environ.get('ALLOWED_HOSTS', 'example.com,localhost').split(',')\n"
          "INSTALLED_APPS = [\n    'django.contrib.auth',\n    'django.contrib.contenttypes',\n"
          "    'django.contrib.sessions',\n%s]\n"
          "MIDDLEWARE = [\n"
          "    'django.middleware.security.SecurityMiddleware',\n"
          "    'django.contrib.sessions.middleware.SessionMiddleware',\n"
          "    'django.middleware.common.CommonMiddleware',\n"
          "    'django.middleware.csrf.CsrfViewMiddleware',\n"
          "    'django.contrib.auth.middleware.AuthenticationMiddleware',\n]\n"
          "ROOT_URLCONF = 'config.urls'\n"
          "SECURE_SSL_REDIRECT = not DEBUG\n"
          "SECURE_REDIRECT_EXEMPT = [r'^healthz/$']\n"
          "SECURE_PROXY_SSL_HEADER = ('HTTP_X_FORWARDED_PROTO', 'https')\n"
          "SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = not DEBUG\n"
          "DATABASES = {'default': {\n"
          "    'ENGINE': 'django.db.backends.postgresql',\n"
          "    'NAME': os.environ.get('POSTGRES_DB', 'app'),\n"
          "    'HOST': os.environ.get('POSTGRES_HOST', 'db'),\n"
          "    'PASSWORD': os.environ.get('POSTGRES_PASSWORD', ''),\n}}\n"
          % "".join("    %r,\n" % a for a in apps))
    write(os.path.join(root, "config", "health.py"),
          "from django.http import JsonResponse\n\n\ndef healthz(request):\n"
          "    return JsonResponse({'status': 'ok'})\n")
    write(os.path.join(root, "config", "urls.py"),
          "from django.urls import include, path\n\nfrom config.health import healthz\n\n"
          "urlpatterns = [\n    path('healthz/', healthz),\n%s]\n"
          % "".join("    path(%r, include(%r)),\n" % (a + "/", a + ".urls") for a in apps))
    write(os.path.join(root, "config", "wsgi.py"),
          "import os\nfrom django.core.wsgi import get_wsgi_application\n"
          "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings')\n"
          "application = get_wsgi_application()\n")
    # A deployment the deploy rules (PF5xx) walk: an image with a health check, a compose file
    # with the database and the web service, a test job with a database service and a deploy job
    # that migrates and checks health over ssh.
    write(os.path.join(root, "Dockerfile"),
          "FROM python:3.11-slim\nWORKDIR /app\nCOPY . /app\n"
          "ENV DJANGO_SETTINGS_MODULE=config.settings\n"
          "HEALTHCHECK CMD curl -fsS http://localhost:8000/healthz/ || exit 1\n"
          "CMD [\"gunicorn\", \"config.wsgi\", \"--bind\", \"0.0.0.0:8000\"]\n")
    write(os.path.join(root, "docker-compose.yml"),
          "services:\n"
          "  db:\n    image: postgres:15\n    environment:\n      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD}\n"
          "  web:\n    build: .\n    ports:\n      - \"8000:8000\"\n"
          "    environment:\n      SECRET_KEY: ${SECRET_KEY}\n      POSTGRES_HOST: db\n"
          "      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD}\n"
          "    healthcheck:\n"
          "      test: [\"CMD\", \"curl\", \"-fsS\", \"http://localhost:8000/healthz/\"]\n"
          "    depends_on: [db]\n")
    write(os.path.join(root, ".github", "workflows", "ci.yml"),
          "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n"
          "    services:\n      postgres:\n        image: postgres:15\n"
          "        env:\n          POSTGRES_PASSWORD: postgres\n"
          "    env:\n      SECRET_KEY: test\n      POSTGRES_HOST: localhost\n"
          "      POSTGRES_PASSWORD: postgres\n"
          "    steps:\n"
          "      - uses: actions/checkout@v4\n      - run: python manage.py test\n"
          "  deploy:\n    needs: test\n    runs-on: ubuntu-latest\n    environment: production\n"
          "    steps:\n"
          "      - uses: appleboy/ssh-action@v1\n        with:\n"
          "          host: ${{ secrets.HOST }}\n          script: |\n"
          "            cd /srv/app && docker compose up -d --build\n"
          "            docker compose exec -T web python manage.py migrate --noinput\n"
          "            curl -fsS -H 'X-Forwarded-Proto: https' http://localhost:8000/healthz/\n")

    for app in apps:
        base = os.path.join(root, app)
        write(os.path.join(base, "__init__.py"), "")
        write(os.path.join(base, "apps.py"),
              "from django.apps import AppConfig\n\n\nclass Config(AppConfig):\n    name = %r\n" % app)
        write(os.path.join(base, "models.py"),
              "from django.db import models\n\n\n"
              + "".join(model_source(rng, app, i, args.models) for i in range(args.models)))
        write(os.path.join(base, "urls.py"),
              "from django.urls import path\nfrom . import views\n\nurlpatterns = [path('', views.index)]\n")
        write(os.path.join(base, "views.py"),
              "from django.http import JsonResponse\n\n\ndef index(request):\n"
              "    return JsonResponse({'ok': True})\n")
        write(os.path.join(base, "admin.py"), filler(rng, "Admin", app, 3 * args.models))
        write(os.path.join(base, "serializers.py"), filler(rng, "Serializer", app, 4 * args.models))
        write(os.path.join(base, "tests.py"), filler(rng, "Test", app, 8 * args.models))
        write(os.path.join(base, "utils.py"), filler(rng, "Helper", app, 2 * args.models))
        write(os.path.join(base, "migrations", "__init__.py"), "")
        previous = None
        per = [[] for _ in range(max(args.migrations, 1))]
        for i in range(args.models):
            per[min(i * len(per) // max(args.models, 1), len(per) - 1)].append(i)
        for number in range(args.migrations):
            name = "%04d_auto" % (number + 1)
            write(os.path.join(base, "migrations", name + ".py"),
                  migration_source(rng, app, number, per[number], previous))
            previous = name


if __name__ == "__main__":
    main()
