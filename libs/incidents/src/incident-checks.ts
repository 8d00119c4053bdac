import { FieldProblem, isLocalizedValue, localizedNameMessage, MAX_NAME } from '@app/kernel';
import { IncidentBody, MAX_SYSTEM_NAMES } from './incident.dto';

/**
 * Checks of the Art. 33(3) fields that class-validator cannot express: a map keyed by system, a time
 * that may not lie ahead, and fields that must agree with each other (on an update, in the merged body).
 */

/** How far ahead of our clock a time the vendor states as past may be: the caller's clock may run a little fast. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;

/** `systemNames`: each key a system identifier (1-200 characters), each value a name (string or map by locale). */
export function systemNamesProblems(systemNames: unknown, found: FieldProblem[]): FieldProblem[] {
  if (systemNames === undefined || systemNames === null || found.some((p) => p.field === 'systemNames')) return [];
  const entries = Object.entries(systemNames as Record<string, unknown>);
  if (entries.length > MAX_SYSTEM_NAMES) return [{ field: 'systemNames', message: `systemNames must name at most ${MAX_SYSTEM_NAMES} systems` }];
  const problems: FieldProblem[] = [];
  for (const [system, name] of entries) {
    if (system.length < 1 || system.length > 200) {
      problems.push({ field: 'systemNames', message: 'systemNames must be keyed by system identifiers of 1-200 characters' });
    } else if (!isLocalizedValue(name, MAX_NAME)) {
      problems.push({ field: `systemNames.${system}`, message: localizedNameMessage(`systemNames.${system}`) });
    }
  }
  return problems;
}

/** `containedAt` is a time the vendor looks back on: not in the future (a few minutes of clock skew allowed). */
export function containedAtProblems(containedAt: unknown, found: FieldProblem[], now = Date.now()): FieldProblem[] {
  if (found.some((p) => p.field === 'containedAt')) return [];
  if (typeof containedAt !== 'string' || !(Date.parse(containedAt) > now + CLOCK_SKEW_MS)) return [];
  return [{ field: 'containedAt', message: 'containedAt must not be in the future (at most 5 minutes ahead of the server clock)' }];
}

/**
 * A containment time implies `contained: true`: it is set when the body (or, on an update, the change)
 * gives `containedAt` and does not say `contained` itself. `changes` is the update; on create, the body.
 */
export function settleContainment(body: Partial<IncidentBody>, changes: Partial<IncidentBody> = body): void {
  if (typeof body.containedAt !== 'string') return;
  const stated = changes.contained !== undefined && changes.contained !== null;
  if (body.contained === undefined || body.contained === null || (typeof changes.containedAt === 'string' && !stated)) body.contained = true;
}

/** Agreement between fields of the whole body (the merged one on an update). */
export function consistencyProblems(body: Partial<IncidentBody>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (typeof body.containedAt === 'string' && body.contained === false) {
    problems.push({ field: 'containedAt', message: 'containedAt says the breach was contained, which contained: false denies (send containedAt: null, or leave contained out)' });
  } else if (typeof body.containedAt === 'string' && body.occurredFrom && Date.parse(body.containedAt) < Date.parse(body.occurredFrom)) {
    problems.push({ field: 'containedAt', message: 'containedAt must not be before occurredFrom' });
  }
  const concerned = new Set(body.scope?.dataCategories ?? []);
  const both = (body.ruledOutCategories ?? []).filter((c) => concerned.has(c));
  if (both.length > 0) {
    problems.push({ field: 'ruledOutCategories', message: `ruledOutCategories must not list a data category of scope.dataCategories (${both.join(', ')})` });
  }
  return problems;
}
