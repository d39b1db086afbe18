import WebSocket from 'ws';
import { frameText } from './ws-text.js';

/** A DevTools protocol session with a child started with `--inspect=127.0.0.1:<port>`. */
class InspectorSession {
  private nextId = 1;

  private constructor(private readonly ws: WebSocket) {}

  static async open(inspectPort: number): Promise<InspectorSession> {
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
    return new InspectorSession(ws);
  }

  /** Sends a method and resolves with its result. */
  call(method: string, params: Record<string, unknown> = {}): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${method} timed out`)), 60_000);
      const onMessage = (data: WebSocket.RawData) => {
        const msg: unknown = JSON.parse(frameText(data));
        if (typeof msg !== 'object' || msg === null || Reflect.get(msg, 'id') !== id) return;
        clearTimeout(timer);
        this.ws.off('message', onMessage);
        resolve(Reflect.get(msg, 'result'));
      };
      this.ws.on('message', onMessage);
      this.ws.send(JSON.stringify({ id, method, params }));
    });
  }

  close(): void {
    this.ws.close();
  }
}

/**
 * Forces a full garbage collection (HeapProfiler.collectGarbage, twice) and reads the heap in use.
 * RSS read right after is then memory that is held, not garbage V8 has not collected yet: without
 * it, figure 1 measured the collection of the session-creation garbage (a negative KB per
 * connection) rather than the connections.
 */
export async function collectGarbage(inspectPort: number): Promise<{ heapUsedBytes: number }> {
  const session = await InspectorSession.open(inspectPort);
  try {
    await session.call('HeapProfiler.collectGarbage');
    await session.call('HeapProfiler.collectGarbage');
    const usage = await session.call('Runtime.getHeapUsage');
    const used: unknown = typeof usage === 'object' && usage !== null ? Reflect.get(usage, 'usedSize') : 0;
    return { heapUsedBytes: typeof used === 'number' ? used : 0 };
  } finally {
    session.close();
  }
}

/**
 * Samples what the main thread allocates (every ~32 KB, including what the GC has collected since),
 * until the returned function is called; it resolves with the profile (a .heapprofile for DevTools).
 * Allocation is what the young generation's collections cost: the bench's `--alloc-prof`.
 */
export async function sampleAllocations(inspectPort: number): Promise<() => Promise<unknown>> {
  const session = await InspectorSession.open(inspectPort);
  await session.call('HeapProfiler.startSampling', {
    samplingInterval: 32_768,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
  return async () => {
    try {
      const result = await session.call('HeapProfiler.stopSampling');
      const profile: unknown =
        typeof result === 'object' && result !== null ? Reflect.get(result, 'profile') : null;
      return profile;
    } finally {
      session.close();
    }
  };
}
