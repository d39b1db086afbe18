import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { ChatMessage } from '@livechat/protocol';

/*
 * Real faults for the scale-out tests: a Redis server of the test's own (so restarting it disturbs
 * no other test file), and a TCP hop in front of PostgreSQL that can be cut and restored.
 */

/** A private redis-server on `port`; `restart()` kills it with SIGKILL and starts it again. */
export async function startRedis(port: number) {
  let child: ChildProcess | null = null;
  const up = async () => {
    child = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      {
        stdio: 'ignore',
      },
    );
    await waitForPort(port);
  };
  const down = async () => {
    const c = child;
    if (!c || c.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      c.once('exit', () => resolve());
      c.kill('SIGKILL');
    });
  };
  await up();
  return { url: `redis://127.0.0.1:${port}`, down, up, stop: down };
}

/** A TCP hop to 127.0.0.1:`target`; `cut()` refuses and drops every connection until `restore()`. */
export async function startTcpHop(port: number, target: number) {
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  const listen = () =>
    new Promise<void>((resolve) => {
      server = createServer((client) => {
        const upstream = connect(target, '127.0.0.1');
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on('close', () => sockets.delete(s));
          s.on('error', () => s.destroy());
        }
        client.pipe(upstream).pipe(client);
      });
      server.listen(port, '127.0.0.1', () => resolve());
    });
  const cut = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      const s = server;
      server = null;
      if (s) s.close(() => resolve());
      else resolve();
    });
  await listen();
  return { cut, restore: listen, stop: cut };
}

async function waitForPort(port: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect(port, '127.0.0.1');
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on ${port}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Asserts a stream is whole: seqs 1..n once each, and each clientMsgId at most once. */
export function streamProblems(messages: ChatMessage[]): string[] {
  const problems: string[] = [];
  const seqs = messages.map((m) => m.seq);
  seqs.forEach((seq, i) => {
    if (seq !== i + 1) problems.push(`seq ${seq} at position ${i + 1}`);
  });
  const ids = messages.flatMap((m) => (m.clientMsgId ? [m.clientMsgId] : []));
  if (new Set(ids).size !== ids.length) problems.push('a clientMsgId appears twice');
  return problems;
}
