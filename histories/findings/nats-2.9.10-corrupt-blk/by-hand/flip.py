#!/usr/bin/env python3
"""Flips bit 2 of byte 4 of message 97's sequence in a NATS 2.9 message block (1.blk): 97 -> 97 + 2**34.
Record layout read from the file: u32 length (top bit: has headers), u64 sequence, u64 time, u16 subject length, ..."""
import struct, sys
path = sys.argv[1]
b = bytearray(open(path, 'rb').read())
off = 0
while off + 22 <= len(b):
    rl = struct.unpack_from('<I', b, off)[0] & 0x7fffffff
    seq = struct.unpack_from('<Q', b, off + 4)[0] & ((1 << 62) - 1)
    if rl < 22 or off + rl > len(b):
        break
    if seq == 97:
        b[off + 8] ^= 0x04
        open(path, 'wb').write(b)
        print('message 97 at offset', off, 'now has sequence', struct.unpack_from('<Q', b, off + 4)[0])
        sys.exit(0)
    off += rl
sys.exit('no message 97')
