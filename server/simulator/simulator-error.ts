/**
 * What the simulator refuses, in terms a route can map to HTTP without knowing the simulator:
 * not_found → 404, invalid_target → 400, conflict → 409.
 */
export class SimulatorError extends Error {
  constructor(
    readonly code: 'not_found' | 'invalid_target' | 'conflict',
    message: string,
  ) {
    super(message);
    this.name = 'SimulatorError';
  }
}
