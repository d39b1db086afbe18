/** The console's mark (same as index.html), drawn on a canvas with a count badge when there is one. */
const SIZE = 64;
let original: string | null = null;

function link(): HTMLLinkElement | null {
  return document.querySelector<HTMLLinkElement>('link[rel="icon"]');
}

function drawMark(ctx: CanvasRenderingContext2D): void {
  ctx.fillStyle = '#4f46e5';
  ctx.beginPath();
  ctx.roundRect(0, 0, SIZE, SIZE, 16);
  ctx.fill();
  ctx.fillStyle = '#ffffff';
  ctx.beginPath();
  ctx.moveTo(18, 22);
  ctx.lineTo(46, 22);
  ctx.lineTo(46, 38);
  ctx.lineTo(30, 38);
  ctx.lineTo(22, 44);
  ctx.lineTo(22, 38);
  ctx.lineTo(18, 38);
  ctx.closePath();
  ctx.fill();
}

export function setFaviconBadge(count: number): void {
  const icon = link();
  if (!icon) return;
  original ??= icon.href;
  if (count <= 0) {
    icon.href = original;
    return;
  }
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = SIZE;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  drawMark(ctx);
  const label = count > 99 ? '99+' : String(count);
  ctx.fillStyle = '#e5484d';
  ctx.beginPath();
  ctx.arc(SIZE - 19, 19, 19, 0, Math.PI * 2);
  ctx.fill();
  ctx.fillStyle = '#ffffff';
  ctx.font = `bold ${label.length > 2 ? 18 : 26}px system-ui, sans-serif`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillText(label, SIZE - 19, 20);
  icon.href = canvas.toDataURL('image/png');
}
