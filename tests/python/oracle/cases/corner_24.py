while 1:
    if x: break
    else: continue
else:
    pass
