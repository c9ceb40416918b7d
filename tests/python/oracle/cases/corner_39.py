print(x, end='')
print >>f, x
