import { AckService } from '@app/incidents';
import { Controller, Get, Header, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Public } from '../http/auth';
import { renderAckPage } from './ack-page';

/** The tenant's side: the link in every notice. Authenticated by its token alone. */
@Controller('ack')
@Public()
export class AckController {
  constructor(private readonly acks: AckService) {}

  /** Shows the notice and a button; changes nothing (mail scanners open links). `/ack/{token}.json` gives the filing summary. */
  @Get(':token')
  @Header('Cache-Control', 'no-store')
  @Header('Referrer-Policy', 'no-referrer')
  async show(@Param('token') token: string, @Query('lang') lang: string | undefined, @Res() res: Response): Promise<void> {
    if (token.endsWith('.json')) {
      const summary = await this.acks.summary(token.slice(0, -'.json'.length), lang);
      res.json(summary);
      return;
    }
    const summary = await this.acks.summary(token, lang);
    res.type('html').send(renderAckPage(summary, token));
  }

  @Post(':token')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @Header('Referrer-Policy', 'no-referrer')
  async acknowledge(@Param('token') token: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const result = await this.acks.acknowledge(token, { ip: req.ip ?? null, userAgent: req.headers['user-agent'] ?? null });
    const summary = await this.acks.summary(token);
    if (req.accepts(['html', 'json']) === 'json') {
      res.json({ ...summary, firstAcknowledgement: result.first });
      return;
    }
    res.type('html').send(renderAckPage(summary, token));
  }
}
