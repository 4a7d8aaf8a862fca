/** Small formatting helpers shared by bench:topology's parts. */
export const quantile = (xs: number[], q: number) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.max(0, Math.ceil(q * xs.length) - 1)]! : NaN);
export const f1 = (n: number) => n.toFixed(1);
export const int = (n: number) => Math.round(n).toLocaleString('en-US');
export const mib = (n: number) => (n / 2 ** 20).toFixed(2);
export const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
export const log = (s: string) => process.stdout.write(`${s}\n`);
export const stats = (xs: number[]) => ({ n: xs.length, median: quantile(xs, 0.5), p95: quantile(xs, 0.95), max: Math.max(...xs) });
