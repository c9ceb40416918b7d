"""Loads settings/<DJANGO_CONFIGURATION>.py and exposes its settings."""
import importlib
import os

_configuration = os.environ.get("DJANGO_CONFIGURATION", "dev")
_module = importlib.import_module(f"{__name__}.{_configuration}")

for _name in dir(_module):
    if _name.isupper():
        globals()[_name] = getattr(_module, _name)
