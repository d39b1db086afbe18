import { createServer } from 'node:net';

/** A TCP port that was free on `host` a moment ago (the OS picks it; the race window is tiny). */
export function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.once('error', reject);
    probe.listen({ port: 0, host }, () => {
      const address = probe.address();
      probe.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error(`could not read a free port on ${host}`));
      });
    });
  });
}
