f'{x:%H:%M}'
