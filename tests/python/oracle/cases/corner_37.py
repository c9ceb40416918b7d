a = b'\n' b'x'
c = 'a' u'b'
