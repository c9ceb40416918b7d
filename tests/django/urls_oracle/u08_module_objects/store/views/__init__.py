from .catalogue import index, item
from .archive import archive

__all__ = ["index", "item", "archive"]
