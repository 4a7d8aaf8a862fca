import { mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** Where `skyfort login` keeps the aggregator URL and the session token (mode 600). */
export const CLI_STATE = path.join(os.homedir(), '.skyfort', 'cli.json');

export interface CliState {
  url: string;
  token: string;
  expiresAt: string;
}

export async function loadState(): Promise<CliState | null> {
  try {
    return JSON.parse(await readFile(CLI_STATE, 'utf8')) as CliState;
  } catch {
    return null;
  }
}

export async function saveState(s: CliState | null): Promise<void> {
  await mkdir(path.dirname(CLI_STATE), { recursive: true, mode: 0o700 });
  await writeFile(CLI_STATE, JSON.stringify(s ?? {}), { mode: 0o600 });
}

/** A failure with the one-line reason the CLI prints before exiting non-zero. */
export class CliError extends Error {}

export async function callApi<T>(
  method: string,
  url: string,
  opts: { token?: string | undefined; body?: unknown } = {},
): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers: {
        ...(opts.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
      },
      body: opts.body === undefined ? null : JSON.stringify(opts.body),
    });
  } catch (e) {
    throw new CliError(`cannot reach the aggregator at ${new URL(url).origin}: ${(e as Error).message}`);
  }
  const text = await res.text();
  const json = text ? (JSON.parse(text) as unknown) : undefined;
  if (!res.ok) {
    const err = (json as { error?: { code?: string; message?: string } } | undefined)?.error;
    throw new CliError(`${res.status} ${err?.code ?? 'error'}: ${err?.message ?? text}`);
  }
  return json as T;
}

/** A client bound to the logged-in aggregator. */
export async function session(): Promise<{ url: string; call: <T>(method: string, p: string, body?: unknown) => Promise<T> }> {
  const s = await loadState();
  if (!s?.token) throw new CliError('not logged in: run `skyfort login --url http://HOST:PORT --username NAME` first');
  return { url: s.url, call: (method, p, body) => callApi(method, s.url + p, { token: s.token, body }) };
}
