import type { Command } from 'commander';
import { CliError, session } from './api-client.js';
import { printObject, printRows } from './print.js';

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

const json = (cmd: Command) => Boolean(cmd.optsWithGlobals().json);
const enc = encodeURIComponent;

function query(o: Record<string, string | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(o)) if (v !== undefined) q.set(k, v);
  return q.size ? `?${q}` : '';
}

function limitOf(v: string | undefined): string | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 1000) throw new CliError('--limit must be a whole number from 1 to 1000');
  return String(n);
}

function tierOf(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (![1, 2, 3, 4].includes(n)) throw new CliError('--tier must be 1, 2, 3 or 4');
  return n;
}

const ALARM_COLUMNS = ['id', 'severity', 'state', 'resource', 'type', 'count', 'incidentId', 'lastSeen', 'summary'];
const INCIDENT_COLUMNS = ['id', 'severity', 'state', 'tier', 'assignee', 'alarmCount', 'openCount', 'rootResource', 'openedAt', 'title'];

/** Incident ids start with `inc-`; everything else `ack` takes for an alarm. */
export const isIncidentId = (id: string) => id.startsWith('inc-');

/**
 * `alarms`, `ack` and `incidents` (product.md's client commands): what the desk does from a
 * terminal, each with `--json` and a readable table, exit 0 or non-zero with one line.
 */
export function registerIncidentCommands(program: Command): void {
  program
    .command('alarms')
    .description('alarms you can see (default: not cleared), worst first')
    .option('--state <states>', 'comma-separated: active, acknowledged, cleared')
    .option('--severity <severities>', 'comma-separated: critical, major, minor, warning, info')
    .option('--resource <nodeId>', 'alarms on one node')
    .option('--incident <id>', 'the members of one incident')
    .option('--limit <n>', 'at most this many (1-1000)', '100')
    .action(async (o: { state?: string; severity?: string; resource?: string; incident?: string; limit?: string }, cmd: Command) => {
      const s = await session();
      const q = query({ state: o.state, severity: o.severity, resource: o.resource, incident: o.incident, limit: limitOf(o.limit) });
      const page = await s.call<Page<Record<string, unknown>>>('GET', `/api/v1/alarms${q}`);
      printRows(page.items, ALARM_COLUMNS, json(cmd));
    });

  program
    .command('ack <ids...>')
    .description('acknowledge alarms or incidents (ids starting with inc-); an incident acknowledges all its alarms')
    .option('-m, --comment <text>', 'why, for the record')
    .action(async (ids: string[], o: { comment?: string }, cmd: Command) => {
      const s = await session();
      const body = o.comment ? { comment: o.comment } : {};
      const rows: Record<string, unknown>[] = [];
      for (const id of ids) {
        const kind = isIncidentId(id) ? 'incidents' : 'alarms';
        const r = await s.call<Record<string, unknown>>('POST', `/api/v1/${kind}/${enc(id)}/ack`, body);
        rows.push({ id, kind: kind === 'incidents' ? 'incident' : 'alarm', state: r.state, ackedBy: r.ackedBy, severity: r.severity });
      }
      printRows(rows, ['id', 'kind', 'state', 'ackedBy', 'severity'], json(cmd));
    });

  const incidents = program
    .command('incidents')
    .description('incidents you can see (default: open and acknowledged), newest first')
    .option('--state <states>', 'comma-separated: open, acknowledged, resolved, merged')
    .option('--severity <severities>', 'comma-separated severities')
    .option('--resource <nodeId>', 'incidents rooted at or holding an alarm on this node')
    .option('--limit <n>', 'at most this many (1-1000)', '100');
  incidents.action(async (o: { state?: string; severity?: string; resource?: string; limit?: string }, cmd: Command) => {
    const s = await session();
    const q = query({ state: o.state, severity: o.severity, resource: o.resource, limit: limitOf(o.limit) });
    const page = await s.call<Page<Record<string, unknown>>>('GET', `/api/v1/incidents${q}`);
    printRows(page.items, INCIDENT_COLUMNS, json(cmd));
  });
  incidents
    .command('show <id>')
    .description('one incident: its alarms (root first) and its timeline')
    .action(async (id: string, _o: unknown, cmd: Command) => {
      const s = await session();
      const d = await s.call<{ incident: Record<string, unknown>; alarms: Record<string, unknown>[]; timeline: Record<string, unknown>[] }>('GET', `/api/v1/incidents/${enc(id)}`);
      if (json(cmd)) {
        printObject(d, true);
        return;
      }
      printObject(d.incident, false);
      process.stdout.write('\n');
      printRows(d.alarms, ['id', 'severity', 'state', 'resource', 'type', 'summary'], false);
      process.stdout.write('\n');
      printRows(d.timeline, ['at', 'kind', 'by', 'comment', 'details'], false);
    });
  incidents
    .command('escalate <id>')
    .description('escalate to the next tier (or --tier N; a lower tier needs dispatch rights)')
    .option('--tier <n>', '1-4')
    .option('-m, --comment <text>', 'why')
    .action(async (id: string, o: { tier?: string; comment?: string }, cmd: Command) => {
      const s = await session();
      const tier = tierOf(o.tier);
      const r = await s.call<Record<string, unknown>>('POST', `/api/v1/incidents/${enc(id)}/escalate`, { ...(tier ? { tier } : {}), ...(o.comment ? { comment: o.comment } : {}) });
      printRows([r], INCIDENT_COLUMNS, json(cmd));
    });
  incidents
    .command('assign <id> <username>')
    .description('assign to a person ("-" to unassign)')
    .option('-m, --comment <text>', 'why')
    .action(async (id: string, username: string, o: { comment?: string }, cmd: Command) => {
      const s = await session();
      const body = { assignee: username === '-' ? null : username, ...(o.comment ? { comment: o.comment } : {}) };
      printRows([await s.call<Record<string, unknown>>('POST', `/api/v1/incidents/${enc(id)}/assign`, body)], INCIDENT_COLUMNS, json(cmd));
    });
  incidents
    .command('comment <id> <text>')
    .description("add a comment to the incident's timeline")
    .action(async (id: string, text: string, _o: unknown, cmd: Command) => {
      const s = await session();
      printRows([await s.call<Record<string, unknown>>('POST', `/api/v1/incidents/${enc(id)}/comment`, { comment: text })], INCIDENT_COLUMNS, json(cmd));
    });
}
