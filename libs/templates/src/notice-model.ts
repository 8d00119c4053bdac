import {
  formatDate,
  formatDateTime,
  formatList,
  formatNumber,
  dataCategoryLabel,
  labelsFor,
  natureLabel,
  pendingLabel,
  phaseLabel,
} from './formatters';
import { PENDING_FIELDS, PendingField, fill } from './labels';
import { NoticeView } from './notice-view';
import { TemplateRenderError } from './template-render-error';
import { DataCategory, Locale, Nature } from '@app/kernel';

/**
 * What a template sees: every value already formatted for the reader, every null already replaced
 * by the pending marker. A value the view does not have at all (undefined) is left out, so strict
 * templates that use it throw. No value is ever compiled as a template.
 */
export interface NoticeModel {
  locale: Locale;
  reference: string;
  title: string;
  phase: string;
  isFinal: boolean;
  updateNumber: number;
  escalated: boolean;
  vendorName: string;
  tenantName: string;
  tenantExternalId: string;
  recipientName: string | null;
  contactName: string;
  contactEmail: string;
  contactPhone: string | null;
  awareAt: string;
  occurred: string;
  contained: string;
  nature: string;
  source: string;
  cause: string;
  description: string;
  consequences: string;
  measuresTaken: string;
  measuresPlanned: string;
  recommendedActions: string;
  subjectActions: string;
  changeSummary: string;
  systems: string;
  subProcessors: string;
  dataCategories: string;
  dataSubjects: string;
  records: string;
  period: string;
  deadline: string;
  timeZone: string;
  nextUpdate: string;
  pendingFields: string;
  ackUrl: string;
}

/** Where each model value comes from in the NoticeView, for error messages. */
export const MODEL_SOURCES: Record<keyof NoticeModel, string> = {
  locale: 'locale',
  reference: 'incident.reference',
  title: 'incident.title',
  phase: 'kind/updateNumber/final',
  isFinal: 'final',
  updateNumber: 'updateNumber',
  escalated: 'escalated',
  vendorName: 'vendor.name',
  tenantName: 'tenant.name',
  tenantExternalId: 'tenant.externalId',
  recipientName: 'recipient.name',
  contactName: 'contactPoint.name',
  contactEmail: 'contactPoint.email',
  contactPhone: 'contactPoint.phone',
  awareAt: 'incident.awareAt',
  occurred: 'incident.occurredFrom/occurredTo',
  contained: 'incident.contained',
  nature: 'incident.nature',
  source: 'incident.source',
  cause: 'incident.cause',
  description: 'incident.description',
  consequences: 'incident.consequences',
  measuresTaken: 'incident.measuresTaken',
  measuresPlanned: 'incident.measuresPlanned',
  recommendedActions: 'incident.recommendedActions',
  subjectActions: 'incident.subjectActions',
  changeSummary: 'incident.changeSummary',
  systems: 'facts.systems',
  subProcessors: 'facts.subProcessors',
  dataCategories: 'facts.dataCategories',
  dataSubjects: 'facts.dataSubjects',
  records: 'facts.records',
  period: 'facts.periodFrom/periodTo',
  deadline: 'deadlineAt',
  timeZone: 'timeZone',
  nextUpdate: 'incident.nextUpdateAt',
  pendingFields: 'incident.*',
  ackUrl: 'ackUrl',
};

// Control characters, including CR/LF, NEL and the Unicode line and paragraph separators.
// eslint-disable-next-line no-control-regex
const ANY_BREAK_OR_CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;
// eslint-disable-next-line no-control-regex
const CONTROL_EXCEPT_NEWLINE_TAB = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u0084\u0086-\u009f]/g;

/** One line of text: every line break or control character becomes one space. */
export function singleLine(value: string): string {
  return String(value).replace(ANY_BREAK_OR_CONTROL, ' ').replace(/ {2,}/g, ' ').trim();
}

