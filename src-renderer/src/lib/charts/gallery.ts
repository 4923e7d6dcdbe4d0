/** The dev-image grid's geometry and pixels, kept pure for testing. */

/** Images are drawn at twice their size (28 → 56 px), with a caption row below each. */
const scale = 2;
const gap = 14;
const caption = 18;

export interface GalleryLayout {
  imageWidth: number;
  imageHeight: number;
  columns: number;
  height: number;
  positions: { x: number; y: number }[];
}

export function galleryLayout(count: number, width: number, imageWidth: number, imageHeight: number): GalleryLayout {
  const w = imageWidth * scale;
  const h = imageHeight * scale;
  // Tiles are as wide as their caption needs ("✗ 3 (true 5)"), not just the image.
  const cell = Math.max(w, 76) + gap;
  const columns = Math.max(1, Math.floor((width + gap) / cell));
  const rows = Math.ceil(count / columns);
  const positions = Array.from({ length: count }, (_, i) => ({ x: (i % columns) * cell + (cell - gap - w) / 2, y: Math.floor(i / columns) * (h + caption + gap) + 1 }));
  return { imageWidth: w, imageHeight: h, columns, height: Math.max(0, rows * (h + caption + gap) - gap + 2), positions };
}

/** Grey levels 0–1 as the theme's text colour with that opacity: dark ink on light, light ink on dark. */
export function inkPixels(image: readonly number[], width: number, height: number, [r, g, b]: [number, number, number]): Uint8ClampedArray {
  const pixels = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    pixels[i * 4] = r;
    pixels[i * 4 + 1] = g;
    pixels[i * 4 + 2] = b;
    pixels[i * 4 + 3] = Math.round(255 * (image[i] ?? 0));
  }
  return pixels;
}
