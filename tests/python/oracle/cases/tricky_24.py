del (a), [b, c]
