// The `media.slides` and `media.images` keys of ajar.yaml: accepted as documented (docs/configuration.md),
// turned into settings, and refused at their line when wrong. Changing them changes only their own jobs' keys.

import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/index.js';
import { mediaDefaults, mediaSettingsFrom } from '../../src/media/config-schema.js';
import { planTranscodes } from '../../src/media/plan.js';

const settingsOf = (yaml: string) => {
  const { config, diagnostics } = parseConfig(yaml, {});
  expect(diagnostics).toEqual([]);
  return mediaSettingsFrom(config.media);
};

describe('media.slides and media.images in ajar.yaml', () => {
  it('default: slides at 150 dpi, images at 480/960/1440 px in AVIF then WebP', () => {
    expect(settingsOf('build:\n  formats: [scorm12]\n')).toMatchObject({
      slides: { optimise: true, resolution: 150 },
      images: { responsive: true, widths: [480, 960, 1440], formats: ['avif', 'webp'], avifQuality: 50, webpQuality: 75 },
    });
  });

  it('false turns each off; the object form sets each key', () => {
    expect(settingsOf('media:\n  slides: false\n  images: false\n')).toMatchObject({ slides: { optimise: false }, images: { responsive: false } });
    const s = settingsOf('media:\n  slides:\n    resolution: 110\n  images:\n    widths: [1280, 640]\n    formats: [webp]\n    webp_quality: 70\n');
    expect(s.slides).toEqual({ optimise: true, resolution: 110 });
    expect(s.images).toEqual({ ...mediaDefaults.images, widths: [640, 1280], formats: ['webp'], webpQuality: 70 });
  });

  it('a wrong value is refused at its line', () => {
    const { diagnostics } = parseConfig('media:\n  slides:\n    resolution: 20\n  images:\n    formats: [jpeg-xl]\n', {});
    expect(diagnostics.map((d) => [d.ruleId, d.position?.start.line])).toEqual(expect.arrayContaining([[expect.any(String), 3], [expect.any(String), 5]]));
    expect(diagnostics.every((d) => d.severity === 'error')).toBe(true);
  });

  it('turning slides off plans no slides job, and image settings do not change a video’s cache key', () => {
    const sources = [
      { path: 'media/Video Pengantar.mp4', kind: 'video' as const },
      { path: 'media/Slide Modul 1.pdf', kind: 'slides' as const },
      { path: 'gambar/Peta Wilayah.png', kind: 'image' as const },
    ];
    const plain = planTranscodes(sources, mediaDefaults);
    expect(plain.map((j) => j.kind)).toEqual(['video', 'slides', 'image']);
    const changed = planTranscodes(sources, { ...mediaDefaults, slides: { optimise: false, resolution: 150 }, images: { ...mediaDefaults.images, widths: [800] } });
    expect(changed.map((j) => j.kind)).toEqual(['video', 'image']);
    expect(changed[0]!.settingsDigest).toBe(plain[0]!.settingsDigest);
    expect(changed[1]!.settingsDigest).not.toBe(plain[2]!.settingsDigest);
  });
});
