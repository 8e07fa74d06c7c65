// A 2D canvas drawn at the screen's pixel density: the backing store sized to width × height CSS pixels
// times devicePixelRatio (resized only when that changes), the context scaled so drawing is in CSS pixels,
// and cleared.

export function prepareHiDpiCanvas(canvas: HTMLCanvasElement, widthPx: number, heightPx: number): CanvasRenderingContext2D | null {
  const dpr = devicePixelRatio || 1;
  const w = Math.round(widthPx * dpr);
  const h = Math.round(heightPx * dpr);
  if (canvas.width !== w || canvas.height !== h) {
    canvas.width = w;
    canvas.height = h;
  }
  const ctx = canvas.getContext('2d');
  if (!ctx) return null;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, widthPx, heightPx);
  return ctx;
}
