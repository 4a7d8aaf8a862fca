/**
 * Subscribed walls for the ingest bench, in a child process so their CPU is not the server's:
 * N sockets each following `topology` and a few `metrics:<node>` topics, counting what arrives.
 *   parent → {url, token, clients, topics}   child → {type:'ready'}
 *   parent → 'count'                         child → {type:'count', deltas, upserts, gaps}
 */
import { io as connect, type Socket } from 'socket.io-client';
import type { Delta } from '../../shared/protocol/stream.js';

const counts = { type: 'count' as const, deltas: 0, upserts: 0, gaps: 0, snapshots: 0 };
const sockets: Socket[] = [];

process.on('message', async (msg: { url: string; token: string; clients: number; topics: string[] } | 'count' | 'stop') => {
  if (msg === 'count') return process.send?.(counts);
  if (msg === 'stop') {
    for (const s of sockets) s.close();
    process.exit(0);
  }
  for (let i = 0; i < msg.clients; i++) {
    const s = connect(msg.url, { auth: { token: msg.token }, transports: ['websocket'], reconnection: false });
    const seqs = new Map<string, number>();
    s.on('snapshot', (snap: { topic: string; seq: number }) => {
      counts.snapshots++;
      seqs.set(snap.topic, snap.seq);
    });
    s.on('delta', (d: Delta) => {
      counts.deltas++;
      for (const _ in d.changes.upserts) counts.upserts++;
      if (seqs.get(d.topic) !== d.seq - 1) counts.gaps++;
      seqs.set(d.topic, d.seq);
    });
    await new Promise<void>((resolve) => s.once('connect', () => resolve()));
    await s.timeout(10_000).emitWithAck('subscribe', { topics: msg.topics });
    sockets.push(s);
  }
  process.send?.({ type: 'ready' });
});
