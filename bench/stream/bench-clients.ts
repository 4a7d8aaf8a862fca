/**
 * The bench's clients, run as a child process (so their CPU is not the server's): N sockets on
 * loopback that count every update they receive and check seq continuity. Driven over IPC:
 *   parent → {type:'start', mode, url, clients, token, topic}   child → {type:'ready'}
 *   parent → {type:'count'}                                     child → {type:'count', ...}
 *   parent → {type:'stop'}                                      child exits
 */
import { io as connect, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import type { Delta, Snapshot } from '../../shared/protocol/stream.js';

interface Start {
  type: 'start';
  mode: 'hub' | 'hubping' | 'naive' | 'raw';
  url: string;
  clients: number;
  token: string;
  topic: string;
}

export interface ClientCounts {
  type: 'count';
  /** Updates received (delta upserts, or single update events). */
  received: number;
  /** Deltas whose seq did not follow the previous one (should stay 0). */
  gaps: number;
  snapshots: number;
  connected: number;
  errors: number;
}

const counts: ClientCounts = { type: 'count', received: 0, gaps: 0, snapshots: 0, connected: 0, errors: 0 };
const closers: (() => void)[] = [];

function countUpserts(d: Delta): number {
  let n = 0;
  for (const _ in d.changes.upserts) n++;
  return n;
}

async function startSocketIo(msg: Start): Promise<void> {
  const ready: Promise<void>[] = [];
  for (let i = 0; i < msg.clients; i++) {
    const s: Socket = connect(msg.url, { auth: { token: msg.token }, transports: ['websocket'], reconnection: false, forceNew: true });
    closers.push(() => s.disconnect());
    let seq = -1;
    s.on('connect_error', () => counts.errors++);
    s.on('disconnect', () => counts.connected--);
    if (msg.mode === 'hub' || msg.mode === 'hubping') {
      s.on('snapshot', (snap: Snapshot) => {
        counts.snapshots++;
        seq = snap.seq;
      });
      s.on('delta', (d: Delta) => {
        if (d.seq !== seq + 1) counts.gaps++;
        seq = d.seq;
        counts.received += countUpserts(d);
      });
    } else {
      s.on('update', () => counts.received++);
    }
    ready.push(
      new Promise<void>((resolve) => {
        // A socket that cannot connect still settles, counted as an error: the run reports it
        // unverified instead of hanging on a client that will never be ready.
        s.once('connect_error', () => resolve());
        s.once('connect', () => {
          counts.connected++;
          if (msg.mode !== 'hub' && msg.mode !== 'hubping') return resolve();
          s.once('snapshot', () => resolve());
          s.once('disconnect', () => resolve());
          s.emit('subscribe', { topics: [msg.topic] }, () => {});
        });
      }),
    );
  }
  await Promise.all(ready);
}

async function startRaw(msg: Start): Promise<void> {
  const ready: Promise<void>[] = [];
  for (let i = 0; i < msg.clients; i++) {
    const ws = new WebSocket(msg.url, { perMessageDeflate: false });
    closers.push(() => ws.close());
    let seq = 0;
    ws.on('error', () => counts.errors++);
    ws.on('close', () => counts.connected--);
    ws.on('message', (data) => {
      const d = JSON.parse(data.toString()) as Delta;
      if (d.seq !== seq + 1 && seq !== 0) counts.gaps++;
      seq = d.seq;
      counts.received += countUpserts(d);
    });
    ready.push(
      new Promise<void>((resolve) => {
        ws.once('error', () => resolve());
        ws.once('open', () => {
          counts.connected++;
          resolve();
        });
      }),
    );
  }
  await Promise.all(ready);
}

process.on('message', (msg: { type: string } & Partial<Start>) => {
  if (msg.type === 'start') {
    const start = msg as Start;
    void (start.mode === 'raw' ? startRaw(start) : startSocketIo(start)).then(() => process.send!({ type: 'ready' }));
  } else if (msg.type === 'count') {
    process.send!(counts);
  } else if (msg.type === 'stop') {
    for (const close of closers) close();
    setTimeout(() => process.exit(0), 100);
  }
});
