/**
 * The preload of every Skyfort window. A sandboxed preload is CommonJS and may require only
 * 'electron' and a few built-ins, so nothing else is imported at run time: the channel names are
 * written out here, and the compiler checks them against shared/ipc/bridge.ts.
 */
import electron = require('electron');
import type { IPC_CHANNELS, LaunchInfo, SkyfortBridge, StreamState } from '../../shared/ipc/bridge.js';

const CHANNELS: typeof IPC_CHANNELS = { launchInfo: 'skyfort:launch-info', streamState: 'skyfort:stream-state' };
const STREAM_STATES: readonly string[] = ['live', 'stale', 'signed-out'] satisfies StreamState[];

// Electron security checklist #20, Do not expose Electron APIs to untrusted web content: the page
// gets one function per message with fixed arguments, never ipcRenderer or a generic send/on.
const bridge: SkyfortBridge = {
  isDesktop: true,
  launchInfo: () => electron.ipcRenderer.invoke(CHANNELS.launchInfo) as Promise<LaunchInfo>,
  reportStreamState: (state) => {
    if (STREAM_STATES.includes(state)) electron.ipcRenderer.send(CHANNELS.streamState, state);
  },
};

// #3 Enable Context Isolation: exposed through the bridge, so the page sees a frozen copy.
electron.contextBridge.exposeInMainWorld('skyfort', bridge);
