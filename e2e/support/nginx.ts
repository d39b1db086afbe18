// Real nginx (Debian's nginx-light, installed by .ci/run) running deploy/nginx/livechat.conf in a
// temporary prefix, for the journey of several server processes behind one origin.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const NGINX_BINARY = '/usr/sbin/nginx';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const PRODUCTION_CONFIG = join(repoRoot, 'deploy', 'nginx', 'livechat.conf');
/** The upstream lines of the production file, replaced by the test's processes. */
const UPSTREAM_SERVER = /^(\s*)server 127\.0\.0\.1:300[12]( [^;]*)?;\n/gm;
const STARTUP_TIMEOUT_MS = 10_000;

export interface NginxOptions {
  /** The port nginx listens on (127.0.0.1). */
  port: number;
  /** The server processes' ports, in upstream order. */
  upstreamPorts: number[];
  /**
   * Test only: requests whose User-Agent contains `pins[i].userAgentMark` go straight to
   * `pins[i].port` instead of the balanced upstream, so a journey decides which process serves
   * which browser. Everything else in the file is used as written.
   */
  pins?: { userAgentMark: string; port: number }[];
}

export interface RunningNginx {
  /** e.g. http://localhost:41236: the one origin of the deployment (PUBLIC_URL). */
  origin: string;
  /** The access log so far (log_format livechat: one line per request, with upstream=...). */
  accessLog(): Promise<string[]>;
  stop(): Promise<void>;
}

export function assertNginxInstalled(): void {
  if (!existsSync(NGINX_BINARY)) {
    throw new Error(
      `${NGINX_BINARY} is missing: this journey runs the real nginx in front of two server processes. ` +
        'Install it with `apt-get install -y nginx-light` (.ci/run does it on a fresh machine).',
    );
  }
}

/**
 * deploy/nginx/livechat.conf as the test runs it: ports, log paths and (optionally) pins
 * substituted, everything else untouched. Throws if the production file no longer has the shape
 * this relies on, so a rewrite of it cannot silently test something else.
 */
export function renderConfig(production: string, prefix: string, options: NginxOptions): string {
  const expect = (found: boolean, what: string) => {
    if (!found) throw new Error(`deploy/nginx/livechat.conf: ${what} not found; update e2e/support/nginx.ts`);
  };
  let conf = production;

  const upstreams = [...conf.matchAll(UPSTREAM_SERVER)];
  expect(upstreams.length === 2, 'the two `server 127.0.0.1:3001/3002 ...;` upstream lines');
  const [first] = upstreams;
  const indent = first?.[1] ?? '    ';
  const parameters = first?.[2] ?? '';
  const servers = options.upstreamPorts.map((port) => `${indent}server 127.0.0.1:${port}${parameters};\n`);
  let replaced = false;
  conf = conf.replace(UPSTREAM_SERVER, () => {
    if (replaced) return '';
    replaced = true;
    return servers.join('');
  });

  expect(/^ {4}listen 80;$/m.test(conf), 'the `listen 80;` of the server block');
  conf = conf.replace(/^ {4}listen 80;$/m, `    listen 127.0.0.1:${options.port};`);

  expect(conf.includes('/var/log/nginx/livechat.access.log'), 'the access_log path');
  conf = conf
    .replace('/var/log/nginx/livechat.access.log', join(prefix, 'logs', 'access.log'))
    .replace('/var/log/nginx/livechat.error.log', join(prefix, 'logs', 'error.log'));

  const pins = options.pins ?? [];
  if (pins.length > 0) {
    expect(conf.includes('proxy_pass http://livechat;'), '`proxy_pass http://livechat;`');
    // A variable proxy_pass: "livechat" names the upstream block, an address is used as it is.
    const entries = pins.map((pin) => `    "~${pin.userAgentMark}" 127.0.0.1:${pin.port};`).join('\n');
    conf =
      `map $http_user_agent $livechat_e2e_backend {\n    default livechat;\n${entries}\n}\n\n` +
      conf.replaceAll('proxy_pass http://livechat;', 'proxy_pass http://$livechat_e2e_backend;');
  }
  return conf;
}

/** The main nginx.conf around the site file: everything nginx writes stays under the prefix. */
function mainConfig(prefix: string): string {
  const at = (name: string) => join(prefix, name);
  return `worker_processes 1;
pid ${at('nginx.pid')};
error_log ${at('logs/error.log')} warn;
events { worker_connections 256; }
http {
    access_log off;
    client_body_temp_path ${at('temp/body')};
    proxy_temp_path ${at('temp/proxy')};
    fastcgi_temp_path ${at('temp/fastcgi')};
    uwsgi_temp_path ${at('temp/uwsgi')};
    scgi_temp_path ${at('temp/scgi')};
    types { text/html html; application/javascript js; text/css css; }
    include ${at('livechat.conf')};
}
`;
}

/** Starts nginx in the foreground as a child process and resolves once it answers. */
export async function startNginx(options: NginxOptions): Promise<RunningNginx> {
  assertNginxInstalled();
  const prefix = await mkdtemp(join(tmpdir(), 'livechat-nginx-'));
  await mkdir(join(prefix, 'logs'));
  await mkdir(join(prefix, 'temp'));
  const site = renderConfig(await readFile(PRODUCTION_CONFIG, 'utf8'), prefix, options);
  await writeFile(join(prefix, 'livechat.conf'), site);
  await writeFile(join(prefix, 'nginx.conf'), mainConfig(prefix));

  const args = ['-p', prefix, '-c', join(prefix, 'nginx.conf'), '-e', join(prefix, 'logs', 'error.log')];
  const check = await run(NGINX_BINARY, [...args, '-t', '-q']);
  if (check.code !== 0) {
    await rm(prefix, { recursive: true, force: true });
    throw new Error(`nginx -t refused the rendered config:\n${check.output}\n--- livechat.conf ---\n${site}`);
  }

  const child = spawn(NGINX_BINARY, [...args, '-g', 'daemon off;'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  const echo = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line) continue;
      output.push(line);
      process.stderr.write(`[nginx] ${line}\n`);
    }
  };
  child.stdout?.on('data', echo);
  child.stderr?.on('data', echo);

  const origin = `http://localhost:${options.port}`;
  const stop = async () => {
    await stopChild(child);
    if (!process.env.E2E_KEEP_DATA) await rm(prefix, { recursive: true, force: true });
  };
  try {
    await waitForListening(`http://127.0.0.1:${options.port}/metrics`, child, output);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    origin,
    async accessLog() {
      const text = await readFile(join(prefix, 'logs', 'access.log'), 'utf8').catch(() => '');
      return text.split('\n').filter(Boolean);
    },
    stop,
  };
}

/** Any HTTP answer means nginx listens (/metrics: nginx answers it itself, the processes may not be up yet). */
async function waitForListening(url: string, child: ChildProcess, output: string[]): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `nginx exited during startup (${child.exitCode ?? child.signalCode}):\n${output.join('\n')}`,
      );
    }
    try {
      await fetch(url, { signal: AbortSignal.timeout(1_000) });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`nginx did not listen at ${url} within ${STARTUP_TIMEOUT_MS} ms:\n${output.join('\n')}`);
}

function run(command: string, args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, output }));
  });
}

/**
 * SIGTERM is nginx's fast stop (SIGQUIT, the graceful one, would wait for every open WebSocket);
 * SIGKILL if it has not exited in time.
 */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
