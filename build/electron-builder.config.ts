/**
 * Packaging of the desktop shell (`npm run package:desktop`, which needs downloads: Electron's
 * runtime and headers). electron-builder loads this TypeScript module itself; the test beside it
 * checks the parts a packaged wall depends on at run time.
 */
import type { Configuration } from 'electron-builder';

/** What the app runs from: the compiled shell, the aggregator it hosts, and the built console. */
const RUNTIME_FILES = [
  'package.json',
  'dist/electron/**/*.{js,cjs}',
  'dist/server/**/*.js',
  'dist/shared/**/*.js',
  'dist/renderer/**/*',
];

/** Never shipped: sources, tests, maps, type declarations, build state, native build leftovers. */
const EXCLUDED_FILES = [
  '!**/*.{ts,cts,mts,vue}',
  '!**/*.test.*',
  '!**/test-support/**',
  '!**/*.map',
  '!dist/.tsbuild/**',
  '!node_modules/better-sqlite3/{deps,src}/**',
  '!node_modules/better-sqlite3/build/Release/{obj,obj.target,.deps}/**',
  '!node_modules/better-sqlite3/build/Release/test_extension.node',
];

export const config: Configuration = {
  appId: 'com.skyfort.noc-console',
  productName: 'Skyfort',
  executableName: 'skyfort-desktop',
  copyright: 'Copyright © Skyfort',
  directories: { output: 'release', buildResources: 'build' },
  // The repo's package.json names the same entry; stated here so the packaged app never depends
  // on a field a developer might change for their own tooling.
  extraMetadata: { main: 'dist/electron/main/index.js' },
  files: [...RUNTIME_FILES, ...EXCLUDED_FILES],
  asar: true,
  // A native module cannot be loaded from inside the asar archive: Electron loads it from the
  // unpacked copy beside it.
  asarUnpack: ['node_modules/better-sqlite3/build/Release/*.node'],
  // better-sqlite3 is compiled for the system Node at install; the utility process that hosts the
  // aggregator runs Electron's Node, so it is rebuilt against Electron's headers when packaging.
  npmRebuild: true,
  nodeGypRebuild: false,
  // Security checklist #19, Check which fuses you can change: no running as plain Node, no
  // NODE_OPTIONS or --inspect, app code only from the (integrity-checked) asar, no file:// extras.
  electronFuses: {
    runAsNode: false,
    enableCookieEncryption: true,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
    grantFileProtocolExtraPrivileges: false,
  },
  linux: {
    target: ['AppImage', 'deb'],
    category: 'Network',
    synopsis: 'NOC wall console for a private cloud',
    maintainer: 'Skyfort NOC team <noc@skyfort.invalid>',
  },
  win: { target: ['nsis'] },
  nsis: { oneClick: false, perMachine: true, allowToChangeInstallationDirectory: true },
};

export default config;
