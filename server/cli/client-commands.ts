import type { Command } from 'commander';
import { callApi, CliError, saveState, session } from './api-client.js';
import { printObject, printRows } from './print.js';

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Fetches every page of a list route (lists are paged at ≤ 1,000 items). */
async function all<T>(call: (m: string, p: string) => Promise<Page<T>>, p: string, max = 10_000): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | null = null;
  do {
    const sep = p.includes('?') ? '&' : '?';
    const page: Page<T> = await call('GET', `${p}${sep}limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor && out.length < max);
  return out;
}

const json = (cmd: Command) => Boolean(cmd.optsWithGlobals().json);

/** Client commands talk to a running aggregator, each with `--json` and a readable table. */
export function registerClientCommands(program: Command): void {
  program
    .command('login')
    .description('sign in to an aggregator and remember the session')
    .option('--url <url>', 'aggregator URL', 'http://127.0.0.1:7420')
    .requiredOption('-u, --username <name>', 'user name')
    .option('-p, --password <password>', 'password (default: $SKYFORT_PASSWORD)')
    .action(async (o: { url: string; username: string; password?: string }, cmd: Command) => {
      const password = o.password ?? process.env.SKYFORT_PASSWORD;
      if (!password) throw new CliError('a password is required: --password or $SKYFORT_PASSWORD');
      const url = o.url.replace(/\/$/, '');
      const r = await callApi<{ token: string; expiresAt: string; user: { username: string; role: string } }>(
        'POST',
        `${url}/api/v1/auth/login`,
        { body: { username: o.username, password } },
      );
      await saveState({ url, token: r.token, expiresAt: r.expiresAt });
      printObject(json(cmd) ? r.user : { user: r.user.username, role: r.user.role, expires: r.expiresAt }, json(cmd));
    });

  program
    .command('logout')
    .description('end this session (--everywhere: every session of the user)')
    .option('--everywhere', 'sign out on every device')
    .action(async (o: { everywhere?: boolean }) => {
      const s = await session();
      await s.call('POST', o.everywhere ? '/api/v1/auth/logout-all' : '/api/v1/auth/logout');
      await saveState(null);
      process.stdout.write('signed out\n');
    });

  program
    .command('whoami')
    .description('the signed-in user')
    .action(async (_o: unknown, cmd: Command) => {
      const s = await session();
      printObject(await s.call('GET', '/api/v1/auth/me'), json(cmd));
    });

  const tenants = program.command('tenants').description('list tenants (admin)');
  tenants.action(async (_o: unknown, cmd: Command) => {
    const s = await session();
    printRows(await all(s.call, '/api/v1/tenants'), ['id', 'name', 'createdAt'], json(cmd));
  });
  tenants
    .command('create <id> <name>')
    .description('create a tenant')
    .action(async (id: string, name: string, _o: unknown, cmd: Command) => {
      const s = await session();
      printObject(await s.call('POST', '/api/v1/tenants', { id, name }), json(cmd));
    });

  const users = program.command('users').description('list users (admin)');
  users.action(async (_o: unknown, cmd: Command) => {
    const s = await session();
    printRows(await all(s.call, '/api/v1/users'), ['username', 'role', 'tier', 'tenantId', 'disabled'], json(cmd));
  });
  users
    .command('create <username>')
    .description('create a user')
    .requiredOption('--role <role>', 'admin | operator | duty-manager | approver | tenant-admin | tenant-viewer | publisher')
    .requiredOption('--password <password>', 'initial password')
    .option('--tier <n>', 'operator tier 1-4', (v) => Number(v))
    .option('--tenant <id>', 'tenant of a tenant role')
    .option('--name <displayName>', 'display name')
    .action(async (username: string, o: { role: string; password: string; tier?: number; tenant?: string; name?: string }, cmd: Command) => {
      const s = await session();
      const body = {
        username,
        password: o.password,
        role: o.role,
        displayName: o.name ?? username,
        tier: o.tier ?? null,
        tenantId: o.tenant ?? null,
      };
      printObject(await s.call('POST', '/api/v1/users', body), json(cmd));
    });

  program
    .command('nodes')
    .description('components you can see, worst first')
    .option('--layer <layer>', 'business | paas | iaas | physical')
    .option('--status <status>', 'ok | warning | critical | down | unknown | maintenance')
    .action(async (o: { layer?: string; status?: string }, cmd: Command) => {
      const s = await session();
      const q = new URLSearchParams({ ...(o.layer ? { layer: o.layer } : {}), ...(o.status ? { status: o.status } : {}) });
      const rows = await all<Record<string, unknown>>(s.call, `/api/v1/nodes${q.size ? `?${q}` : ''}`);
      printRows(rows, ['id', 'name', 'kind', 'layer', 'dc', 'tenant', 'status'], json(cmd));
    });

  const audit = program.command('audit').description('the append-only audit record');
  audit
    .command('verify')
    .description('check the audit hash chain; exits non-zero when it is broken')
    .action(async (_o: unknown, cmd: Command) => {
      const s = await session();
      const r = await s.call<{ ok: boolean; checked: number; firstBadSeq: number | null }>('GET', '/api/v1/audit/verify');
      printObject(r, json(cmd));
      if (!r.ok) throw new CliError(`audit chain broken at record ${r.firstBadSeq}`);
    });
}
