'\N{BULLET}'
b'\x00\xff'
u''
rb'\d'
