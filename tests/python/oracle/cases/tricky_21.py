match x:
    case {1: _, 'a': [b, *_], **rest}: pass
    case C(1, a=b) | D() as e if e: pass
    case -1.5 | 2 - 3j | a.b.c: pass
    case (1,): pass
    case (): pass
    case []: pass
    case [*_]: pass
    case *a, b: pass
