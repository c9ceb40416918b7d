import os

TRUE_WORDS = ("1", "true", "yes", "on")


def env_flag(name, default=False):
    raw = os.environ.get(name)
    if raw is None:
        return default
    return raw.strip().lower() in TRUE_WORDS


def env_hosts(name, default=()):
    hosts = []
    for part in os.environ.get(name, ",".join(default)).split(","):
        part = part.strip()
        if not part or part in hosts:
            continue
        hosts.append(part)
    return hosts


def databases(aliases):
    result = {}
    for alias in aliases:
        prefix = alias.upper() + "_DB_"
        result[alias] = {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": os.environ.get(prefix + "NAME", alias),
            "HOST": os.environ.get(prefix + "HOST", "localhost"),
            "PORT": os.environ.get(prefix + "PORT", "5432"),
        }
    return result


def origins(hosts, schemes=("https",)):
    out = []
    for host in hosts:
        if host.startswith("."):
            host = "*" + host
        for scheme in schemes:
            out.append(scheme + "://" + host)
    return out
