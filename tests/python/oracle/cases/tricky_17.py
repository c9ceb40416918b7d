x[a:b, c]
x[()]
x[a, b]
x[*a]
