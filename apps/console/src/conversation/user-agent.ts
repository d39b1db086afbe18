export interface BrowserInfo {
  browser: string | null;
  os: string | null;
}

/**
 * A deliberately simple reading of a user-agent string: the browser family with its major version
 * and the operating system, enough for an agent to picture the visitor's screen. Order matters:
 * Edge and Opera also say "Chrome", and Chrome also says "Safari".
 */
export function parseUserAgent(ua: string | null): BrowserInfo {
  if (!ua) return { browser: null, os: null };
  const version = (re: RegExp) => re.exec(ua)?.[1]?.split('.')[0] ?? '';
  const named = (name: string, re: RegExp) => `${name} ${version(re)}`.trim();
  let browser: string | null = null;
  if (/Edg(e|A|iOS)?\//.test(ua)) browser = named('Edge', /Edg(?:e|A|iOS)?\/([\d.]+)/);
  else if (/OPR\/|Opera/.test(ua)) browser = named('Opera', /(?:OPR|Opera)\/([\d.]+)/);
  else if (/SamsungBrowser\//.test(ua)) browser = named('Samsung Internet', /SamsungBrowser\/([\d.]+)/);
  else if (/MicroMessenger\//.test(ua)) browser = named('WeChat', /MicroMessenger\/([\d.]+)/);
  else if (/Firefox\/|FxiOS\//.test(ua)) browser = named('Firefox', /(?:Firefox|FxiOS)\/([\d.]+)/);
  else if (/Chrome\/|CriOS\//.test(ua)) browser = named('Chrome', /(?:Chrome|CriOS)\/([\d.]+)/);
  else if (/Safari\//.test(ua)) browser = named('Safari', /Version\/([\d.]+)/);

  let os: string | null = null;
  if (/Windows NT 10/.test(ua)) os = 'Windows 10/11';
  else if (/Windows/.test(ua)) os = 'Windows';
  else if (/iPhone|iPad|iPod/.test(ua)) {
    const v = /OS (\d+)[_\d]* like Mac/.exec(ua)?.[1];
    os = v ? `iOS ${v}` : 'iOS';
  } else if (/Android/.test(ua)) {
    const v = /Android ([\d.]+)/.exec(ua)?.[1]?.split('.')[0];
    os = v ? `Android ${v}` : 'Android';
  } else if (/Mac OS X/.test(ua)) os = 'macOS';
  else if (/CrOS/.test(ua)) os = 'ChromeOS';
  else if (/Linux/.test(ua)) os = 'Linux';
  return { browser, os };
}