/** Free text: line breaks normalized to \n, other control characters dropped. */
export function multiLine(value: string): string {
  return String(value)
    .replace(/\r\n?|\u0085|\u2028|\u2029/g, '\n')
    .replace(CONTROL_EXCEPT_NEWLINE_TAB, '')
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

const ACK_URL = /^https?:\/\/[^\s"'<>`]+$/i;

export function buildNoticeModel(view: NoticeView, locale: Locale, template: string): Partial<NoticeModel> {
  const labels = labelsFor(locale);
  const incident = view.incident;
  const facts = view.facts;
  const timeZone = typeof view.timeZone === 'string' ? view.timeZone : 'UTC';
  const model: Partial<NoticeModel> = {};
  const pending: PendingField[] = [];

  const fail = (field: keyof NoticeModel, why: string): never => {
    throw new TemplateRenderError(
      `Template "${template}": notice view field ${MODEL_SOURCES[field]} ${why}`,
      template,
      MODEL_SOURCES[field],
    );
  };
  const put = <K extends keyof NoticeModel>(key: K, compute: () => NoticeModel[K] | undefined): void => {
    let value: NoticeModel[K] | undefined;
    try {
      value = compute();
    } catch (error) {
      if (error instanceof TemplateRenderError) throw error;
      fail(key, `cannot be shown (${error instanceof Error ? error.message : String(error)})`);
    }
    if (value !== undefined) model[key] = value as Partial<NoticeModel>[K];
  };

  const nextUpdateAt = incident?.nextUpdateAt;
  const pendingText = pendingLabel(typeof nextUpdateAt === 'string' ? nextUpdateAt : null, locale, timeZone);
  const time = (iso: string): string => formatDateTime(iso, locale, timeZone);
  const day = (value: string): string => formatDate(value, locale, timeZone);
  /** undefined stays missing; null becomes the pending marker and is listed as pending. */
  const orPending = <T>(value: T | null | undefined, field: PendingField | null, show: (v: T) => string): string | undefined => {
    if (value === undefined) return undefined;
    if (value === null || (typeof value === 'string' && value.trim() === '')) {
      if (field) pending.push(field);
      return pendingText;
    }
    return show(value);
  };

  model.locale = locale;
  put('reference', () => (incident?.reference === undefined ? undefined : singleLine(incident.reference)));
  put('title', () => (incident?.title === undefined ? undefined : singleLine(incident.title)));
  put('phase', () =>
    view.kind === undefined || view.updateNumber === undefined
      ? undefined
      : phaseLabel({ kind: view.kind, updateNumber: view.updateNumber, final: view.final === true }, locale),
  );
  model.isFinal = view.final === true;
  put('updateNumber', () => view.updateNumber);
  model.escalated = view.escalated === true;
  put('vendorName', () => (view.vendor?.name === undefined ? undefined : singleLine(view.vendor.name)));
  put('tenantName', () => (view.tenant?.name === undefined ? undefined : singleLine(view.tenant.name)));
  put('tenantExternalId', () =>
    view.tenant?.externalId === undefined ? undefined : singleLine(view.tenant.externalId),
  );
  put('recipientName', () => {
    const name = view.recipient?.name;
    if (name === undefined) return undefined;
    return name === null || singleLine(name) === '' ? null : singleLine(name);
  });
  put('contactName', () => orPending(view.contactPoint?.name, null, singleLine));
  put('contactEmail', () => orPending(view.contactPoint?.email, 'contactEmail', singleLine));
  put('contactPhone', () => {
    const phone = view.contactPoint?.phone;
    if (phone === undefined) return undefined;
    return phone === null || singleLine(phone) === '' ? null : singleLine(phone);
  });
  put('awareAt', () => (incident?.awareAt === undefined ? undefined : time(incident.awareAt)));
  put('occurred', () => {
    const from = incident?.occurredFrom;
    const to = incident?.occurredTo;
    if (from === undefined || to === undefined) return undefined;
    if (from === null && to === null) return orPending(null, 'occurred', String);
    if (to === null || from === null) pending.push('occurred');
    if (to === null) return fill(labels.rangeOpenEnd, { from: time(from as string), pending: pendingText });
    if (from === null) return fill(labels.rangeOpenStart, { to: time(to), pending: pendingText });
    return fill(labels.range, { from: time(from), to: time(to) });
  });
  put('contained', () =>
    orPending(incident?.contained, 'contained', (contained) => (contained ? labels.contained.yes : labels.contained.no)),
  );
  put('nature', () => {
    const nature = incident?.nature;
    if (nature === undefined) return undefined;
    if (!Array.isArray(nature) || nature.length === 0) return orPending(null, null, String);
    return formatList(
      nature.map((n: Nature) => natureLabel(n, locale)),
      locale,
    );
  });
  put('source', () =>
    orPending(incident?.source, 'source', (source) =>
      fill(labels.source[source.kind] ?? '{name}', { name: singleLine(source.name) }),
    ),
  );
  put('cause', () => orPending(incident?.cause, 'cause', multiLine));
  put('description', () => orPending(incident?.description, 'description', multiLine));
  put('consequences', () => orPending(incident?.consequences, 'consequences', multiLine));
  put('measuresTaken', () => orPending(incident?.measuresTaken, 'measuresTaken', multiLine));
  put('measuresPlanned', () => orPending(incident?.measuresPlanned, 'measuresPlanned', multiLine));
  put('recommendedActions', () => orPending(incident?.recommendedActions, 'recommendedActions', multiLine));
  put('subjectActions', () => orPending(incident?.subjectActions, 'subjectActions', multiLine));
  put('changeSummary', () =>
    orPending(incident?.changeSummary, view.kind === 'update' ? 'changeSummary' : null, multiLine),
  );
  put('systems', () => {
    const systems = facts?.systems;
    if (systems === undefined) return undefined;
    return systems.length === 0 ? orPending(null, 'systems', String) : formatList(systems.map(singleLine), locale);
  });
  put('subProcessors', () =>
    facts?.subProcessors === undefined ? undefined : formatList(facts.subProcessors.map(singleLine), locale),
  );
  put('dataCategories', () => {
    const categories = facts?.dataCategories;
    if (categories === undefined) return undefined;
    if (categories.length === 0) return orPending(null, 'dataCategories', String);
    return formatList(
      categories.map((c: DataCategory) => dataCategoryLabel(c, locale)),
      locale,
    );
  });
  const count = (value: number | null | undefined): string | undefined =>
    orPending(value, null, (n) => {
      if (typeof n !== 'number' || !Number.isFinite(n)) throw new RangeError(`not a number: ${JSON.stringify(n)}`);
      return formatNumber(n, locale);
    });
  put('dataSubjects', () => count(facts?.dataSubjects));
  put('records', () => count(facts?.records));
  put('period', () => {
    const from = facts?.periodFrom;
    const to = facts?.periodTo;
    if (from === undefined || to === undefined) return undefined;
    if (from === null && to === null) return orPending(null, 'period', String);
    if (from === null) {
      pending.push('period');
      return fill(labels.rangeOpenStart, { to: day(to as string), pending: pendingText });
    }
    if (to === null) return fill(labels.periodUntilNow, { from: day(from) });
    return fill(labels.range, { from: day(from), to: day(to) });
  });
  put('deadline', () => (view.deadlineAt === undefined ? undefined : time(view.deadlineAt)));
  put('timeZone', () => (view.timeZone === undefined ? undefined : singleLine(view.timeZone)));
  put('nextUpdate', () =>
    nextUpdateAt === undefined ? undefined : nextUpdateAt === null ? labels.asSoonAsWeKnowMore : time(nextUpdateAt),
  );
  put('ackUrl', () => {
    if (view.ackUrl === undefined) return undefined;
    const url = String(view.ackUrl).trim();
    if (!ACK_URL.test(url)) fail('ackUrl', 'is not an absolute http(s) URL');
    return url;
  });
  model.pendingFields =
    pending.length === 0 ? labels.nothingPending : formatList(
          PENDING_FIELDS.filter((field) => pending.includes(field)).map((field) => labels.fields[field]),
          locale,
        );
  return model;
}
