import { Body, Controller, Get, NotFoundException, Param, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Public } from '../http/auth';
import { ConsoleAnonymous, ConsoleGuard, ConsoleRequest } from './console.guard';
import { ConsoleErrorFilter } from './console-error.filter';
import { ConsoleSessionService, LOGIN_COOKIE, newToken, readCookie, sameToken, SESSION_COOKIE, setCookie } from './console-session.service';
import { ConsoleViews, PUBLIC_DIR } from './console-views';
import { SignInLimiter } from './sign-in-limiter';

const ASSETS: Record<string, string> = { 'console.css': 'text/css', 'console.js': 'text/javascript' };
const SESSION_MAX_AGE_MS = 12 * 60 * 60 * 1000;

/** Only a path inside the console may be returned to after sign-in. */
const safeNext = (next: unknown): string => (typeof next === 'string' && /^\/console(\/[^\\\s]*)?$/.test(next) && !next.startsWith('//') ? next : '/console/incidents');

@Controller('console')
@Public()
@UseGuards(ConsoleGuard)
@UseFilters(ConsoleErrorFilter)
export class ConsoleAuthController {
  private readonly assets = new Map(Object.keys(ASSETS).map((name) => [name, readFileSync(join(PUBLIC_DIR, name))]));

  constructor(
    private readonly sessions: ConsoleSessionService,
    private readonly views: ConsoleViews,
    private readonly limiter: SignInLimiter,
  ) {}

  @Get()
  root(@Res() res: Response): void {
    res.redirect(303, '/console/incidents');
  }

  @Get('login')
  @ConsoleAnonymous()
  loginPage(@Req() req: Request, @Res() res: Response, @Query('next') next?: string, @Query('signedOut') signedOut?: string): void {
    this.showLogin(req, res, safeNext(next), signedOut ? 'You are signed out.' : undefined);
  }

  /** The login form carries a token bound to a short-lived cookie, so another site cannot sign a browser in with its own key. */
  @Post('login')
  @ConsoleAnonymous()
  async login(@Req() req: Request, @Res() res: Response, @Body() body: Record<string, string>): Promise<void> {
    const next = safeNext(body?.next);
    const expected = readCookie(req, LOGIN_COOKIE);
    if (!expected || !sameToken(body?._csrf, expected)) return this.showLogin(req, res, next, undefined, 'The sign-in form expired; please try again.', 403);
    const client = req.ip ?? 'unknown';
    const waitMs = await this.limiter.blockedFor(client);
    if (waitMs > 0) {
      const minutes = Math.ceil(waitMs / 60_000);
      res.setHeader('Retry-After', String(Math.ceil(waitMs / 1000)));
      return this.showLogin(req, res, next, undefined, `Too many failed sign-ins from this address; try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`, 429);
    }
    const key = typeof body.key === 'string' ? body.key : '';
    const signedIn = key.trim() ? await this.sessions.signIn(key) : null;
    if (!signedIn) {
      await this.limiter.failed(client);
      return this.showLogin(req, res, next, undefined, 'That API key is not valid (or has been revoked).', 401);
    }
    await this.limiter.succeeded(client);
    setCookie(req, res, SESSION_COOKIE, signedIn.sessionId, SESSION_MAX_AGE_MS);
    res.clearCookie(LOGIN_COOKIE, { path: '/console' });
    res.redirect(303, next);
  }

  @Post('logout')
  async logout(@Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    await this.sessions.signOut(req.console.sessionId, req.console.principal);
    res.clearCookie(SESSION_COOKIE, { path: '/console' });
    res.redirect(303, '/console/login?signedOut=1');
  }

  @Get('assets/:name')
  @ConsoleAnonymous()
  asset(@Param('name') name: string, @Res() res: Response): void {
    const content = this.assets.get(name);
    if (!content) throw new NotFoundException(`No console asset ${name}`);
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.type(ASSETS[name]).send(content);
  }

  private showLogin(req: Request, res: Response, next: string, notice?: string, error?: string, status = 200): void {
    const token = newToken();
    setCookie(req, res, LOGIN_COOKIE, token, 30 * 60 * 1000);
    this.views.send(res, 'login', { next, loginToken: token }, { title: 'Sign in', notice, error }, status);
  }
}
