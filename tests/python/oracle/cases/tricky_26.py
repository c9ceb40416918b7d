global a, b
def f():
    nonlocal c
