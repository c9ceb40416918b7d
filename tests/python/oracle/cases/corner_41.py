match x, y:
    case a, b: pass
match -x:
    case _: pass
match (x):
    case {}: pass
