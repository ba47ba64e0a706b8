import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The fonts and ICC profile of the renderers (assets/README.md), read once per process. */
export interface RenderAssets {
  regular: Uint8Array;
  bold: Uint8Array;
  srgbIcc: Uint8Array;
}

let loaded: RenderAssets | undefined;

export function renderAssets(): RenderAssets {
  if (!loaded) {
    const dir = join(__dirname, 'assets');
    loaded = {
      regular: readFileSync(join(dir, 'DejaVuSans.ttf')),
      bold: readFileSync(join(dir, 'DejaVuSans-Bold.ttf')),
      srgbIcc: readFileSync(join(dir, 'sRGB.icc')),
    };
  }
  return loaded;
}
