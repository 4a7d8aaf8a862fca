/** Types for electron-runtime.mjs, so the Playwright spec can share the detection. */
export declare function findElectronRuntime(
  root: string,
  env?: NodeJS.ProcessEnv,
): { ok: true; path: string } | { ok: false; reason: string };
