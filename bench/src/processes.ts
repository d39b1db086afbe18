import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { sleep } from './stats.js';

/**
 * Open files each server child gets. Figure 1 holds 10,000 sockets in one process and the default
 * soft limit is often 1024; as root the hard limit is raised too, otherwise we take the hard limit.
 */
export const NOFILE = 65_535;

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export type Child = { proc: ChildProcess; pid: number; stderr: () => string; exited: Promise<number | null> };

/**
 * Starts `node <args>` through bash so that `ulimit -n` applies to it; `exec` makes the node
 * process the child itself (its pid is the one whose RSS we read).
 */
export function spawnNode(nodeArgs: string[], env: Record<string, string>, cwd: string): Child {
  const quoted = nodeArgs.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const script = `ulimit -n ${NOFILE} 2>/dev/null || ulimit -n "$(ulimit -Hn)"; exec "${process.execPath}" ${quoted}`;
  const proc = spawn('bash', ['-c', script], {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  proc.stderr?.on('data', (d: Buffer) => {
    err = (err + d.toString()).slice(-8000);
  });
  // The server logs (pino, LOG_LEVEL=warn) go to stdout: keep the tail for error reports.
  proc.stdout?.on('data', (d: Buffer) => {
    err = (err + d.toString()).slice(-8000);
  });
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  if (proc.pid === undefined) throw new Error('spawn failed');
  return { proc, pid: proc.pid, stderr: () => err, exited };
}

/** Polls a URL until it answers 200 (bounded). */
export async function waitReady(url: string, child: Child, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void child.exited.then(() => {
    exited = true;
  });
  while (Date.now() < deadline) {
    if (exited) throw new Error(`process exited during start:\n${child.stderr()}`);
    try {
      const res = await fetch(url);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`not ready after ${timeoutMs} ms: ${url}\n${child.stderr()}`);
}

/** Resident set size of a process, in bytes (Linux /proc). */
export function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1];
  return kb ? Number(kb) * 1024 : 0;
}

/** Open file descriptors limit actually applied to a process. */
export function nofileOf(pid: number): string {
  const limits = readFileSync(`/proc/${pid}/limits`, 'utf8');
  return /Max open files\s+(\d+)/.exec(limits)?.[1] ?? '?';
}

/** SIGTERM (the server drains), then SIGKILL if it takes too long. Only our own child, by pid. */
export async function stop(child: Child, graceMs = 15_000): Promise<void> {
  if (child.proc.exitCode !== null || child.proc.signalCode !== null) return;
  child.proc.kill('SIGTERM');
  const timedOut = await Promise.race([child.exited.then(() => false), sleep(graceMs).then(() => true)]);
  if (timedOut) {
    child.proc.kill('SIGKILL');
    await child.exited;
  }
}

/** USER_HZ: clock ticks per second of /proc times (100 on every Linux Node runs on). */
const CLOCK_TICKS = 100;

/**
 * CPU time a process has used so far, user + system, all its threads (Linux /proc), in seconds. Read
 * around a phase it says how much of the machine the work took: a server at 90 % of a core queues
 * its messages, one at 40 % does not, whatever the rate.
 */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // After the command name (which may hold spaces, hence the last ')'): utime and stime are fields 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}
