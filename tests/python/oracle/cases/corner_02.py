[y := f(x), y**2]
[z for x in a if (z := x)]
