x = [i for i in a if b if c for j in d]
