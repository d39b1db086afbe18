import { readableTextOn, safeColor } from '../shared/contrast';
import type { LauncherLook } from './widget-api';

/*
 * The launcher and the panel frame, drawn in the shadow root of a <livechat-widget> element so host
 * CSS cannot reach them: page rules never cross a shadow boundary, and the host element itself is
 * reset with inline `all: initial !important` (which beats `* { all: unset }` and friends) plus an
 * important :host rule. Sizes are px, never rem: a host's `html { font-size: 30px }` must not scale us.
 */

const CSS = `:host{all:initial!important;display:inline!important;position:static!important}
*{box-sizing:border-box}
.l{all:initial;position:fixed;bottom:20px;right:20px;z-index:2147483001;width:56px;height:56px;border-radius:50%;background:var(--c);color:var(--t);cursor:pointer;display:flex;align-items:center;justify-content:center;box-shadow:0 6px 20px rgba(15,23,42,.22),0 2px 6px rgba(15,23,42,.12);transition:transform .18s ease,box-shadow .18s ease}
.l:hover{transform:scale(1.06);box-shadow:0 8px 26px rgba(15,23,42,.26),0 2px 6px rgba(15,23,42,.14)}
.l:focus-visible{outline:3px solid var(--c);outline-offset:3px}
.l svg{width:28px;height:28px;fill:none;stroke:currentColor;stroke-width:2;stroke-linecap:round;stroke-linejoin:round;transition:transform .2s ease,opacity .2s ease}
.l .x{position:absolute;opacity:0;transform:rotate(-45deg)}
.o .l .x{opacity:1;transform:none}
.o .l .i{opacity:0;transform:rotate(45deg)}
.b{position:absolute;top:-3px;right:-3px;min-width:20px;height:20px;padding:0 6px;border-radius:10px;background:#e11d48;color:#fff;font:700 12px/20px system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;text-align:center;box-shadow:0 0 0 2px #fff}
.b[hidden],.p[hidden]{display:none}
.p{position:fixed;bottom:92px;right:20px;z-index:2147483000;width:380px;height:600px;max-height:calc(100% - 112px);border-radius:16px;overflow:hidden;background:#fff;box-shadow:0 16px 48px rgba(15,23,42,.18),0 2px 8px rgba(15,23,42,.08);opacity:0;visibility:hidden;pointer-events:none;transform:translateY(12px) scale(.98);transform-origin:bottom right;transition:opacity .2s ease,transform .2s ease,visibility 0s linear .2s}
.o .p{opacity:1;visibility:visible;pointer-events:auto;transform:none;transition:opacity .2s ease,transform .2s ease}
.left .l,.left .p{right:auto;left:20px}
.left .p{transform-origin:bottom left}
iframe{display:block;width:100%;height:100%;border:0;margin:0;padding:0;background:transparent;color-scheme:normal}
@media (max-width:480px){.p{top:0;left:0;right:0;bottom:0;width:100%;height:100%;max-height:none;border-radius:0}.left .p{left:0}.o .l{display:none}}
@media (prefers-reduced-motion:reduce){.l,.p,.l svg{transition:none}}`;

const ICONS =
  '<svg class="i" viewBox="0 0 24 24" aria-hidden="true"><path d="M21 12a8 8 0 0 1-11.6 7.1L4 20.5l1.4-4.9A8 8 0 1 1 21 12z"/></svg>' +
  '<svg class="x" viewBox="0 0 24 24" aria-hidden="true"><path d="M6 9l6 6 6-6"/></svg>';

export interface WidgetView {
  host: HTMLElement;
  launcher: HTMLButtonElement;
  frame: HTMLIFrameElement | null;
  panel: HTMLElement;
  setOpen: (open: boolean) => void;
  setBadge: (count: number) => void;
  mountFrame: (src: string) => HTMLIFrameElement;
  removeFrame: () => void;
  remove: () => void;
}

export function createView(doc: Document, look: LauncherLook, onLauncher: () => void): WidgetView {
  const host = doc.createElement('livechat-widget');
  host.setAttribute('style', 'all:initial!important;display:inline!important;position:static!important');
  const root = host.attachShadow({ mode: 'open' });
  const style = doc.createElement('style');
  style.textContent = CSS;
  const wrap = doc.createElement('div');
  const color = safeColor(look.color);
  wrap.style.setProperty('--c', color);
  wrap.style.setProperty('--t', readableTextOn(color));
  if (look.position === 'left') wrap.className = 'left';

  const panel = doc.createElement('div');
  panel.className = 'p';
  panel.hidden = true;
  const launcher = doc.createElement('button');
  launcher.type = 'button';
  launcher.className = 'l';
  launcher.innerHTML = ICONS;
  if (look.launcherText) launcher.title = look.launcherText;
  const badge = doc.createElement('span');
  badge.className = 'b';
  badge.hidden = true;
  badge.setAttribute('aria-hidden', 'true');
  launcher.append(badge);
  launcher.addEventListener('click', onLauncher);
  wrap.append(panel, launcher);
  root.append(style, wrap);
  (doc.body ?? doc.documentElement).append(host);

  let open = false;
  let unread = 0;
  const label = (): void => {
    // "Open chat" is the stable hook of the journeys; the unread count is spoken too.
    launcher.setAttribute('aria-label', open ? 'Close chat' : 'Open chat');
    launcher.setAttribute('aria-expanded', String(open));
    launcher.setAttribute('aria-description', unread ? `${unread} unread` : '');
  };
  label();

  const view: WidgetView = {
    host,
    launcher,
    frame: null,
    panel,
    setOpen(value) {
      open = value;
      wrap.classList.toggle('o', value);
      label();
    },
    setBadge(count) {
      unread = count;
      badge.hidden = count < 1;
      badge.textContent = count > 99 ? '99+' : String(count);
      label();
    },
    mountFrame(src) {
      if (view.frame) return view.frame;
      const frame = doc.createElement('iframe');
      frame.title = 'Chat';
      frame.src = src;
      frame.setAttribute('allow', 'clipboard-write');
      panel.append(frame);
      panel.hidden = false;
      view.frame = frame;
      return frame;
    },
    removeFrame() {
      view.frame?.remove();
      view.frame = null;
      panel.hidden = true;
    },
    remove() {
      host.remove();
    },
  };
  return view;
}
