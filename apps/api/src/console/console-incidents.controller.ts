import { ChannelRegistry } from '@app/channels';
import { APP_CONFIG, AppConfig } from '@app/config';
import { ApiKeysService } from '@app/access';
import { CHANNELS, ConflictError, FieldProblem, InvalidInputError, LOCALES } from '@app/kernel';
import { describeLanguageGaps, IncidentsService, LanguageGap } from '@app/incidents';
import { ProgressService } from '@app/progress';
import { PreviewService } from '@app/notices';
import { TestSendFailed, TestSendResult, TestSendService } from '@app/test-send';
import { Body, Controller, Get, Inject, Param, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { Public } from '../http/auth';
import { ConsoleGuard, ConsoleRequest, ConsoleRequires } from './console.guard';
import { ConsoleErrorFilter } from './console-error.filter';
import { ConsoleSessionService } from './console-session.service';
import { ConsoleViews } from './console-views';
import { changedFields, FormBody, formToIncident, incidentToForm, LOCALE_NAMES, one } from './incident-form';
import { buildFormView } from './incident-form-view';
import { progressView } from './progress-view';
import { streamAffectedTenants } from '../http/affected-export';
import { natureWords, scopeSentences } from './scope-words';
import { listProgress } from './list-progress';

/** What the test-send form on the preview shows: the values typed, what went wrong, or what was sent. */
interface TestSendState {
  form?: Record<string, string>;
  problems?: FieldProblem[];
  sent?: TestSendResult;
}

const DONE: Record<string, string> = {
  filed: 'Incident filed as a draft. Check the preview, then have a second key approve it.',
  approved: 'Approved. An admin can dispatch it now.',
  dispatched: 'Dispatch started: notices are being planned and sent.',
  updated: 'Update filed as a new draft version. It needs approval before dispatch.',
};
const STREAM_EVERY_MS = 1000;

@Controller('console/incidents')
@Public()
@UseGuards(ConsoleGuard)
@UseFilters(ConsoleErrorFilter)
export class ConsoleIncidentsController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly incidents: IncidentsService,
    private readonly progress: ProgressService,
    private readonly previews: PreviewService,
    private readonly views: ConsoleViews,
    private readonly sessions: ConsoleSessionService,
    private readonly keys: ApiKeysService,
    private readonly channels: ChannelRegistry,
    private readonly testSends: TestSendService,
  ) {}

  @Get()
  async list(@Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    const items = await listProgress(await this.incidents.list(200), (id) => this.progress.progress(id));
    this.views.send(res, 'incidents', { items }, { title: 'Incidents', nav: 'incidents', session: req.console });
  }

  /** Every affected tenant of the current version as CSV (the preview shows the first five), as `GET /v1/incidents/{id}/affected-tenants.csv`. */
  @Get(':id/affected-tenants.csv')
  async affectedTenants(@Res() res: Response, @Param('id') id: string): Promise<void> {
    const { version } = await this.incidents.currentVersion(id);
    await streamAffectedTenants(res, `affected-tenants-${id}-v${version.version}.csv`, this.previews.affectedRows(id));
  }

  /** A test send from the preview: marked TEST, counted nowhere, recorded in the audit trail. */
  @Post(':id/test-send')
  @ConsoleRequires('write')
  async testSend(@Req() req: ConsoleRequest, @Res() res: Response, @Param('id') id: string, @Body() form: FormBody): Promise<void> {
    const typed = { tenant: one(form, 'tenant'), channel: one(form, 'channel'), locale: one(form, 'locale'), to: one(form, 'to') };
    try {
      const sent = await this.testSends.send(id, { ...typed, locale: typed.locale || undefined }, req.console.principal);
      const where = sent.sandboxed ? ' The sandbox captured it: see the sandbox mailbox.' : '';
      await this.showDetail(req, res, id, { notice: `Test sent to ${sent.to} (${sent.channel}, ${sent.locale}), marked TEST; it counts nowhere and the audit trail records it.${where}` }, 200, {
        form: typed,
        sent,
      });
    } catch (error) {
      if (error instanceof InvalidInputError) {
        return this.showDetail(req, res, id, { error: `Test not sent: ${error.problems.map((p) => p.message).join('; ')}` }, 400, { form: typed, problems: error.problems });
      }
      if (error instanceof TestSendFailed) return this.showDetail(req, res, id, { error: `Test not sent: ${error.message}` }, error.permanent ? 422 : 502, { form: typed });
      if (error instanceof ConflictError) return this.showDetail(req, res, id, { error: `Test not sent: ${error.message}` }, 409, { form: typed });
      throw error;
    }
  }

  @Get('new')
  @ConsoleRequires('write')
  newForm(@Req() req: ConsoleRequest, @Res() res: Response): void {
    const defaults: FormBody = { channels: [...CHANNELS], nature: ['confidentiality'] };
    this.showForm(req, res, 'create', defaults, []);
  }

  @Post()
  @ConsoleRequires('write')
  async create(@Req() req: ConsoleRequest, @Res() res: Response, @Body() form: FormBody): Promise<void> {
    try {
      const created = await this.incidents.create(formToIncident(form, 'create'), req.console.principal);
      res.redirect(303, `/console/incidents/${created.id}?done=filed`);
    } catch (error) {
      const problems = this.problemsOf(error, 'reference');
      if (!problems) throw error;
      this.showForm(req, res, 'create', form, problems, error instanceof ConflictError ? 409 : 400);
    }
  }

  @Get(':id')
  async detail(@Req() req: ConsoleRequest, @Res() res: Response, @Param('id') id: string, @Query('done') done?: string): Promise<void> {
    await this.showDetail(req, res, id, { notice: done ? DONE[done] : undefined });
  }

  @Post(':id/approve')
  @ConsoleRequires('approve')
  async approve(@Req() req: ConsoleRequest, @Res() res: Response, @Param('id') id: string, @Body() form: FormBody): Promise<void> {
    // The page offers "approve with these gaps" only when the preview shows gaps; the service checks them again under the lock.
    const acceptLanguageGaps = form?.acceptLanguageGaps === 'true';
    await this.act(req, res, id, 'approved', () => this.incidents.approve(id, req.console.principal, { acceptLanguageGaps }));
  }

  @Post(':id/dispatch')
  @ConsoleRequires('write')
  async dispatch(@Req() req: ConsoleRequest, @Res() res: Response, @Param('id') id: string): Promise<void> {
    await this.act(req, res, id, 'dispatched', () => this.incidents.dispatch(id, req.console.principal));
  }

  @Get(':id/update')
  @ConsoleRequires('write')
  async updateForm(@Req() req: ConsoleRequest, @Res() res: Response, @Param('id') id: string): Promise<void> {
    const incident = await this.incidents.get(id);
    this.showForm(req, res, 'update', incidentToForm(incident), [], 200, incident);
  }

  @Post(':id/updates')
  @ConsoleRequires('write')
  async update(@Req() req: ConsoleRequest, @Res() res: Response, @Param('id') id: string, @Body() form: FormBody): Promise<void> {
    const incident = await this.incidents.get(id);
    try {
      await this.incidents.createUpdate(id, changedFields(formToIncident(form, 'update'), incident), req.console.principal);
      res.redirect(303, `/console/incidents/${id}?done=updated`);
    } catch (error) {
      const problems = this.problemsOf(error, '');
      if (!problems) throw error;
      this.showForm(req, res, 'update', form, problems, error instanceof ConflictError ? 409 : 400, incident);
    }
  }

  /**
   * Server-sent events: the progress view each time it changes, then `done` once every notice has
   * settled. A session that ends meanwhile (signed out, or its key revoked) gets `signed-out` and the end.
   */
  @Get(':id/progress/stream')
  async stream(@Req() req: ConsoleRequest, @Res() res: Response, @Param('id') id: string): Promise<void> {
    let view = progressView(await this.progress.progress(id), this.channels.all());
    res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
    let open = true;
    req.on('close', () => (open = false));
    let last = '';
    let quietSince = Date.now();
    while (open) {
      const data = JSON.stringify(view);
      if (data !== last) {
        res.write(`event: progress\ndata: ${data}\n\n`);
        last = data;
        quietSince = Date.now();
      } else if (Date.now() - quietSince > 15_000) {
        res.write(': still here\n\n');
        quietSince = Date.now();
      }
      if (view.done) {
        res.write('event: done\ndata: {}\n\n');
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, STREAM_EVERY_MS));
      if (open && !(await this.sessions.isLive(req.console.sessionId))) {
        res.write('event: signed-out\ndata: {}\n\n');
        break;
      }
      if (open) view = progressView(await this.progress.progress(id), this.channels.all());
    }
    res.end();
  }

  private async act(req: ConsoleRequest, res: Response, id: string, done: string, action: () => Promise<unknown>): Promise<void> {
    try {
      await action();
      res.redirect(303, `/console/incidents/${id}?done=${done}`);
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      const languageGaps = error.fields?.languageGaps as LanguageGap[] | undefined;
      if (languageGaps) {
        const message = `Version not approved: some readers would get text in another language (${describeLanguageGaps(languageGaps)}). Approve with these language gaps to send those texts as they are.`;
        return this.showDetail(req, res, id, { error: message }, 409);
      }
      const renderErrors = (error.details as { renderErrors?: { tenant: string; channel: string; message: string }[] } | undefined)?.renderErrors ?? [];
      const detail = renderErrors.map((e) => ` ${e.tenant} (${e.channel}): ${e.message}`).join(';');
      await this.showDetail(req, res, id, { error: error.message + detail }, 409);
    }
  }

  private async showDetail(req: ConsoleRequest, res: Response, id: string, flash: { notice?: string; error?: string }, status = 200, testSend: TestSendState = {}): Promise<void> {
    const incident = await this.incidents.get(id);
    const [progress, preview] = await Promise.all([this.progress.progress(id), this.previews.preview(id, 5)]);
    const principal = req.console.principal;
    const state = incident.status as string;
    const creatorOwner = state === 'draft' ? await this.keys.ownerOf(incident.createdBy as string | null) : null;
    const languages = ((preview.languageGaps ?? []) as LanguageGap[]).map((g) => ({ ...g, name: LOCALE_NAMES[g.locale] ?? g.locale }));
    const ownDraft = this.config.requireApproval && (incident.createdBy === principal.id || (creatorOwner !== null && creatorOwner === principal.owner));
    this.views.send(
      res,
      'incident',
      {
        incident,
        preview,
        languages,
        languageGaps: languages.some((g) => g.fields.length > 0),
        progress: progressView(progress, this.channels.all()),
        mayApprove: state === 'draft' && !ownDraft,
        fourEyes: state === 'draft' && ownDraft,
        mayDispatch: state === 'approved',
        mayUpdate: state === 'dispatching' || state === 'dispatched',
        live: ['dispatching', 'dispatched'].includes(state) && !progress.completedAt,
        scopeSentences: scopeSentences((incident.scope ?? {}) as never, incident.systemNames as Record<string, unknown> | undefined),
        natureWords: natureWords(incident.nature as string[] | undefined),
        testSend: this.testSendForm(preview, testSend),
        // Planned notices per channel, in the order of the registry.
        planned: this.channels.all().map((d) => ({ label: d.label, n: (preview.plannedNotices as Record<string, number>)[d.channel] ?? 0 })),
      },
      { title: `${incident.reference}`, nav: 'incidents', session: req.console, ...flash },
      status,
    );
  }

  /** The test-send form: tenants to pick from (the samples; any externalId may be typed), channels from the registry, languages. */
  private testSendForm(preview: Record<string, unknown>, state: TestSendState): Record<string, unknown> {
    const form = state.form ?? {};
    const problem = (field: string) => state.problems?.find((p) => p.field === field)?.message;
    const samples = (preview.samples ?? []) as { tenant: string; name: string }[];
    return {
      form: { ...form, tenant: form.tenant ?? samples[0]?.tenant ?? '' },
      tenants: samples.map((t) => ({ value: t.tenant, name: t.name })),
      channels: this.channels.all().map((d) => ({ value: d.channel, label: d.label, selected: d.channel === form.channel })),
      locales: LOCALES.map((l) => ({ value: l, name: LOCALE_NAMES[l] ?? l, selected: l === form.locale })),
      errors: Object.fromEntries(['tenant', 'channel', 'locale', 'to'].map((f) => [f, problem(f)])),
      sent: state.sent,
    };
  }

  private showForm(req: ConsoleRequest, res: Response, mode: 'create' | 'update', form: FormBody, problems: FieldProblem[], status = 200, incident?: Record<string, unknown>): void {
    const view = buildFormView(mode, form, problems);
    const title = mode === 'create' ? 'New incident' : `Update ${incident?.reference}`;
    const action = mode === 'create' ? '/console/incidents' : `/console/incidents/${incident?.id}/updates`;
    this.views.send(res, 'incident-form', { ...view, mode, action, incident, hasErrors: problems.length > 0 }, { title, nav: 'incidents', session: req.console }, status);
  }

  /** Domain problems to show beside the fields; a conflict (e.g. a reference in use) is put on `conflictField`. */
  private problemsOf(error: unknown, conflictField: string): FieldProblem[] | null {
    if (error instanceof InvalidInputError) return error.problems;
    if (error instanceof ConflictError) return [{ field: conflictField, message: error.message }];
    return null;
  }
}
