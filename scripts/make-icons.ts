/**
 * Draws the app icons under app/ (favicon.ico, icon.png, apple-icon.png) from one SVG: a column under an arch, in
 * the registry's accent colour. Run once after changing the drawing: `npx tsx scripts/make-icons.ts`.
 */
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';

const SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">
  <rect width="64" height="64" rx="12" fill="#7a3b0c"/>
  <path d="M14 50V30a18 18 0 0 1 36 0v20h-7V30a11 11 0 0 0-22 0v20z" fill="#fdfcf9"/>
  <rect x="10" y="50" width="44" height="6" rx="1" fill="#fdfcf9"/>
  <rect x="29" y="30" width="6" height="20" fill="#fdfcf9"/>
</svg>`;

const png = (size: number) =>
  sharp(Buffer.from(SVG), { density: 72 * (size / 64) * 4 })
    .resize(size, size)
    .png()
    .toBuffer();

/** An ICO file holding PNG images (allowed since Windows Vista; every current browser reads it). */
function ico(images: { size: number; data: Buffer }[]): Buffer {
  const header = Buffer.alloc(6 + 16 * images.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  let offset = header.length;
  images.forEach(({ size, data }, i) => {
    const e = 6 + 16 * i;
    header.writeUInt8(size >= 256 ? 0 : size, e);
    header.writeUInt8(size >= 256 ? 0 : size, e + 1);
    header.writeUInt8(0, e + 2);
    header.writeUInt8(0, e + 3);
    header.writeUInt16LE(1, e + 4);
    header.writeUInt16LE(32, e + 6);
    header.writeUInt32LE(data.length, e + 8);
    header.writeUInt32LE(offset, e + 12);
    offset += data.length;
  });
  return Buffer.concat([header, ...images.map((i) => i.data)]);
}

async function main() {
  const app = path.join(__dirname, '..', 'app');
  fs.writeFileSync(
    path.join(app, 'favicon.ico'),
    ico([
      { size: 16, data: await png(16) },
      { size: 32, data: await png(32) },
      { size: 48, data: await png(48) },
    ]),
  );
  fs.writeFileSync(path.join(app, 'icon.png'), await png(192));
  fs.writeFileSync(path.join(app, 'apple-icon.png'), await png(180));
}

void main();
