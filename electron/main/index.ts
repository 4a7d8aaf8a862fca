/**
 * The desktop shell's main process, kept thin (architecture.md, convention 9): it wires the
 * modules beside it in order and holds no logic of its own.
 */
import { app, BrowserWindow, ipcMain, powerSaveBlocker, screen, session, utilityProcess } from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAggregatorHost, createLaunchToken, type AggregatorHost } from './aggregator-host.js';
import { allowAutoplayWithoutGesture } from './autoplay-policy.js';
import { nodeLauncher, utilityProcessLauncher } from './aggregator-process.js';
import { DISPLAY_CONFIG_FILE, loadDisplayConfig, type AggregatorChoice } from './display-config.js';
import { createDisplayWindows, type DisplayWindows } from './display-windows.js';
import { buildLaunchInfo, registerIpcHandlers, type AggregatorEndpoint } from './ipc-handlers.js';
import { createLogger, fileSink, teeSink } from './logger.js';
import { keepDisplaysAwake } from './power-save.js';
import { hardenSession, hardenWebContents, originOf } from './security-rules.js';
import { claimSingleInstance } from './single-instance.js';
import { createWindowRecovery } from './window-recovery.js';

const here = path.dirname(fileURLToPath(import.meta.url));
// dist/electron/main → dist/electron/preload and dist/server, the same inside the packaged asar.
const PRELOAD = path.join(here, '..', 'preload', 'index.cjs');
const AGGREGATOR_CLI = path.resolve(here, '..', '..', 'server', 'cli', 'main.js');
// One folder whatever the app is called (the packaged app's product name is "Skyfort"), so the
// README can name it. A second shell on one machine (an end-to-end run, a test wall) needs its
// own: the config, logs, aggregator store and single-instance lock all live there.
app.setPath('userData', path.resolve(process.env.SKYFORT_USER_DATA || path.join(app.getPath('appData'), 'skyfort')));
const userData = app.getPath('userData');
// The control-room sound rings on walls nobody clicks (autoplay-policy.ts); a command-line
// switch, so it must be appended before the app is ready.
allowAutoplayWithoutGesture(app);

const logger = createLogger({
  write: teeSink(fileSink(path.join(userData, 'logs', 'desktop.log')), (line) => void process.stdout.write(line)),
});
// A wall has nobody to click away Electron's error dialog: log and keep the windows up.
process.on('uncaughtException', (err) => logger.error('uncaught exception in main', { err }));
process.on('unhandledRejection', (err) => logger.error('unhandled rejection in main', { err }));
// `npm start` stops the shell with a signal: quit properly so the aggregator is stopped too.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => app.quit());

let windows: DisplayWindows | undefined;

if (claimSingleInstance(app, () => windows?.focus(), logger)) {
  main().catch((err: unknown) => {
    logger.error('shell failed to start', { err });
    app.exit(1);
  });
}

async function main(): Promise<void> {
  await app.whenReady();
  const configFile = path.join(userData, DISPLAY_CONFIG_FILE);
  const config = loadDisplayConfig(configFile, logger);
  const { endpoint, host } = await connect(config.aggregator);
  let origin = originOf(endpoint.url);

  hardenSession(session.defaultSession, () => origin, logger);
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, () => origin, logger));
  registerIpcHandlers({
    ipcMain,
    origin: () => origin,
    launchInfoFor: (id) => {
      const assignment = windows?.assignmentOf(id);
      return assignment ? buildLaunchInfo(assignment, endpoint) : null;
    },
    logger,
  });

  const recovery = createWindowRecovery({ logger });
  windows = createDisplayWindows({
    screen,
    createWindow: (options) => new BrowserWindow(options),
    config,
    aggregatorUrl: endpoint.url,
    preloadPath: PRELOAD,
    devTools: !app.isPackaged,
    logger,
    onWindow: (win, label) => recovery.watch(win, label),
  });
  host?.onUrl((url) => {
    endpoint.url = url;
    origin = originOf(url);
    windows?.setAggregatorUrl(url);
  });

  const releaseDisplays = keepDisplaysAwake(powerSaveBlocker, logger);
  app.on('before-quit', () => {
    releaseDisplays();
    host?.stop();
  });
  app.on('window-all-closed', () => app.quit());
  // scripts/start.mjs waits for this line to know the desktop came up.
  logger.info('shell ready', { aggregator: endpoint.url, mode: config.aggregator.mode, windows: windows.count, config: configFile });
}

/** The bundled aggregator (started here, on the simulated cloud by default) or a remote one. */
async function connect(choice: AggregatorChoice): Promise<{ endpoint: AggregatorEndpoint; host: AggregatorHost | null }> {
  if (choice.mode === 'remote') {
    logger.info('using a remote aggregator', { url: choice.url });
    return { endpoint: { url: choice.url, displayToken: choice.displayToken }, host: null };
  }
  const launchToken = createLaunchToken();
  // From a clone, the aggregator runs on the Node that compiled its native modules (see
  // aggregator-process.ts); a packaged app always uses Electron's utility process.
  const devNode = app.isPackaged ? undefined : process.env.SKYFORT_AGGREGATOR_NODE;
  const launch = devNode
    ? nodeLauncher(devNode, AGGREGATOR_CLI)
    : utilityProcessLauncher((m, a, o) => utilityProcess.fork(m, a, o), AGGREGATOR_CLI);
  const host = createAggregatorHost({
    launch,
    dataDir: path.join(userData, 'aggregator'),
    simulate: choice.simulate,
    launchToken,
    logger,
    baseEnv: Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined)),
  });
  const url = await host.start();
  return { endpoint: { url, displayToken: launchToken }, host };
}
