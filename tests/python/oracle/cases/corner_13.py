f'{a["b"]:>{width}}'
