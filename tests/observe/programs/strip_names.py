# Copies a wasm binary without its "name" custom section (the form clang -O1
# produces through wasm-opt, but with DWARF that still has addresses).
import sys

def leb(d, i):
    v = s = 0
    while True:
        b = d[i]; i += 1
        v |= (b & 0x7f) << s; s += 7
        if b < 0x80:
            return v, i

d = open(sys.argv[1], 'rb').read()
out = bytearray(d[:8])
i = 8
while i < len(d):
    start = i
    sid = d[i]; i += 1
    n, i = leb(d, i)
    body = d[i:i + n]
    i += n
    if sid == 0:
        ln, j = leb(body, 0)
        if body[j:j + ln] == b'name':
            continue
    out += d[start:i]
open(sys.argv[2], 'wb').write(out)
