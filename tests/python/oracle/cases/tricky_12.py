print(*a, **k, sep='')
f(a)(b)[c].d
