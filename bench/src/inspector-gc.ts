import WebSocket from 'ws';
import { frameText } from './ws-text.js';

/**
 * Forces a full garbage collection in a child started with `--inspect=127.0.0.1:<port>`, through
 * the DevTools protocol (HeapProfiler.collectGarbage). RSS read right after is then memory that is
 * held, not garbage V8 has not collected yet: without it, figure 1 measured the collection of the
 * session-creation garbage (a negative KB per connection) rather than the connections.
 */
export async function collectGarbage(inspectPort: number): Promise<{ heapUsedBytes: number }> {
  const list: unknown = await (await fetch(`http://127.0.0.1:${inspectPort}/json/list`)).json();
  const first: unknown = Array.isArray(list) ? list[0] : undefined;
  const url: unknown =
    typeof first === 'object' && first !== null ? Reflect.get(first, 'webSocketDebuggerUrl') : undefined;
  if (typeof url !== 'string') throw new Error('no inspector target');
  const ws = new WebSocket(url);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let heapUsedBytes = 0;
  for (let id = 1; id <= 3; id++) {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('collectGarbage timed out')), 30_000);
      ws.on('message', (data) => {
        const msg: unknown = JSON.parse(frameText(data));
        if (typeof msg === 'object' && msg !== null && Reflect.get(msg, 'id') === id) {
          const used: unknown = Reflect.get(Reflect.get(msg, 'result') ?? {}, 'usedSize');
          if (typeof used === 'number') heapUsedBytes = used;
          clearTimeout(timer);
          resolve();
        }
      });
      ws.send(
        JSON.stringify({ id, method: id < 3 ? 'HeapProfiler.collectGarbage' : 'Runtime.getHeapUsage' }),
      );
    });
  }
  ws.close();
  return { heapUsedBytes };
}
