x = not not a
y = - - - b
z = +~a
