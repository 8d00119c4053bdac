import request from 'supertest';

/** A browser-like console user: a cookie jar, and the CSRF token of the last page it saw. */
export class ConsoleClient {
  readonly agent: ReturnType<typeof request.agent>;
  csrf = '';

  constructor(readonly baseUrl: string) {
    this.agent = request.agent(baseUrl);
  }

  static async signIn(baseUrl: string, key: string): Promise<ConsoleClient> {
    const client = new ConsoleClient(baseUrl);
    const res = await client.login(key);
    if (res.status !== 303) throw new Error(`sign-in failed: ${res.status}`);
    await client.page('/console/incidents');
    return client;
  }

  async login(key: string, next = '/console/incidents'): Promise<request.Response> {
    const form = await this.agent.get('/console/login').expect(200);
    return this.agent.post('/console/login').type('form').send({ _csrf: tokenOf(form.text), key, next });
  }

  /** GET a page and remember its CSRF token. */
  async page(path: string, status = 200): Promise<request.Response> {
    const res = await this.agent.get(path).expect(status);
    const token = tokenOf(res.text);
    if (token) this.csrf = token;
    return res;
  }

  /** POST a form the way the page would, with the session's token unless one is given. */
  post(path: string, form: Record<string, string | string[]>, csrf: string | null = this.csrf): request.Test {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(form)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
    if (csrf !== null) body.append('_csrf', csrf);
    return this.agent.post(path).type('form').send(body.toString());
  }
}

export function tokenOf(html: string): string {
  return /name="_csrf" value="([^"]*)"/.exec(html)?.[1] ?? '';
}

/** The console form for one of the demo incidents, as a person would fill it in. */
export function incidentForm(incident: Record<string, any>): Record<string, string | string[]> {
  const form: Record<string, string | string[]> = {
    reference: incident.reference,
    'source.kind': incident.source?.kind ?? '',
    'source.name': incident.source?.name ?? '',
    awareAt: incident.awareAt.slice(0, 16),
    occurredFrom: incident.occurredFrom?.slice(0, 16) ?? '',
    occurredTo: incident.occurredTo?.slice(0, 16) ?? '',
    nature: incident.nature,
    'scope.systems': (incident.scope.systems ?? []).join('\n'),
    'scope.subProcessors': (incident.scope.subProcessors ?? []).join('\n'),
    'scope.dataCategories': incident.scope.dataCategories ?? [],
    'scope.exposedFrom': incident.scope.exposedFrom ?? '',
    'scope.exposedTo': incident.scope.exposedTo ?? '',
    'contact.email': incident.contact.email ?? '',
    'contact.phone': incident.contact.phone ?? '',
    channels: incident.channels,
  };
  const texts: Record<string, unknown> = { ...incident, 'contact.name': incident.contact.name };
  for (const name of ['title', 'description', 'consequences', 'measuresTaken', 'recommendedActions', 'contact.name']) {
    const text = texts[name];
    if (typeof text === 'string') form[`${name}.en`] = text;
    else if (text) for (const [locale, value] of Object.entries(text)) form[`${name}.${locale}`] = value as string;
  }
  return form;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"' };
const unescapeHtml = (text: string) =>
  text.replace(/&(?:#x([0-9a-f]+)|#(\d+)|(amp|lt|gt|quot));/gi, (_, hex: string, dec: string, named: string) =>
    named ? ENTITIES[named.toLowerCase()] : String.fromCodePoint(hex ? parseInt(hex, 16) : Number(dec)),
  );
const attributes = (tag: string): Record<string, string> =>
  Object.fromEntries([...tag.matchAll(/([a-zA-Z-]+)(?:="([^"]*)")?/g)].map((m) => [m[1], unescapeHtml(m[2] ?? '')]));

/**
 * What a browser posts for the form fields on a page as it was served (the session's CSRF token left
 * to `ConsoleClient.post`): every text box, every ticked box, each select's chosen option.
 */
export function formValues(html: string): Record<string, string | string[]> {
  const values: Record<string, string[]> = {};
  const add = (name: string | undefined, value: string) => {
    if (name && name !== '_csrf') (values[name] ??= []).push(value);
  };
  for (const [, tag] of html.matchAll(/<input\b([^>]*)>/g)) {
    const a = attributes(tag);
    if (a.type !== 'checkbox' || 'checked' in a) add(a.name, a.value ?? '');
  }
  for (const [, tag, text] of html.matchAll(/<textarea\b([^>]*)>([^<]*)<\/textarea>/g)) add(attributes(tag).name, unescapeHtml(text));
  for (const [, tag, inner] of html.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/g)) {
    const options = [...inner.matchAll(/<option\b([^>]*)>/g)].map((o) => attributes(o[1]));
    const chosen = options.find((o) => 'selected' in o) ?? options[0];
    if (chosen) add(attributes(tag).name, chosen.value ?? '');
  }
  return Object.fromEntries(Object.entries(values).map(([name, v]) => [name, v.length === 1 ? v[0] : v]));
}
