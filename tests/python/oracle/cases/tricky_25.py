a = b = c
a, *b = c
(a): int = 1
a.b: int
