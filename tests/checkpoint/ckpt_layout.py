"""Reading and re-sealing checkpoint files (format 3) for the corruption tests.

Reader walks a checkpoint from its start: skip_header() passes the header, the
WASI block and the memory variant, leaving pos at the GC objects section. seal()
recomputes the trailing FNV-1a checksum, so only the reader's own checks can catch
a change. write_cases() writes DIR/badNNN and the case names to DIR/cases, as
ckpt_lib.sh's resume_corrupted reads them.
"""
import struct


class Reader:
    def __init__(self, data):
        self.b = bytes(data)
        self.pos = 0

    def take(self, n):
        v = self.b[self.pos:self.pos + n]
        self.pos += n
        return v

    def u8(self):
        return self.take(1)[0]

    def u32(self):
        return struct.unpack('<I', self.take(4))[0]

    def u64(self):
        return struct.unpack('<Q', self.take(8))[0]

    def s(self):
        self.take(self.u64())

    def skip_header(self):
        self.take(8); self.u32(); self.u64(); self.s(); self.u64(); self.u64(); self.s(); self.u8(); self.u64()
        if self.u8():  # WASI state
            for _ in range(self.u64()): self.s()
            for _ in range(self.u64()): self.s()
            for _ in range(self.u64()): self.s(); self.s(); self.u8()
            for _ in range(self.u64()):
                self.u8(); self.s(); self.u32(); self.u64(); self.u32(); self.u8(); self.u32(); self.u8(); self.u64(); self.u64()
            self.u64(); self.u64(); self.u64(); self.u8(); self.u64()
        self.u32()  # memory variant


def seal(m):
    h = 0xcbf29ce484222325
    for x in m[:-8]:
        h = ((h ^ x) * 0x100000001b3) & 0xffffffffffffffff
    m[-8:] = struct.pack('<Q', h)
    return m


def patched(b, off, data):
    m = bytearray(b)
    m[off:off + len(data)] = data
    return seal(m)


def write_cases(out, cases):
    for i, (name, m) in enumerate(cases):
        open('%s/bad%03d' % (out, i), 'wb').write(m)
    open(out + '/cases', 'w').write('\n'.join(c[0] for c in cases) + '\n')
