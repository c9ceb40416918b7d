f'\N{BULLET}{x}\t'
