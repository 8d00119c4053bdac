import { APP_CONFIG, AppConfig, isEmailSandbox, isSmsSandbox, isWebhookSandbox } from '@app/config';
import { DataCategory } from '@app/templates';
import { dataCategoryLabel, formatNumber } from '@app/wording';
import { Inject, Injectable } from '@nestjs/common';
import type { Response } from 'express';
import Handlebars from 'handlebars';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { can } from './console.guard';
import { ConsoleSession } from './console-session.service';

export const VIEWS_DIR = join(__dirname, '..', 'views', 'console');
export const PUBLIC_DIR = join(__dirname, '..', 'public');

export interface PageContext {
  title: string;
  nav?: 'incidents' | 'deliveries' | 'tenants' | 'audit' | 'sandbox' | 'keys';
  session?: ConsoleSession;
  notice?: string;
  error?: string;
}

const when = (value: unknown): string => {
  if (!value) return '—';
  const date = new Date(value as string);
  return Number.isNaN(date.getTime()) ? String(value) : `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
};

/**
 * Console pages: Handlebars with HTML escaping, one layout, partials from `views/console/partials`.
 * Compiled once at start; no template reads at request time.
 */
@Injectable()
export class ConsoleViews {
  private readonly hbs = Handlebars.create();
  private readonly pages = new Map<string, Handlebars.TemplateDelegate>();
  private readonly layout: Handlebars.TemplateDelegate;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    const h = this.hbs;
    h.registerHelper('eq', (a: unknown, b: unknown) => a === b);
    h.registerHelper('when', when);
    h.registerHelper('json', (value: unknown) => JSON.stringify(value ?? null, null, 2));
    // Counts with thousands separators (1,234,567); anything that is not a number shows as it is.
    h.registerHelper('num', (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? formatNumber(value, 'en') : (value ?? '')));
    // Data categories in words ("phone numbers, message content"), as the English notice says them.
    h.registerHelper('categories', (items: unknown) => (Array.isArray(items) ? items.map((c) => dataCategoryLabel(c as DataCategory, 'en')).join(', ') : ''));
    h.registerHelper('pct', (part: number, total: number) => (total ? Math.round((part / total) * 1000) / 10 : 0));
    h.registerHelper('join', (items: unknown) => (Array.isArray(items) ? items.join(', ') : (items ?? '')));
    h.registerHelper('localText', (value: unknown) => (value && typeof value === 'object' ? ((value as Record<string, string>).en ?? Object.values(value)[0]) : (value ?? '')));
    for (const file of readdirSync(join(VIEWS_DIR, 'partials'))) {
      if (file.endsWith('.hbs')) h.registerPartial(basename(file, '.hbs'), readFileSync(join(VIEWS_DIR, 'partials', file), 'utf8'));
    }
    for (const file of readdirSync(VIEWS_DIR)) {
      if (file.endsWith('.hbs')) this.pages.set(basename(file, '.hbs'), h.compile(readFileSync(join(VIEWS_DIR, file), 'utf8')));
    }
    this.layout = this.pages.get('layout')!;
  }

  render(page: string, model: Record<string, unknown>, ctx: PageContext): string {
    const template = this.pages.get(page);
    if (!template) throw new Error(`No console view ${page}`);
    const principal = ctx.session?.principal;
    const sandbox = { email: isEmailSandbox(this.config), sms: isSmsSandbox(this.config), webhook: isWebhookSandbox(this.config) };
    const captured = [sandbox.email && 'email', sandbox.sms && 'SMS', sandbox.webhook && 'webhook events'].filter((c): c is string => Boolean(c));
    const common = {
      ...ctx,
      principal,
      csrf: ctx.session?.csrf,
      canWrite: can(principal, 'write'),
      canApprove: can(principal, 'approve'),
      sandbox,
      /** `email, SMS and webhook events`: what the sandbox captures instead of sending. */
      sandboxCaptured: captured.length > 1 ? `${captured.slice(0, -1).join(', ')} and ${captured[captured.length - 1]}` : captured[0] ?? null,
      [`nav_${ctx.nav ?? 'none'}`]: true,
    };
    return this.layout({ ...common, body: template({ ...common, ...model }) });
  }

  /** Sends a page, never cached (security headers for all of /console are set in http/security-headers.ts). */
  send(res: Response, page: string, model: Record<string, unknown>, ctx: PageContext, status = 200): void {
    consoleHeaders(res);
    res.status(status).type('html').send(this.render(page, model, ctx));
  }
}

export function consoleHeaders(res: Response): void {
  res.setHeader('Cache-Control', 'no-store');
}
