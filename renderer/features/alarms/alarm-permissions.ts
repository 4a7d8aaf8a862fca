import type { Alarm } from '../../../shared/domain/alarms';
import type { Incident } from '../../../shared/domain/incidents';
import { DISPLAY_PERMISSIONS, permissionsFor, type Permission } from '../../../shared/domain/roles';
import type { Credential } from '../session/session-store';

/**
 * What the board lets this credential do, read from the one permission table the server's guard
 * also reads (shared/domain/roles.ts), so the console never offers what the server would refuse.
 * A disabled action always carries its reason, shown beside the button and on its shortcut.
 */
export const BOARD_ACTIONS = ['ack', 'assign', 'escalate', 'comment'] as const;
export type BoardAction = (typeof BOARD_ACTIONS)[number];

export type DisabledReason =
  /** A wall's display credential is read-only. */
  | 'display'
  /** The person's role (or tier) lacks the permission. */
  | 'role'
  | 'acknowledged'
  /** Resolved, merged or cleared: nothing left to act on. */
  | 'closed'
  | 'top-tier'
  /** An alarm not (yet) correlated into an incident cannot be escalated. */
  | 'no-incident';

export interface ActionState {
  allowed: boolean;
  reason: DisabledReason | null;
}

export type ActionSubject = { kind: 'incident'; incident: Incident } | { kind: 'alarm'; alarm: Alarm };

const NEEDS: Record<BoardAction, Permission> = {
  ack: 'alarms:act',
  assign: 'alarms:act',
  comment: 'alarms:act',
  escalate: 'incidents:escalate',
};

export interface Actor {
  kind: 'person' | 'display' | 'none';
  permissions: readonly Permission[];
}

export function actorOf(credential: Credential | null): Actor {
  if (credential?.kind === 'person') return { kind: 'person', permissions: permissionsFor(credential.user.role, credential.user.tier) };
  if (credential?.kind === 'display') return { kind: 'display', permissions: DISPLAY_PERMISSIONS };
  return { kind: 'none', permissions: [] };
}

/** Whether any action could ever be allowed: when not, the board shows a read-only note instead of buttons. */
export function canActAtAll(actor: Actor): boolean {
  return actor.kind === 'person' && BOARD_ACTIONS.some((a) => actor.permissions.includes(NEEDS[a]));
}

const ok: ActionState = { allowed: true, reason: null };
const no = (reason: DisabledReason): ActionState => ({ allowed: false, reason });

export function actionState(action: BoardAction, actor: Actor, subject: ActionSubject | null): ActionState {
  if (actor.kind !== 'person') return no('display');
  if (!actor.permissions.includes(NEEDS[action])) return no('role');
  if (!subject) return no('closed');
  const closed = subject.kind === 'incident' ? subject.incident.state === 'resolved' || subject.incident.state === 'merged' : subject.alarm.state === 'cleared';
  const acked = (subject.kind === 'incident' ? subject.incident.state : subject.alarm.state) === 'acknowledged';
  switch (action) {
    case 'comment':
      return ok; // a note on a closed item is still worth keeping
    case 'ack':
      return closed ? no('closed') : acked ? no('acknowledged') : ok;
    case 'assign':
      return closed ? no('closed') : ok;
    case 'escalate':
      if (subject.kind === 'alarm' && !subject.alarm.incidentId) return no('no-incident');
      if (closed) return no('closed');
      return subject.kind === 'incident' && subject.incident.tier >= 4 ? no('top-tier') : ok;
  }
}

export function actionStates(actor: Actor, subject: ActionSubject | null): Record<BoardAction, ActionState> {
  return {
    ack: actionState('ack', actor, subject),
    assign: actionState('assign', actor, subject),
    escalate: actionState('escalate', actor, subject),
    comment: actionState('comment', actor, subject),
  };
}
