lambda: 0
lambda x: x
lambda *a, **k: 0
lambda x=(1, 2): x
