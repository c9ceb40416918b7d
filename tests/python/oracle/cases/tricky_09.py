f'a' 'b' f'c{d}' 'e'
