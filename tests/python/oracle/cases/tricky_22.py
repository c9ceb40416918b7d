class C(A, *b, k=1, **kw): pass
