import { describe, expect, it } from 'vitest';
import * as parser from 'socket.io-parser';
import { jsonOnlyParser } from './json-only-parser.js';

describe('JSON-only stream encoder', () => {
  it('writes exactly what the stock encoder writes for JSON packets, so stock clients decode it', async () => {
    const packets: parser.Packet[] = [
      { type: parser.PacketType.EVENT, nsp: '/', data: ['delta', { topic: 'topology', seq: 7, changes: { upserts: { 'n:a': { status: 'ok', name: '融合计费' } }, removes: ['n:b'] } }] },
      { type: parser.PacketType.ACK, nsp: '/', id: 12, data: [{ ok: false, error: { code: 'unknown_topic', message: 'no such topic' } }] },
      { type: parser.PacketType.CONNECT, nsp: '/', data: { sid: 'abc' } },
    ];
    const mine = new jsonOnlyParser.Encoder();
    const stock = new parser.Encoder();
    for (const p of packets) {
      expect(mine.encode(p)).toEqual(stock.encode(p));
      const decoded = new Promise<unknown>((resolve) => {
        const d = new parser.Decoder();
        d.on('decoded', resolve);
        d.add(mine.encode(p)[0] as string);
      });
      await expect(decoded).resolves.toMatchObject({ type: p.type, data: p.data });
    }
  });
});
