/**
 * Text colour that stays readable on a site's brand colour, whatever the admin picked: white or
 * near-black, whichever has the higher WCAG contrast ratio against it.
 */
export function readableTextOn(background: string): '#ffffff' | '#111827' {
  const lum = luminance(background);
  // Contrast against white is 1.05 / (L + 0.05); against #111827 (L ~= 0.0118) it is (L + 0.05) / 0.0618.
  return 1.05 / (lum + 0.05) >= (lum + 0.05) / 0.0618 ? '#ffffff' : '#111827';
}

/** `#rgb` or `#rrggbb`, else the fallback: a colour from the server ends up in CSS, so it is checked. */
export function safeColor(value: string, fallback = '#2563eb'): string {
  return /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.test(value) ? value : fallback;
}

function luminance(hex: string): number {
  let h = safeColor(hex).slice(1);
  if (h.length === 3) h = h.replace(/./g, '$&$&');
  const channel = (i: number): number => {
    const c = parseInt(h.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4);
}
