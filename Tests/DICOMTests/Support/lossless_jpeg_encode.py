"""A plain lossless JPEG encoder (ITU-T T.81 process 14, one component) for the decoder tests.

It writes what DCMTK's encoder cannot be asked for: restart intervals (DRI, RST0..7), fill bytes
before markers, a fixed Huffman table whose longest codes are 13 bits, any predictor and point
transform. Usage: lossless_jpeg_encode.py RAW OUT WIDTH HEIGHT PRECISION PREDICTOR PT RESTART_ROWS
(RAW: little-endian 16-bit samples, row-major; RESTART_ROWS 0 for none).
"""
import struct
import sys

raw, out, width, height, precision, predictor, pt, restart_rows = sys.argv[1:]
width, height, precision = int(width), int(height), int(precision)
predictor, pt, restart_rows = int(predictor), int(pt), int(restart_rows)
samples = struct.unpack("<%dH" % (width * height), open(raw, "rb").read())
samples = [s >> pt for s in samples]

# Code lengths: SSSS 0..6 three bits, then 4, 5, ... 13 bits for 7..16 (Kraft sum below 1).
counts = [0] * 17
counts[3] = 7
for length in range(4, 14):
    counts[length] = 1
codes, code = {}, 0
symbol = 0
for length in range(1, 17):
    for _ in range(counts[length]):
        codes[symbol] = (code, length)
        code += 1
        symbol += 1
    code <<= 1


class Bits:
    def __init__(self):
        self.out, self.acc, self.n = bytearray(), 0, 0

    def put(self, value, n):
        for i in range(n - 1, -1, -1):
            self.acc = (self.acc << 1) | ((value >> i) & 1)
            self.n += 1
            if self.n == 8:
                self.out.append(self.acc)
                if self.acc == 0xFF:
                    self.out.append(0)
                self.acc, self.n = 0, 0

    def flush(self):
        while self.n:
            self.put(1, 1)  # pad with 1-bits to a byte


def predict(row, y, x, first_row):
    if first_row:
        return (1 << (precision - pt - 1)) if x == 0 else row[y][x - 1]
    if x == 0:
        return row[y - 1][0]
    a, b, c = row[y][x - 1], row[y - 1][x], row[y - 1][x - 1]
    return [None, a, b, c, a + b - c, a + ((b - c) >> 1), b + ((a - c) >> 1), (a + b) >> 1][predictor]


rows = [samples[y * width:(y + 1) * width] for y in range(height)]
jpeg = bytearray(b"\xff\xd8")
jpeg += b"\xff\xfe" + struct.pack(">H", 2 + 9) + b"densa test"[:9]  # a COM segment to skip
jpeg += b"\xff\xc3" + struct.pack(">HBHHB", 11, precision, height, width, 1) + bytes([1, 0x11, 0])
jpeg += b"\xff\xc4" + struct.pack(">H", 2 + 17 + 17) + bytes([0]) + bytes(counts[1:]) + bytes(range(17))
if restart_rows:
    jpeg += b"\xff\xdd" + struct.pack(">HH", 4, restart_rows * width)
jpeg += b"\xff\xff\xda" + struct.pack(">HB", 8, 1) + bytes([1, 0x00, predictor, 0, pt])  # one fill byte
bits = Bits()
interval_rows = restart_rows or height
for y in range(height):
    if y and y % interval_rows == 0:
        bits.flush()
        jpeg += bits.out + bytes([0xFF, 0xD0 + (y // interval_rows - 1) % 8])
        bits = Bits()
    for x in range(width):
        d = (rows[y][x] - predict(rows, y, x, y % interval_rows == 0)) & 0xFFFF
        if d > 32768:
            d -= 65536
        ssss = abs(d).bit_length()
        code, length = codes[ssss]
        bits.put(code, length)
        if 0 < ssss < 16:
            bits.put(d if d > 0 else d + (1 << ssss) - 1, ssss)
bits.flush()
jpeg += bits.out + b"\xff\xd9"
open(out, "wb").write(jpeg)
