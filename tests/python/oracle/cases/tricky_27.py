import a.b.c as d, e
from ...a import (b as c,)
from .... import x
