/**
 * Turns an uploaded image into the variants the registry serves, safely (docs/security.md "Evidence images"):
 * - the type is decided from the bytes, never from a name or a Content-Type: JPEG, PNG, WebP and TIFF (GeoTIFF
 *   satellite scenes); SVG, HTML, GIF, HEIC and everything else are refused;
 * - the pixel count is read from the header and checked before anything is decoded (a 50,000 × 50,000 "bomb" costs
 *   nothing), and libvips is told the same limit;
 * - a truncated or damaged file is refused rather than served half grey;
 * - only the orientation is kept (applied to the pixels); every variant is written without EXIF, GPS, XMP, IPTC,
 *   maker notes or embedded thumbnails, which sharp drops unless asked to keep them.
 */
import crypto from 'node:crypto';
import sharp, { type Metadata, type OutputInfo } from 'sharp';
import { evidenceFormats, evidenceVariants, VARIANT_WIDTHS, type EvidenceFormat, type EvidenceVariant } from './kinds';

export type ImageType = 'jpeg' | 'png' | 'webp' | 'tiff';

export type RefusalCode = 'empty' | 'tooLarge' | 'unsupportedType' | 'tooManyPixels' | 'damaged' | 'mismatch';

export class ImageRefusal extends Error {
  constructor(
    readonly code: RefusalCode,
    message: string,
  ) {
    super(message);
    this.name = 'ImageRefusal';
  }
}

/** The type the first bytes declare, or null: anything but the four accepted formats (SVG, HTML, GIF…). */
export function sniffImageType(bytes: Uint8Array): ImageType | null {
  const b = bytes;
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (b.length >= 8 && [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((v, i) => b[i] === v)) return 'png';
  const ascii = (from: number, to: number) => Buffer.from(b.subarray(from, to)).toString('latin1');
  if (b.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'webp';
  // Classic TIFF (II*\0, MM\0*) and BigTIFF (II+\0, MM\0+): GeoTIFF is TIFF with tags.
  if (
    b.length >= 4 &&
    ((ascii(0, 2) === 'II' && (b[2] === 42 || b[2] === 43) && b[3] === 0) ||
      (ascii(0, 2) === 'MM' && b[2] === 0 && (b[3] === 42 || b[3] === 43)))
  )
    return 'tiff';
  return null;
}

const mb = (n: number) => `${Math.round((n / (1024 * 1024)) * 10) / 10} MiB`;

export interface Limits {
  maxBytes: number;
  maxPixels: number;
}

export interface Checked {
  type: ImageType;
  /** As stored: after the orientation is applied. */
  width: number;
  height: number;
}

/** The header only: type, size and pixel count, checked before a pixel is decoded. Throws ImageRefusal. */
export async function checkImage(bytes: Uint8Array, limits: Limits): Promise<Checked> {
  if (bytes.length === 0) throw new ImageRefusal('empty', 'The file is empty.');
  if (bytes.length > limits.maxBytes)
    throw new ImageRefusal(
      'tooLarge',
      `The file is larger than the limit for evidence images (${mb(limits.maxBytes)}).`,
    );
  const type = sniffImageType(bytes);
  if (!type)
    throw new ImageRefusal(
      'unsupportedType',
      'This is not a JPEG, PNG, WebP or TIFF image (SVG and other types are refused, whatever the file is called).',
    );
  let meta: Metadata;
  try {
    // limitInputPixels: false here, so that the header of a bomb is read and refused with our message below.
    meta = await sharp(bytes, { limitInputPixels: false, pages: 1 }).metadata();
  } catch {
    throw new ImageRefusal('damaged', 'The image could not be read: the file is damaged or not really an image.');
  }
  const format: string = meta.format;
  if (format !== type)
    throw new ImageRefusal('mismatch', 'The file starts like one type of image but is another: it is refused.');
  const width = meta.width ?? 0;
  const height = meta.height ?? 0;
  if (!width || !height) throw new ImageRefusal('damaged', 'The image has no size: the file is damaged.');
  if (width * height > limits.maxPixels)
    throw new ImageRefusal(
      'tooManyPixels',
      `The image is ${width} × ${height} pixels, more than the limit of ${limits.maxPixels.toLocaleString('en')} pixels.`,
    );
  const turned = (meta.orientation ?? 1) >= 5;
  return { type, width: turned ? height : width, height: turned ? width : height };
}

export interface VariantFile {
  variant: EvidenceVariant;
  format: EvidenceFormat;
  width: number;
  height: number;
  bytes: Buffer;
}

export interface Processed extends Checked {
  sha256: string;
  variants: VariantFile[];
}

export const sha256Of = (bytes: Uint8Array) => crypto.createHash('sha256').update(bytes).digest('hex');

/**
 * Checks the file, decodes it once (orientation applied, sRGB, at most the full variant's size) and writes every
 * variant from that: thumbnail, page and full width, each in AVIF, WebP and JPEG, without any metadata.
 */
export async function processImage(bytes: Uint8Array, limits: Limits): Promise<Processed> {
  const checked = await checkImage(bytes, limits);
  let base: { data: Buffer; info: OutputInfo };
  try {
    base = await sharp(bytes, { limitInputPixels: limits.maxPixels, failOn: 'truncated', pages: 1 })
      .rotate()
      .resize({ width: VARIANT_WIDTHS.full, height: VARIANT_WIDTHS.full, fit: 'inside', withoutEnlargement: true })
      .toColourspace('srgb')
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
  } catch {
    throw new ImageRefusal('damaged', 'The image could not be decoded: the file is truncated or damaged.');
  }
  const raw = { width: base.info.width, height: base.info.height, channels: base.info.channels as 3 };
  const variants: VariantFile[] = [];
  for (const variant of evidenceVariants) {
    const target = VARIANT_WIDTHS[variant];
    const resized = await sharp(base.data, { raw })
      .resize({ width: target, height: target, fit: 'inside', withoutEnlargement: true })
      .raw()
      .toBuffer({ resolveWithObject: true });
    const input = () =>
      sharp(resized.data, {
        raw: { width: resized.info.width, height: resized.info.height, channels: resized.info.channels as 3 },
      });
    // The three encoders of a size run at once (libvips has its own threads; sharp runs them off the event loop).
    const encoded = await Promise.all(
      evidenceFormats.map((format) => {
        const encoder =
          format === 'avif'
            ? input().avif({ quality: 55, effort: 0 })
            : format === 'webp'
              ? input().webp({ quality: 80, effort: 2 })
              : input().jpeg({ quality: 82, mozjpeg: true });
        return encoder.toBuffer();
      }),
    );
    evidenceFormats.forEach((format, i) =>
      variants.push({ variant, format, width: resized.info.width, height: resized.info.height, bytes: encoded[i]! }),
    );
  }
  return { ...checked, width: raw.width, height: raw.height, sha256: sha256Of(bytes), variants };
}
