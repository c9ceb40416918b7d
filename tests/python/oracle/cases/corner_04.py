a < b == c is not d not in e in f is g
