import type { IpcMain, IpcMainEvent, IpcMainInvokeEvent } from 'electron';
import { IPC_CHANNELS, type LaunchInfo, type StreamState } from '../../shared/ipc/bridge.js';
import type { ScreenAssignment } from './display-config.js';
import type { Logger } from './logger.js';
import { isTrustedSender, type OriginSource } from './security-rules.js';

export interface AggregatorEndpoint {
  /** The aggregator's origin as windows reach it. */
  url: string;
  /** The display credential wall windows use: the launch token, or the configured one. */
  displayToken: string;
}

/** A wall window gets the display credential; the desk gets none, people sign in there. */
export function buildLaunchInfo(assignment: ScreenAssignment, endpoint: AggregatorEndpoint): LaunchInfo {
  return {
    aggregatorUrl: endpoint.url,
    displayToken: assignment.view === null ? null : endpoint.displayToken,
    view: assignment.view,
    locale: assignment.locale,
    sound: assignment.sound ?? null,
  };
}

export interface IpcHandlerDeps {
  ipcMain: Pick<IpcMain, 'handle' | 'on' | 'removeHandler' | 'removeAllListeners'>;
  origin: OriginSource;
  /** LaunchInfo for the window owning these web contents; null when it is not one of ours. */
  launchInfoFor(webContentsId: number): LaunchInfo | null;
  logger: Logger;
}

const STREAM_STATES: ReadonlySet<string> = new Set<StreamState>(['live', 'stale', 'signed-out']);

/**
 * One handler per channel of shared/ipc/bridge.ts. Every message's sender is checked before
 * anything else (security checklist #17, Validate the sender of all IPC messages): the launch
 * info carries a credential and must reach only the aggregator's own pages.
 */
export function registerIpcHandlers(deps: IpcHandlerDeps): () => void {
  const { ipcMain, logger } = deps;
  const lastState = new Map<number, StreamState>();

  const trusted = (event: IpcMainEvent | IpcMainInvokeEvent, channel: string) => {
    if (isTrustedSender(event.senderFrame, deps.origin())) return true;
    logger.warn('ipc from untrusted sender rejected', { channel, url: safeUrl(event) });
    return false;
  };

  ipcMain.handle(IPC_CHANNELS.launchInfo, (event) => {
    if (!trusted(event, IPC_CHANNELS.launchInfo)) throw new Error('sender not allowed');
    const info = deps.launchInfoFor(event.sender.id);
    if (!info) throw new Error('not a Skyfort display window');
    return info;
  });

  // #17 again: a fire-and-forget message is still checked, and its one argument validated.
  ipcMain.on(IPC_CHANNELS.streamState, (event, state: unknown) => {
    if (!trusted(event, IPC_CHANNELS.streamState)) return;
    if (typeof state !== 'string' || !STREAM_STATES.has(state)) {
      logger.warn('ipc stream state rejected', { state: String(state).slice(0, 40) });
      return;
    }
    const id = event.sender.id;
    if (!lastState.has(id)) event.sender.once('destroyed', () => lastState.delete(id));
    if (lastState.get(id) === state) return;
    lastState.set(id, state as StreamState);
    (state === 'live' ? logger.info : logger.warn)('window stream state', { webContentsId: id, state });
  });

  return () => {
    ipcMain.removeHandler(IPC_CHANNELS.launchInfo);
    ipcMain.removeAllListeners(IPC_CHANNELS.streamState);
  };
}

function safeUrl(event: IpcMainEvent | IpcMainInvokeEvent): string {
  try {
    return (event.senderFrame?.url ?? '(gone)').slice(0, 200);
  } catch {
    return '(gone)';
  }
}
