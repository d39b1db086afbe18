import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setFrameSender } from '../realtime/outbound';
import { recordFrames } from '../test-support/fixtures';
import { usePresenceStore } from './presence-store';

const store = () => usePresenceStore.getState();
let wire: ReturnType<typeof recordFrames>;

beforeEach(() => {
  store().reset();
  store().choose('online');
  wire = recordFrames();
});
afterEach(() => setFrameSender(null));

describe('my presence', () => {
  it('goes away when idle and comes back on input, telling the server each time', () => {
    store().setIdle(true);
    store().setIdle(true);
    store().setIdle(false);
    expect(wire.ofType('presence.set').map((f) => f.status)).toEqual(['away', 'online']);
  });

  it('keeps a chosen "away" through idle and input', () => {
    store().choose('away');
    store().setIdle(true);
    store().setIdle(false);
    expect(wire.ofType('presence.set').map((f) => f.status)).toEqual(['away']);
  });

  it('tells the server again after a reconnect only when away', () => {
    store().announceMine();
    expect(wire.ofType('presence.set')).toEqual([]);
    store().choose('away');
    wire.clear();
    store().announceMine();
    expect(wire.ofType('presence.set')).toEqual([{ type: 'presence.set', status: 'away' }]);
  });

  it('keeps colleagues live from presence frames', () => {
    usePresenceStore.setState({
      directory: [
        {
          id: 'b',
          name: 'Bo',
          avatarUrl: null,
          email: 'bo@example.com',
          role: 'AGENT',
          status: 'offline',
          activeChats: 0,
          maxChats: 3,
          departmentIds: [],
          active: true,
        },
      ],
    });
    store().receivePresence({ type: 'presence', agentId: 'b', status: 'online', activeChats: 2 });
    expect(store().directory[0]).toMatchObject({ status: 'online', activeChats: 2 });
  });
});
