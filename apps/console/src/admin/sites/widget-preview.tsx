import { useTranslate } from '../../i18n';

/*
 * A static drawing of the widget as visitors will see it: the launcher and the open panel's header
 * and greeting, in the site's colour, position and language. The real panel needs a visitor session,
 * so this mirrors apps/widget (loader/widget-view.ts, panel/panel.css, panel/i18n.ts) by hand: keep
 * them in step when the widget's look changes.
 */

/** Same rule as apps/widget/src/shared/contrast.ts: white or near-black, whichever reads better. */
export function readableTextOn(background: string): '#ffffff' | '#111827' {
  const lum = luminance(background);
  return 1.05 / (lum + 0.05) >= (lum + 0.05) / 0.0618 ? '#ffffff' : '#111827';
}

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

/** The panel's own texts (apps/widget/src/panel/i18n.ts) in the site's default language. */
const PANEL_TEXT = {
  en: { online: 'We typically reply in a few minutes', placeholder: 'Write a message…' },
  'zh-CN': { online: '我们通常会在几分钟内回复', placeholder: '输入消息…' },
} as const;

export interface PreviewLook {
  name: string;
  color: string;
  position: 'left' | 'right';
  launcherText: string;
  greeting: string;
  logoUrl: string | null;
  locale: string;
}

export function WidgetPreview({ look }: { look: PreviewLook }) {
  const t = useTranslate();
  const color = safeColor(look.color);
  const text = readableTextOn(color);
  const panelText = look.locale === 'zh-CN' ? PANEL_TEXT['zh-CN'] : PANEL_TEXT.en;
  const initial = Array.from(look.name.trim())[0]?.toUpperCase() ?? '?';
  return (
    <figure
      className="widget-preview"
      aria-label={t('admin.sites.previewLabel')}
      data-testid="widget-preview"
    >
      <div className="widget-preview__browser" aria-hidden="true">
        <span />
        <span />
        <span />
        <div className="widget-preview__address">{t('admin.sites.previewAddress')}</div>
      </div>
      <div
        className={`widget-preview__page widget-preview__page--${look.position}`}
        style={{ ['--wc' as string]: color, ['--wt' as string]: text }}
      >
        <div className="widget-preview__skeleton" aria-hidden="true">
          <i style={{ width: '42%' }} />
          <i style={{ width: '86%' }} />
          <i style={{ width: '74%' }} />
          <i style={{ width: '80%' }} />
        </div>
        <div className="widget-preview__panel">
          <div className="widget-preview__header">
            <span className="widget-preview__avatar">
              {look.logoUrl ? <img src={look.logoUrl} alt="" /> : initial}
              <span className="widget-preview__presence" />
            </span>
            <span className="widget-preview__heading">
              <span className="widget-preview__title">{look.name || '—'}</span>
              <span className="widget-preview__subtitle">{panelText.online}</span>
            </span>
          </div>
          <div className="widget-preview__body">
            {look.greeting && (
              <p className="widget-preview__greeting" data-testid="preview-greeting">
                {look.greeting}
              </p>
            )}
          </div>
          <div className="widget-preview__composer">
            <span>{panelText.placeholder}</span>
            <span className="widget-preview__send" />
          </div>
        </div>
        <div className="widget-preview__launcher-row">
          {look.launcherText && <span className="widget-preview__bubble">{look.launcherText}</span>}
          <span className="widget-preview__launcher" data-testid="preview-launcher">
            <svg viewBox="0 0 24 24" aria-hidden="true">
              <path d="M21 12a8 8 0 0 1-11.6 7.1L4 20.5l1.4-4.9A8 8 0 1 1 21 12z" />
            </svg>
          </span>
        </div>
      </div>
      <figcaption className="widget-preview__caption">{t('admin.sites.previewCaption')}</figcaption>
    </figure>
  );
}
