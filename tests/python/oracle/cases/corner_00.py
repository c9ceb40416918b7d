@a.b(c)
@d
class C: pass
