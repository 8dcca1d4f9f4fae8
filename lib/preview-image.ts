import path from 'node:path';
import type { Sharp } from 'sharp';

/**
 * Link-preview images (OpenGraph and Twitter cards) of monuments and sites: a 1200×630 PNG with the name in both
 * scripts, the status, a date and the registry's name (docs/feeds.md).
 *
 * Text is set by libvips' text operation (Pango with HarfBuzz, the same engine browsers use for Arabic), from the
 * DejaVu Sans files shipped in assets/fonts: fontconfig is pointed at that folder alone, so the drawing is the same
 * on a fresh machine without any system font, and Arabic letters take their joined forms.
 */
export const PREVIEW_WIDTH = 1200;
export const PREVIEW_HEIGHT = 630;

const FONTS_DIR = path.join(process.cwd(), 'assets', 'fonts');
const REGULAR = path.join(FONTS_DIR, 'DejaVuSans.ttf');
const BOLD = path.join(FONTS_DIR, 'DejaVuSans-Bold.ttf');

// Before libvips first sets text: fontconfig reads its configuration once per process. An operator's own
// FONTCONFIG_FILE wins.
process.env.FONTCONFIG_FILE ??= path.join(FONTS_DIR, 'fonts.conf');

type SharpConstructor = typeof import('sharp').default;
let loaded: Promise<SharpConstructor> | undefined;
const sharpModule = () => (loaded ??= import('sharp').then((m) => m.default));

/** The colours of the pages' damage badges (app/globals.css), with a text colour readable on each. */
const LEVEL_COLOURS: Record<string, { bg: string; ink: string }> = {
  destroyed: { bg: '#6e0a1e', ink: '#ffffff' },
  severe_damage: { bg: '#b42318', ink: '#ffffff' },
  moderate_damage: { bg: '#b54708', ink: '#ffffff' },
  possible_damage: { bg: '#f5c542', ink: '#1b1b1b' },
  no_visible_damage: { bg: '#1f5f3a', ink: '#ffffff' },
  unknown: { bg: '#4a4a4a', ink: '#ffffff' },
};

