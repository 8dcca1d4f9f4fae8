import { afterEach, describe, expect, it } from 'vitest';
import { config, resetConfig } from '@/lib/config';
import { contentSecurityPolicy, tileSource } from '@/lib/http-policy';
import { MARKER_FIELDS, markerRow, readMarkers } from '@/lib/map-markers';
import { damageLevels } from '@/lib/vocab';

describe('the marker download format', () => {
  it('writes one compact row per monument and reads it back, status and strength included', () => {
    const row = markerRow({
      slug: 'temple-of-bel',
      name: 'Temple of Bel',
      nameAr: 'معبد بل',
      latitude: 34.5474123456,
      longitude: 38.2739876543,
      statusLevel: 'destroyed',
      statusBasis: 'unverified',
    });
    expect(row).toEqual(['temple-of-bel', 'Temple of Bel', 'معبد بل', 38.27399, 34.54741, 5, 1]);
    expect(row).toHaveLength(MARKER_FIELDS.length);
    expect(readMarkers({ statuses: damageLevels.codes, data: [row] })).toEqual([
      {
        slug: 'temple-of-bel',
        name: 'Temple of Bel',
        nameAr: 'معبد بل',
        longitude: 38.27399,
        latitude: 34.54741,
        status: 'destroyed',
        weak: true,
      },
    ]);
  });

  it('counts only unverified and disputed bases as weak, as the badges do', () => {
    const base = {
      slug: 'a',
      name: 'A',
      nameAr: null,
      latitude: 0,
      longitude: 0,
      statusLevel: 'severe_damage' as const,
    };
    expect(markerRow({ ...base, statusBasis: 'established' })[6]).toBe(0);
    expect(markerRow({ ...base, statusBasis: 'disputed' })[6]).toBe(1);
    expect(markerRow({ ...base, statusBasis: 'none' })[6]).toBe(0);
  });
});

describe('MAP_TILE_URL', () => {
  const saved = process.env.MAP_TILE_URL;
  afterEach(() => {
    if (saved === undefined) delete process.env.MAP_TILE_URL;
    else process.env.MAP_TILE_URL = saved;
    resetConfig();
  });

  it('may be empty: no tile server, the maps draw the offline atlas, and the policy names no tile host', () => {
    process.env.MAP_TILE_URL = '';
    resetConfig();
    expect(config().MAP_TILE_URL).toBe('');
    expect(tileSource('')).toBeNull();
    expect(contentSecurityPolicy({ mapTileUrl: '' })).toContain("img-src 'self' data:;");
  });

  it('still refuses a template whose host the policy cannot express', () => {
    process.env.MAP_TILE_URL = 'https://{z}.tiles.example.org/{z}/{x}/{y}.png';
    resetConfig();
    expect(() => config()).toThrow(/MAP_TILE_URL/);
  });
});
