/**
 * Image files for the evidence tests, made here with sharp (nothing checked in): a photograph with GPS and camera
 * tags, a PNG with a text chunk, a TIFF, two polyglots, an SVG, a decompression bomb's header, a truncated file.
 */
import zlib from 'node:zlib';
import sharp from 'sharp';

/** A noisy picture (so encoders have work) of the given size. */
function pixels(width: number, height: number, seed = 1) {
  const data = Buffer.alloc(width * height * 3);
  for (let i = 0; i < data.length; i++) data[i] = ((i + seed) * 2654435761) >>> 24;
  return sharp(data, { raw: { width, height, channels: 3 } });
}

/** A JPEG with GPS position, camera make and model, and orientation 6 (turned: stored 600 × 400, shown 400 × 600). */
export function gpsJpeg(seed = 1): Promise<Buffer> {
  return pixels(600, 400, seed)
    .jpeg({ quality: 85 })
    .withExif({
      IFD0: { Make: 'WitnessCam', Model: 'WC-100', Artist: 'Jane Witness' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '34/1 33/1 0/1',
        GPSLongitudeRef: 'E',
        GPSLongitude: '38/1 16/1 0/1',
      },
    })
    .withMetadata({ orientation: 6 })
    .toBuffer();
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A PNG carrying a tEXt chunk ("Comment: GPS 34.55 38.26 by Jane Witness") right after its header. */
export async function textPng(): Promise<Buffer> {
  const png = await pixels(300, 200, 2).png().toBuffer();
  const ihdrEnd = 8 + 4 + 4 + 13 + 4;
  const text = chunk('tEXt', Buffer.from('Comment\0GPS 34.55 38.26 by Jane Witness', 'latin1'));
  return Buffer.concat([png.subarray(0, ihdrEnd), text, png.subarray(ihdrEnd)]);
}

export function tiff(): Promise<Buffer> {
  return pixels(500, 300, 3).tiff({ compression: 'lzw' }).toBuffer();
}

/** A real JPEG with an HTML page after its end: decodes as an image; the HTML must never be served. */
export async function jpegThenHtml(): Promise<Buffer> {
  const jpeg = await pixels(200, 200, 4).jpeg().toBuffer();
  return Buffer.concat([jpeg, Buffer.from('<html><script>alert(document.cookie)</script></html>')]);
}

/** A JPEG's first bytes followed by HTML: not an image at all. */
export function jpegHeaderHtml(): Buffer {
  return Buffer.concat([
    Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
    Buffer.from('<html><body><script>alert(document.cookie)</script></body></html>'),
  ]);
}

export function svg(): Buffer {
  return Buffer.from(
    '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script><rect width="10" height="10"/></svg>',
  );
}

/** The header of a 50,000 × 50,000 PNG (2.5 billion pixels) with a few bytes of data: a decompression bomb. */
export function bombPng(): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(50_000, 0);
  ihdr.writeUInt32BE(50_000, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(Buffer.alloc(1024))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The first 60% of a JPEG. */
export async function truncatedJpeg(): Promise<Buffer> {
  const jpeg = await pixels(800, 600, 5).jpeg({ quality: 90 }).toBuffer();
  return jpeg.subarray(0, Math.floor(jpeg.length * 0.6));
}

/** A plain photograph of the given size and seed (the before/after pair). */
export function plainJpeg(width: number, height: number, seed: number): Promise<Buffer> {
  return pixels(width, height, seed).jpeg({ quality: 80 }).toBuffer();
}
