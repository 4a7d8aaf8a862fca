import * as parser from 'socket.io-parser';

/**
 * socket.io's default encoder walks every packet looking for binary attachments before it
 * serialises it. The stream only ever carries JSON (keyed entities, acks), so on a tick that
 * upserts thousands of entities that walk is pure cost, paid on every broadcast. This encoder
 * writes the same wire format the default one uses for non-binary packets, so the stock
 * socket.io-client decodes it unchanged. Never emit Buffers or typed arrays through it.
 */
class JsonOnlyEncoder extends parser.Encoder {
  override encode(packet: parser.Packet): string[] {
    return [(this as unknown as { encodeAsString(p: parser.Packet): string }).encodeAsString(packet)];
  }
}

export const jsonOnlyParser: typeof parser = { ...parser, Encoder: JsonOnlyEncoder };
