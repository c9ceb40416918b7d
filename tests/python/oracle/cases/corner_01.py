def f():
    return *a, b
for x in *a, b: pass
