/** Types for ensure-deps.mjs, so the benches can share its "rebuild when a source is newer" check. */
export declare const root: string;
export declare function run(cmd: string, args: string[], opts?: object): number;
export declare function ensureDeps(): void;
/** Builds server, desktop shell and console when a source file is newer than the build (exits on failure). */
export declare function ensureBuilt(): void;
