match x:
    case 1 | 2 | 3 as y: pass
    case [1, [2, 3]] | (4, 5): pass
    case {'a': 1, **r}: pass
    case True | False | None: pass
    case 'a' 'b': pass
    case f.g(): pass
