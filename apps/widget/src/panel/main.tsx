import { createRoot } from 'react-dom/client';
import { WidgetConfig } from '@livechat/protocol';
import { listenToHost, postToHost } from './host-bridge';
import { resolveLocale, t } from './i18n';
import { startPanelSession, type PanelSession } from './panel-session';
import { App } from './components/App';
import './panel.css';

/*
 * The panel page (/widget/index.html, in the loader's iframe). It waits for the loader's `init`
 * (token, config, page context) and only then connects: the token never appears in a URL.
 */
const container = document.getElementById('app');
let session: PanelSession | null = null;

if (container) {
  listenToHost((message) => {
    if (session) return session.fromHost(message);
    if (message.type !== 'init') return;
    const config = WidgetConfig.safeParse(message.config);
    const root = createRoot(container);
    if (!config.success) {
      const locale = resolveLocale(message.locale, navigator.languages, 'en');
      root.render(<p className="fatal">{t(locale, 'badConfig')}</p>);
      return;
    }
    session = startPanelSession(message, config.data);
    root.render(<App session={session} />);
  });
  postToHost({ type: 'ready' });
}
