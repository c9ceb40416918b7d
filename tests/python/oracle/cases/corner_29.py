if x:

    # c

    y