const markup = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const clip = (s: string, max: number) => {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1).trimEnd()}…` : flat;
};

export interface TextLayer {
  data: Buffer;
  width: number;
  height: number;
}

/**
 * One block of text as a transparent PNG, at most `width` wide (wrapped at words), in pixels of `size`.
 * Exported for the test that checks Arabic is shaped.
 */
export async function textLayer(
  text: string,
  options: { size: number; bold?: boolean; colour: string; width: number; align?: 'left' | 'right' },
): Promise<TextLayer> {
  const sharp = await sharpModule();
  const { data, info } = await sharp({
    text: {
      text: `<span foreground="${options.colour}">${markup(text)}</span>`,
      font: `DejaVu Sans${options.bold ? ' Bold' : ''} ${options.size}px`,
      fontfile: options.bold ? BOLD : REGULAR,
      width: options.width,
      align: options.align ?? 'left',
      wrap: 'word',
      rgba: true,
      dpi: 72,
    },
  })
    .png()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** A layer cut to at most `maxHeight` pixels (a very long name keeps its first lines). */
async function fit(layer: TextLayer, maxHeight: number): Promise<TextLayer> {
  if (layer.height <= maxHeight) return layer;
  const sharp = await sharpModule();
  const data = await sharp(layer.data)
    .extract({ left: 0, top: 0, width: layer.width, height: maxHeight })
    .png()
    .toBuffer();
  return { data, width: layer.width, height: maxHeight };
}

export interface PreviewCard {
  /** English name, and the Arabic one when the record has it. */
  name: string;
  nameAr: string | null;
  /** A damage level code (monuments) or null (sites: no single status). */
  level: string | null;
  /** The status line in each language ("Destroyed", "2 of 9 monuments destroyed or severely damaged"). */
  status: { en: string; ar: string };
  /** A line under the names in each language (kind and site, or countries). */
  context: { en: string; ar: string };
  /** The date line in each language ("Latest event: 30 Aug 2015"), or empty. */
  date: { en: string; ar: string };
  /** The registry's name in each language. */
  registry: { en: string; ar: string };
}

const MARGIN = 60;
const INNER = PREVIEW_WIDTH - 2 * MARGIN;
const BAND = 150;

/** The preview image of a record: a PNG of PREVIEW_WIDTH × PREVIEW_HEIGHT. */
export async function renderPreview(card: PreviewCard): Promise<Buffer> {
  const sharp = await sharpModule();
  const colours = LEVEL_COLOURS[card.level ?? 'unknown'] ?? LEVEL_COLOURS.unknown!;
  const band = card.level ? colours : { bg: '#7a3b0c', ink: '#ffffff' };
  const background = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${PREVIEW_WIDTH}" height="${PREVIEW_HEIGHT}">` +
      `<rect width="100%" height="100%" fill="#fdfcf9"/>` +
      `<rect y="0" width="100%" height="12" fill="${band.bg}"/>` +
      `<rect y="${PREVIEW_HEIGHT - BAND}" width="100%" height="${BAND}" fill="${band.bg}"/>` +
      `</svg>`,
  );
  const half = INNER / 2 - 10;
  const [regEn, regAr, nameEn, nameAr, ctxEn, ctxAr, statusEn, statusAr, dateEn, dateAr] = await Promise.all([
    textLayer(clip(card.registry.en, 50), { size: 26, colour: '#595959', width: half }),
    textLayer(clip(card.registry.ar, 50), { size: 26, colour: '#595959', width: half, align: 'right' }),
    textLayer(clip(card.name, 80), { size: 60, bold: true, colour: '#1b1b1b', width: INNER }).then((l) => fit(l, 150)),
    card.nameAr
      ? textLayer(clip(card.nameAr, 80), {
          size: 58,
          bold: true,
          colour: '#1b1b1b',
          width: INNER,
          align: 'right',
        }).then((l) => fit(l, 150))
      : null,
    textLayer(clip(card.context.en, 90), { size: 26, colour: '#595959', width: half }).then((l) => fit(l, 70)),
    textLayer(clip(card.context.ar, 90), { size: 26, colour: '#595959', width: half, align: 'right' }).then((l) =>
      fit(l, 70),
    ),
    textLayer(clip(card.status.en, 60), { size: 40, bold: true, colour: band.ink, width: half }).then((l) =>
      fit(l, 60),
    ),
    textLayer(clip(card.status.ar, 60), { size: 40, bold: true, colour: band.ink, width: half, align: 'right' }).then(
      (l) => fit(l, 60),
    ),
    card.date.en ? textLayer(clip(card.date.en, 60), { size: 26, colour: band.ink, width: half }) : null,
    card.date.ar
      ? textLayer(clip(card.date.ar, 60), { size: 26, colour: band.ink, width: half, align: 'right' })
      : null,
  ]);
  const right = (l: TextLayer) => PREVIEW_WIDTH - MARGIN - l.width;
  const layers: { input: Buffer; left: number; top: number }[] = [
    { input: regEn.data, left: MARGIN, top: 40 },
    { input: regAr.data, left: right(regAr), top: 40 },
    { input: nameEn.data, left: MARGIN, top: 110 },
  ];
  let y = 110 + nameEn.height + 20;
  if (nameAr) {
    layers.push({ input: nameAr.data, left: right(nameAr), top: y });
    y += nameAr.height + 20;
  }
  const ctxTop = Math.min(y, PREVIEW_HEIGHT - BAND - 20 - Math.max(ctxEn.height, ctxAr.height));
  layers.push({ input: ctxEn.data, left: MARGIN, top: ctxTop }, { input: ctxAr.data, left: right(ctxAr), top: ctxTop });
  const bandTop = PREVIEW_HEIGHT - BAND + 22;
  layers.push(
    { input: statusEn.data, left: MARGIN, top: bandTop },
    { input: statusAr.data, left: right(statusAr), top: bandTop },
  );
  if (dateEn) layers.push({ input: dateEn.data, left: MARGIN, top: bandTop + 62 });
  if (dateAr) layers.push({ input: dateAr.data, left: right(dateAr), top: bandTop + 62 });
  const image: Sharp = sharp(background).composite(layers);
  return image.png({ compressionLevel: 9 }).toBuffer();
}
