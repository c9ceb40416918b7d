match = 1
match.x = 2
match[1]
case = 3
type = 4
_ = 5
