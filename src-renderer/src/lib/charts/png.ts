/**
 * Saves a canvas as a PNG file through a download link. Chart canvases are transparent, so the
 * picture is painted on the theme's surface colour first (it would be unreadable on a viewer's black).
 */
export async function saveCanvasAsPng(canvas: HTMLCanvasElement, fileName: string, background: string): Promise<void> {
  const copy = document.createElement('canvas');
  copy.width = canvas.width;
  copy.height = canvas.height;
  const context = copy.getContext('2d');
  if (!context) throw new Error('This page cannot draw on a canvas, so there is no picture to save.');
  context.fillStyle = background;
  context.fillRect(0, 0, copy.width, copy.height);
  context.drawImage(canvas, 0, 0);
  const blob = await new Promise<Blob | null>((resolve) => copy.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error(`The picture for ${fileName} could not be encoded as PNG.`);
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  // The click has started the download; the object URL is not needed after this turn.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** "Loss per step" → "loss-per-step.png". */
export function pngFileName(title: string): string {
  const slug = title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  return `${slug || 'chart'}.png`;
}
