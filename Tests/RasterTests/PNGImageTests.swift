import Foundation
import Raster
import Testing

@Test func encodedGrayImageStartsWithSignatureAndHeader() {
  let image = PNGImage(width: 3, height: 2, channels: .gray, samples: [0, 128, 255, 10, 20, 30])
  let bytes = [UInt8](image.encoded())
  #expect(Array(bytes[0..<8]) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
  #expect(String(decoding: bytes[12..<16], as: UTF8.self) == "IHDR")
  #expect(Array(bytes[16..<24]) == [0, 0, 0, 3, 0, 0, 0, 2])
  #expect(bytes[24] == 8 && bytes[25] == 0)
  #expect(String(decoding: bytes[(bytes.count - 8)..<(bytes.count - 4)], as: UTF8.self) == "IEND")
}

/// Python's zlib and a hand-rolled PNG reader agree with us: decoding restores every sample.
@Test func pythonDecodesTheSamplesWeWrote() throws {
  let samples = (0..<(5 * 4 * 3)).map { UInt8(($0 * 37) % 256) }
  let image = PNGImage(width: 5, height: 4, channels: .rgb, samples: samples)
  let url = FileManager.default.temporaryDirectory.appendingPathComponent("densa-png-\(UUID()).png")
  try image.write(to: url)
  defer { try? FileManager.default.removeItem(at: url) }
  let script = """
    import sys, zlib, struct
    d = open(sys.argv[1], 'rb').read(); p = 8; idat = b''
    while p < len(d):
        n, = struct.unpack('>I', d[p:p+4]); t = d[p+4:p+8]; body = d[p+8:p+8+n]
        assert zlib.crc32(t + body) == struct.unpack('>I', d[p+8+n:p+12+n])[0]
        if t == b'IDAT': idat += body
        p += 12 + n
    raw = zlib.decompress(idat); w = 15; bpp = 3; rows = []; prior = bytearray(w)
    # Every PNG filter type (ISO/IEC 15948, 9.2), so the test holds whichever the writer picks.
    for r in range(4):
        f = raw[r*(w+1)]; line = bytearray(raw[r*(w+1)+1:(r+1)*(w+1)])
        for i in range(w):
            a = line[i-bpp] if i >= bpp else 0; b = prior[i]; c = prior[i-bpp] if i >= bpp else 0
            if f == 1: line[i] = (line[i] + a) & 255
            elif f == 2: line[i] = (line[i] + b) & 255
            elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
            else: assert f == 0, f
        rows.append(line); prior = line
    print(','.join(str(b) for line in rows for b in line))
    """
  let process = Process()
  process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
  process.arguments = ["python3", "-c", script, url.path]
  let pipe = Pipe()
  process.standardOutput = pipe
  try process.run()
  process.waitUntilExit()
  let out = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
  #expect(process.terminationStatus == 0)
  #expect(out.trimmingCharacters(in: .whitespacesAndNewlines) == samples.map(String.init).joined(separator: ","))
}
