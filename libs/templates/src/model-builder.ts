import { Finding, FINDINGS, Locale, Nature } from '@app/kernel';
import { dataCategoryLabel, fill, formatDate, formatDateTime, formatList, formatNumber, formatPhone, formatZoneName, labelsFor, natureLabel, PENDING_FIELDS, PendingField, phaseLabel } from '@app/wording';
import { deadlineRows, multiLine, regimeNames, singleLine } from '@app/wording';
import { ACK_URL, MODEL_SOURCES, NoticeModel } from './notice-model';
import { NoticeView } from './notice-view';
import { TemplateRenderError } from './template-render-error';

const FINDING_KEYS: Record<Finding, 'findingsAccessed' | 'findingsExfiltrated' | 'findingsPublished' | 'findingsMisused'> = {
  accessed: 'findingsAccessed',
  exfiltrated: 'findingsExfiltrated',
  published: 'findingsPublished',
  misused: 'findingsMisused',
};

/**
 * The model a template sees, built from one NoticeView in one language. Every value a reader cannot be
 * told yet shows the short pending marker and is listed once, in `pendingList`, in the order of PENDING_FIELDS.
 */
export function buildNoticeModel(view: NoticeView, locale: Locale, template: string): Partial<NoticeModel> {
  const labels = labelsFor(locale);
  const incident = view.incident;
  const facts = view.facts;
  const timeZone = typeof view.timeZone === 'string' ? view.timeZone : 'UTC';
  const model: Partial<NoticeModel> = {};
  const pending = new Set<PendingField>();

  const fail = (field: keyof NoticeModel, why: string): never => {
    throw new TemplateRenderError(`Template "${template}": notice view field ${MODEL_SOURCES[field]} ${why}`, template, MODEL_SOURCES[field]);
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

  const marker = labels.pendingShort;
  /** Every instant the notice shows, so the zone note names each of the zone's times that occur (summer, winter). */
  const shown: string[] = [];
  const time = (iso: string): string => {
    const formatted = formatDateTime(iso, locale, timeZone);
    shown.push(iso);
    return formatted;
  };
  const day = (value: string): string => formatDate(value, locale, timeZone);
  const list = (items: readonly string[]): string => formatList(items, locale);
  /** undefined stays missing; null or blank becomes the pending marker and is listed as pending. */
  const orPending = <T>(value: T | null | undefined, field: PendingField | null, show: (v: T) => string): string | undefined => {
    if (value === undefined) return undefined;
    if (value === null || (typeof value === 'string' && value.trim() === '')) {
      if (field) pending.add(field);
      return marker;
    }
    return show(value);
  };
  const text = (value: string | null | undefined, field: PendingField | null) => orPending(value, field, multiLine);
  const line = (value: string | null | undefined) => (value === undefined ? undefined : value === null || singleLine(value) === '' ? null : singleLine(value));
  const phone = (value: string | null | undefined) => {
    const number = line(value);
    return typeof number === 'string' ? formatPhone(number) : number;
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
  model.toldBefore = view.recipient?.toldBefore === true;
  model.emailAlso = view.recipient?.emailAlso === true;
  put('issuedAt', () => (view.issuedAt === undefined ? undefined : time(view.issuedAt)));
  put('vendorName', () => (view.vendor?.name === undefined ? undefined : singleLine(view.vendor.name)));
  model.vendorLegalName = line(view.vendor?.legalName) ?? null;
  model.vendorAddress = line(view.vendor?.address) ?? null;
  model.vendorRegistration = line(view.vendor?.registration) ?? null;
  put('tenantName', () => (view.tenant?.name === undefined ? undefined : singleLine(view.tenant.name)));
  put('tenantNameStop', () => (model.tenantName === undefined ? undefined : model.tenantName.endsWith('.') ? model.tenantName : `${model.tenantName}.`));
  put('tenantExternalId', () => (view.tenant?.externalId === undefined ? undefined : singleLine(view.tenant.externalId)));
  put('recipientName', () => line(view.recipient?.name));

  const contact = view.contactPoint;
  put('contactName', () => (contact?.name === undefined ? undefined : singleLine(contact.name)));
  put('contactEmail', () => line(contact?.email));
  put('contactPhone', () => phone(contact?.phone));
  put('contactAvailability', () => orPending(contact?.availability, 'contactAvailability', singleLine));
  put('dpo', () =>
    orPending(contact?.dpo, 'dpo', (dpo) => [line(dpo.name), line(dpo.email), phone(dpo.phone)].filter(Boolean).join(', ')),
  );

  put('service', () => orPending(incident?.service, 'service', singleLine));
  put('awareAt', () => (incident?.awareAt === undefined ? undefined : time(incident.awareAt)));
  put('occurred', () => {
    const from = incident?.occurredFrom;
    const to = incident?.occurredTo;
    if (from === undefined || to === undefined) return undefined;
    if (from === null && to === null) return orPending(null, 'occurred', String);
    if (to === null || from === null) pending.add('occurred');
    if (to === null) return fill(labels.rangeOpenEnd, { from: time(from as string), pending: marker });
    if (from === null) return fill(labels.rangeOpenStart, { to: time(to), pending: marker });
    return fill(labels.range, { from: time(from), to: time(to) });
  });
  put('contained', () => {
    if (incident?.contained === undefined) return undefined;
    if (incident.containedAt) return fill(labels.containedSince, { when: time(incident.containedAt) });
    return orPending(incident.contained, 'contained', (contained) => (contained ? labels.contained.yes : labels.contained.no));
  });
  put('nature', () => {
    const nature = incident?.nature;
    if (nature === undefined) return undefined;
    if (!Array.isArray(nature) || nature.length === 0) return orPending(null, null, String);
    return list(nature.map((n: Nature) => natureLabel(n, locale)));
  });
  put('source', () =>
    orPending(incident?.source, 'source', (source) => fill(labels.source[source.kind] ?? '{name}', { name: singleLine(source.name) })),
  );
  put('cause', () => text(incident?.cause, 'cause'));
  put('description', () => text(incident?.description, 'description'));
  put('consequences', () => text(incident?.consequences, 'consequences'));
  put('measuresTaken', () => text(incident?.measuresTaken, 'measuresTaken'));
  put('measuresPlanned', () => text(incident?.measuresPlanned, 'measuresPlanned'));
  put('recommendedActions', () => text(incident?.recommendedActions, 'recommendedActions'));
  put('subjectActions', () => text(incident?.subjectActions, 'subjectActions'));
  put('changeSummary', () => text(incident?.changeSummary, view.kind === 'initial' ? null : 'changeSummary'));
  put('notAffected', () => text(incident?.notAffected, 'notAffected'));
  put('ruledOut', () => {
    const ruledOut = incident?.ruledOutCategories;
    if (ruledOut === undefined) return undefined;
    return ruledOut.length === 0 ? null : list(ruledOut.map((c) => dataCategoryLabel(c, locale)));
  });
  for (const finding of FINDINGS) {
    put(FINDING_KEYS[finding], () =>
      incident?.findings === undefined ? undefined : orPending(incident.findings[finding] ?? null, 'findings', (v) => labels.findings[v] ?? v),
    );
  }
  model.accessCaveat = incident?.findings !== undefined && incident.findings.accessed !== 'no' && incident.findings.exfiltrated !== 'yes';
  put('encryption', () => orPending(incident?.encryption, 'encryption', (v) => labels.encryption[v] ?? v));
  put('notificationList', () => {
    const notifications = incident?.notifications;
    if (notifications === undefined) return undefined;
    return (notifications ?? []).map(
      (n) =>
        fill(labels.notification, { to: labels.notificationTo[n.to] ?? n.to, name: singleLine(n.name) }) +
        (n.at ? fill(labels.notificationAt, { when: time(n.at) }) : '') +
        (n.reference ? fill(labels.notificationReference, { reference: singleLine(n.reference) }) : ''),
    );
  });
  put('notificationsNote', () =>
    incident?.notifications === undefined ? undefined : orPending(incident.notifications, 'notifications', () => labels.notificationsNone),
  );
  // Late is a first notice to the tenant sent after what the agreement promises; an update is never late by that measure.
  put('late', () =>
    view.issuedAt === undefined || view.noticeDueAt === undefined ? undefined : view.kind === 'initial' && Date.parse(view.issuedAt) > Date.parse(view.noticeDueAt),
  );
  put('delayReason', () => text(incident?.delayReason, model.late === true ? 'delayReason' : null));

  put('systems', () => {
    const systems = facts?.systems;
    if (systems === undefined) return undefined;
    const named = systems.filter((s): s is string => typeof s === 'string' && s.trim() !== '').map(singleLine);
    if (named.length < systems.length || systems.length === 0) pending.add('systems');
    return named.length === 0 ? marker : list(named);
  });
  put('subProcessors', () => (facts?.subProcessors === undefined ? undefined : list(facts.subProcessors.map(singleLine))));
  put('dataCategories', () => {
    const categories = facts?.dataCategories;
    if (categories === undefined) return undefined;
    if (categories.length === 0) return orPending(null, 'dataCategories', String);
    return list(categories.map((c) => dataCategoryLabel(c, locale)));
  });
  const subjects = (categories: readonly string[]) => list(categories.map((c) => labels.subjectCategories[c as keyof typeof labels.subjectCategories] ?? c));
  put('subjectCategories', () => {
    const categories = facts?.subjectCategories;
    if (categories === undefined) return undefined;
    return categories.length === 0 ? orPending(null, 'subjectCategories', String) : subjects(categories);
  });
  const count = (n: number): string => {
    if (typeof n !== 'number' || !Number.isFinite(n)) throw new RangeError(`not a number: ${JSON.stringify(n)}`);
    return formatNumber(n, locale);
  };
  put('dataSubjects', () => {
    if (facts?.dataSubjects === undefined) return undefined;
    const groups = (facts.dataSubjectsByGroup ?? []).filter((g) => g.subjectCategories.length > 0);
    if (groups.length < 2) return count(facts.dataSubjects);
    return groups.map((g) => fill(labels.subjectGroup, { count: count(g.dataSubjects), categories: subjects(g.subjectCategories) })).join(labels.groupSeparator);
  });
  put('records', () => (facts?.records === undefined ? undefined : count(facts.records)));
  put('period', () => {
    const from = facts?.periodFrom;
    const to = facts?.periodTo;
    if (from === undefined || to === undefined) return undefined;
    if (from === null && to === null) return orPending(null, 'period', String);
    if (from === null) {
      pending.add('period');
      return fill(labels.rangeOpenStart, { to: day(to as string), pending: marker });
    }
    if (to === null) return fill(labels.periodUntilNow, { from: day(from) });
    return fill(labels.range, { from: day(from), to: day(to) });
  });

  const law = labels.law[view.authority?.law ?? 'gdpr'];
  model.law = law.name;
  model.lawProcessorDuty = law.processorDuty;
  model.lawPhases = law.phases;
  model.lawAuthority = law.authority;
  model.lawSubjects = law.subjects;
  put('authority', () => {
    const authority = view.authority;
    if (authority === undefined) return undefined;
    if (authority === null) return labels.authorityUnknown;
    if (authority.several || !authority.name) return fill(labels.authoritySeveral, { url: authority.url });
    return `${singleLine(authority.name)}, ${authority.url}`;
  });
  put('regimeNames', () => (view.regimes === undefined ? undefined : regimeNames(view.regimes, labels)));
  put('deadlineList', () => (view.deadlines === undefined ? undefined : deadlineRows(view.deadlines, labels, time)));
  model.isUpdate = view.kind === 'update';
  put('ackUrl', () => {
    if (view.ackUrl === undefined) return undefined;
    const url = String(view.ackUrl).trim();
    if (!ACK_URL.test(url)) fail('ackUrl', 'is not an absolute http(s) URL');
    return url;
  });

  // A finding or the encryption answered "unknown" is still being established: listed where its field would be.
  const open = (field: PendingField): string[] => {
    if (field === 'findings') return FINDINGS.filter((f) => incident?.findings?.[f] === 'unknown').map((f) => labels.openQuestions[f]);
    if (field === 'encryption') return incident?.encryption === 'unknown' ? [labels.openQuestions.encryption] : [];
    return [];
  };
  model.pendingList = PENDING_FIELDS.flatMap((field) => (pending.has(field) ? [labels.fields[field]] : open(field)));
  const nextUpdateAt = incident?.nextUpdateAt;
  put('nextUpdate', () => {
    if (nextUpdateAt === undefined) return undefined;
    if (view.final === true || view.kind === 'withdrawn') return null;
    if (nextUpdateAt) return time(nextUpdateAt);
    return (model.pendingList ?? []).length > 0 ? labels.asSoonAsWeKnowMore : null;
  });
  put('zoneName', () => {
    if (view.timeZone === undefined) return undefined;
    const first = view.issuedAt ?? incident?.awareAt ?? new Date().toISOString();
    return formatZoneName(timeZone, locale, [first, ...shown]);
  });
  put('zoneNote', () =>
    model.zoneName === undefined ? undefined : model.zoneName === 'UTC' ? labels.zoneNoteUtc : fill(labels.zoneNote, { zone: model.zoneName }),
  );
  return model;
}
