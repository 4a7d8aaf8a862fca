import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { config } from './electron-builder.config.js';

const files = (config.files ?? []) as string[];
const include = files.filter((p) => !p.startsWith('!'));
const exclude = files.filter((p) => p.startsWith('!')).map((p) => p.slice(1));

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  main?: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

/**
 * electron-builder's reading of the list: matched by an include (production dependencies are
 * added by electron-builder itself, development ones never), and not by an exclude.
 */
function shipped(file: string): boolean {
  const dep = /^node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file)?.[1];
  const included = dep ? dep in pkg.dependencies : include.some((p) => path.matchesGlob(file, p));
  return included && !exclude.some((p) => path.matchesGlob(file, p));
}

describe('electron-builder configuration', () => {
  it('builds AppImage and deb for Linux and an NSIS installer for Windows', () => {
    expect(config.appId).toMatch(/^[a-z]+(\.[a-z-]+)+$/);
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.win?.target).toEqual(['nsis']);
    expect(config.linux?.maintainer).toBeTruthy(); // deb refuses to build without one
  });

  it('starts the compiled main process, the same entry as the repo', () => {
    expect(config.extraMetadata.main).toBe('dist/electron/main/index.js');
    expect(pkg.main).toBe(config.extraMetadata.main);
  });

  it('ships everything the app loads at run time', () => {
    for (const file of [
      'package.json',
      'dist/electron/main/index.js',
      'dist/electron/main/aggregator-host.js',
      'dist/electron/preload/index.cjs',
      'dist/server/cli/main.js',
      'dist/server/app.js',
      'dist/shared/ipc/bridge.js',
      'dist/shared/protocol/stream.js',
      'dist/renderer/index.html',
      'dist/renderer/assets/index-3f9a1c.js',
      'dist/renderer/assets/index-3f9a1c.css',
      'node_modules/better-sqlite3/build/Release/better_sqlite3.node',
      'node_modules/better-sqlite3/lib/database.js',
      'node_modules/fastify/fastify.js',
    ]) {
      expect(shipped(file), file).toBe(true);
    }
  });

  it('ships no sources, tests, maps, declarations or build leftovers', () => {
    for (const file of [
      'electron/main/index.ts',
      'electron/preload/index.cts',
      'server/app.ts',
      'server/app.test.ts',
      'renderer/app/main.ts',
      'renderer/features/wall/live-overview.vue',
      'e2e/live-data.spec.ts',
      'bench/stream/run.ts',
      'scripts/start.mjs',
      'node_modules/electron/index.js',
      'node_modules/vitest/index.js',
      'dist/server/app.js.map',
      'dist/server/app.d.ts',
      'dist/electron/preload/index.d.cts',
      'dist/server/test-support/fixtures.js',
      'dist/server/app.test.js',
      'dist/.tsbuild/server.tsbuildinfo',
      'node_modules/better-sqlite3/deps/sqlite3/sqlite3.c',
      'node_modules/better-sqlite3/src/better_sqlite3.cpp',
      'node_modules/better-sqlite3/build/Release/obj.target/better_sqlite3/src/better_sqlite3.o',
      'node_modules/better-sqlite3/build/Release/test_extension.node',
    ]) {
      expect(shipped(file), file).toBe(false);
    }
  });

  it('unpacks the native SQLite module from the asar and rebuilds it for Electron', () => {
    expect(config.asar).toBe(true);
    const unpack = [config.asarUnpack ?? []].flat();
    expect(unpack.some((p) => path.matchesGlob('node_modules/better-sqlite3/build/Release/better_sqlite3.node', p))).toBe(true);
    expect(unpack.some((p) => path.matchesGlob('dist/server/app.js', p))).toBe(false);
    expect(config.npmRebuild).toBe(true);
  });

  it('flips the fuses that would let the packaged binary run arbitrary code', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });
});
