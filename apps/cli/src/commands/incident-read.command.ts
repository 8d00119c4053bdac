import { Option, SubCommand } from 'nest-commander';
import { CliApi, incidentId } from '../cli-api';
import { CliCommand } from '../cli-command';
import { CliError, EXIT } from '../cli-errors';
import { count, counted, table, text, when } from '../table';

interface IncidentSummary {
  id: string;
  reference: string;
  version: number;
  status: string;
  title: unknown;
  createdAt: string;
  dispatchedAt: string | null;
  completedAt: string | null;
}

interface IncidentVersion {
  version: number;
  status: string;
  changeSummary: unknown;
  createdAt: string;
  approvedAt: string | null;
  dispatchedAt: string | null;
  completedAt: string | null;
}

interface Incident extends IncidentSummary {
  awareAt: string;
  channels: string[];
  closedAt: string | null;
  versions: IncidentVersion[];
}

interface ProgressView {
  version: number;
  affectedTenants: number;
  acknowledgedTenants: number;
  lateTenants: number;
  notices: Record<string, number>;
}

interface Preview {
  version: number;
  status: string;
  affectedTenants: number;
  plannedNotices: Record<string, number>;
  samples: { tenant: string; name: string; locale: string; messages: { channel: string; to: string; subject: string | null; text: string }[] }[];
  renderErrors: { tenant: string; channel: string; message: string }[];
  languageGaps: { locale: string; fields: string[]; tenants: number }[];
}

const wholeNumber = (flag: string, max: number) => (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new CliError(`${flag} must be a whole number from 1 to ${max}`, EXIT.usage);
  return n;
};

@SubCommand({ name: 'list', description: 'incidents, newest first: reference, status, current version, created, dispatched, completed; --json: {items}' })
export class IncidentListCommand extends CliCommand {
  constructor(private readonly api: CliApi) {
    super();
  }

  async run(_: string[], options: { limit?: number }): Promise<void> {
    const result = await this.api.client().get<{ items: IncidentSummary[] }>(`/v1/incidents?limit=${options.limit ?? 100}`);
    this.print(result, () => {
      if (result.items.length === 0) return 'no incident yet\n';
      const header = ['id', 'reference', 'status', 'version', 'created', 'dispatched', 'completed', 'title'];
      const rows = result.items.map((i) => [i.id, i.reference, i.status, count(i.version), when(i.createdAt), when(i.dispatchedAt), when(i.completedAt), text(i.title)]);
      return table([header, ...rows], [3]);
    });
  }

  @Option({ flags: '--limit <n>', description: 'at most this many incidents, 1 to 1000 (default 100)' })
  limit(value: string): number {
    return wholeNumber('--limit', 1000)(value);
  }
}

@SubCommand({
  name: 'show',
  arguments: '<id>',
  description: 'one incident: its current version and status, its versions, and how far the dispatch has got; --json: the incident as the API gives it, with `progress` (null before dispatch)',
})
export class IncidentShowCommand extends CliCommand {
  constructor(private readonly api: CliApi) {
    super();
  }

  async run([id]: string[]): Promise<void> {
    const client = this.api.client();
    const incident = await client.get<Incident>(`/v1/incidents/${incidentId(id)}`);
    const progress = incident.dispatchedAt ? await client.get<ProgressView>(`/v1/incidents/${id}/progress`) : null;
    this.print({ ...incident, progress }, () => showIncident(incident, progress));
  }
}

function showIncident(i: Incident, p: ProgressView | null): string {
  const lines = [
    `${i.reference}: ${text(i.title)}`,
    `  id        ${i.id}`,
    `  status    ${i.status}, version ${i.version}${i.closedAt ? `, closed ${when(i.closedAt)}` : ''}`,
    `  aware     ${when(i.awareAt)}`,
    `  channels  ${i.channels.join(', ')}`,
  ];
  if (p) {
    const n = p.notices;
    lines.push(
      `  tenants   ${count(p.affectedTenants)} affected, ${count(p.acknowledgedTenants)} acknowledged, ${count(p.lateTenants)} late`,
      `  notices   ${count(n.total)}: ${['sent', 'delivered', 'failed', 'bounced', 'undelivered', 'pending', 'queued', 'sending'].filter((s) => n[s]).map((s) => `${count(n[s])} ${s}`).join(', ') || 'none yet'}`,
    );
  }
  const header = ['version', 'status', 'created', 'approved', 'dispatched', 'completed', 'change'];
  const rows = i.versions.map((v) => [String(v.version), v.status, when(v.createdAt), when(v.approvedAt), when(v.dispatchedAt), when(v.completedAt), text(v.changeSummary) || '-']);
  return `${lines.join('\n')}\n\n${table([header, ...rows], [0])}`;
}

@SubCommand({
  name: 'preview',
  arguments: '<id>',
  description:
    'what dispatch would send: affected tenants, planned notices by channel, language gaps, render errors and sample notices (links redacted); --json: the preview as the API gives it',
})
export class IncidentPreviewCommand extends CliCommand {
  constructor(private readonly api: CliApi) {
    super();
  }

  async run([id]: string[], options: { limit?: number; text?: boolean }): Promise<void> {
    const preview = await this.api.client().get<Preview>(`/v1/incidents/${incidentId(id)}/preview?limit=${options.limit ?? 5}`);
    this.print(preview, () => showPreview(preview, options.text === true));
  }

  @Option({ flags: '--limit <n>', description: 'sample tenants, 1 to 50 (default 5)' })
  limit(value: string): number {
    return wholeNumber('--limit', 50)(value);
  }

  @Option({ flags: '--text', description: 'print the text of each sample notice' })
  text(): boolean {
    return true;
  }
}

function showPreview(p: Preview, withText: boolean): string {
  const planned = Object.entries(p.plannedNotices).filter(([, n]) => n > 0).map(([channel, n]) => `${channel} ${count(n)}`);
  const lines = [`version ${p.version} (${p.status}): ${counted(p.affectedTenants, 'affected tenant')}; first notices planned: ${planned.join(', ') || 'none'}`];
  const gaps = p.languageGaps.filter((g) => g.fields.length);
  if (gaps.length) {
    lines.push('language gaps (approve with --accept-language-gaps to send them as they are):');
    lines.push(...gaps.map((g) => `  ${g.locale} (${counted(g.tenants, 'tenant')}): ${g.fields.join(', ')}`));
  }
  if (p.renderErrors.length) {
    lines.push('render errors (dispatch refuses the version):');
    lines.push(...p.renderErrors.map((r) => `  ${r.tenant} (${r.channel}): ${r.message}`));
  }
  const samples = p.samples.flatMap((s) => s.messages.map((m) => ({ tenant: s.tenant, locale: s.locale, ...m })));
  if (samples.length === 0) return `${lines.join('\n')}\n`;
  const header = ['tenant', 'language', 'channel', 'to', 'subject'];
  const rows = samples.map((m) => [m.tenant, m.locale, m.channel, m.to, m.subject ?? `(${counted(m.text.length, 'character')})`]);
  let out = `${lines.join('\n')}\n\n${table([header, ...rows])}`;
  if (withText) out += samples.map((m) => `\n--- ${m.tenant} · ${m.channel} · ${m.to}\n${m.subject ? `${m.subject}\n\n` : ''}${m.text.trimEnd()}\n`).join('');
  return out;
}
