x = (  # comment
    1  # one
)
