a if b else c if d else e
not a == b
-a ** -b
~a + b
