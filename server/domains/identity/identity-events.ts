/**
 * What the stream hub needs to hear from identity: which live credentials just stopped being
 * valid (so their sockets end now rather than at expiry) and which sessions moved their expiry.
 */
export type SessionEndedEvent =
  | { kind: 'sessions'; sessionIds: string[]; userId: string; reason: 'signed-out' }
  | { kind: 'credential'; credentialId: string; reason: 'revoked' };

export interface SessionRefreshedEvent {
  sessionId: string;
  /** Wall-clock ms, like Principal.expiresAt. */
  expiresAt: number;
}

/** A tiny typed emitter: a listener that throws cannot stop the others or the caller. */
export class Listeners<E> {
  private readonly set = new Set<(e: E) => void>();

  add(listener: (e: E) => void): () => void {
    this.set.add(listener);
    return () => {
      this.set.delete(listener);
    };
  }

  emit(e: E): void {
    for (const l of [...this.set]) {
      try {
        l(e);
      } catch {
        // The identity change already happened; a failing observer must not undo or hide it.
      }
    }
  }

  get size(): number {
    return this.set.size;
  }
}
