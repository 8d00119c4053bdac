import { AckService } from '@app/ack';
import { NotFoundError } from '@app/kernel';
import { Controller, Get, Header, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExtraModels, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../http/auth';
import { AckResultView, AckSummaryView } from '../dto/ack';
import { CsafDocumentView } from '../dto/csaf';
import { renderAckPage } from './ack-page';

const PAGE_OR_SUMMARY = (json: typeof AckSummaryView) => ({ 'text/html': { schema: { type: 'string', description: 'the page' } }, 'application/json': { schema: { $ref: getSchemaPath(json) } } });

/** The tenant's side: the link in every notice. Authenticated by its token alone. */
@ApiTags('acknowledgement')
@ApiExtraModels(AckSummaryView, AckResultView)
@ApiNotFoundResponse({ description: 'Unknown or forged token' })
@Controller('ack')
@Public()
export class AckController {
  constructor(private readonly acks: AckService) {}

  /**
   * The notice as a CSAF 2.0 document for the tenant's own tools; same token rules as the page. Declared before
   * `:token`, which would take `{token}.csaf.json` too. Changes nothing.
   */
  @Get(':token.csaf.json')
  @ApiOperation({ summary: 'The notice as a CSAF 2.0 security incident response document (TLP:AMBER), one revision per version. Changes nothing.' })
  @ApiQuery({ name: 'lang', enum: ['en', 'pl', 'nl', 'fr', 'es', 'de'], required: false })
  @ApiProduces('application/json')
  @ApiOkResponse({ description: 'The CSAF document, in the asked language, else the notice’s', type: CsafDocumentView })
  @Header('Cache-Control', 'no-store')
  @Header('X-Robots-Tag', 'noindex')
  async csaf(@Param('token') token: string, @Query('lang') lang: string | undefined, @Res() res: Response): Promise<void> {
    const { fileName, document } = await this.acks.csaf(token, lang);
    res.type('application/json').setHeader('Content-Disposition', `inline; filename="${fileName}"`);
    res.send(JSON.stringify(document));
  }

  /** Shows the notice and a button; changes nothing (mail scanners open links). `/ack/{token}.json` gives the filing summary. */
  @Get(':token')
  @ApiOperation({ summary: 'The notice and an acknowledge button (HTML); `{token}.json` gives the filing summary. Changes nothing.' })
  @ApiQuery({ name: 'lang', enum: ['en', 'pl', 'nl', 'fr', 'es', 'de'] })
  @ApiProduces('text/html', 'application/json')
  @ApiOkResponse({ description: 'The page, or the filing summary for `{token}.json`', content: PAGE_OR_SUMMARY(AckSummaryView) })
  @Header('Cache-Control', 'no-store')
  @Header('X-Robots-Tag', 'noindex')
  async show(@Param('token') token: string, @Query('lang') lang: string | undefined, @Res() res: Response): Promise<void> {
    if (token.endsWith('.json')) {
      res.json(await this.acks.summary(token.slice(0, -'.json'.length), lang));
      return;
    }
    const { summary, email } = await this.acks.notice(token, lang);
    res.type('html').send(renderAckPage(summary, email, token));
  }

  /** The draft of the tenant's own notice to its people as a text file: its subject line, an empty line, its text. Changes nothing. */
  @Get(':token/subject-notice.txt')
  @ApiOperation({ summary: 'The draft of the tenant’s notice to its data subjects (Art. 34), as a text file to download. Changes nothing.' })
  @ApiQuery({ name: 'lang', enum: ['en', 'pl', 'nl', 'fr', 'es', 'de'], required: false })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'The draft in the asked language, else the tenant’s', content: { 'text/plain': { schema: { type: 'string' } } } })
  @Header('Cache-Control', 'no-store')
  @Header('X-Robots-Tag', 'noindex')
  async subjectNotice(@Param('token') token: string, @Query('lang') lang: string | undefined, @Res() res: Response): Promise<void> {
    const { reference, locale, notice } = await this.acks.subjectNotice(token, lang);
    if (!notice) throw new NotFoundError('A withdrawal has no draft notice to data subjects');
    const file = `${reference.replace(/[^A-Za-z0-9._-]+/g, '-')}-notice-to-data-subjects-${locale}.txt`;
    res.attachment(file).type('text/plain; charset=utf-8').send(`${notice.subject}\n\n${notice.text}`);
  }

  /** Records the acknowledgement once, then shows the same page (or JSON) with the time it was first recorded. */
  @Post(':token')
  @ApiOperation({ summary: 'Record the acknowledgement once; answers the page, or JSON when asked for' })
  @ApiQuery({ name: 'lang', enum: ['en', 'pl', 'nl', 'fr', 'es', 'de'] })
  @ApiProduces('text/html', 'application/json')
  @ApiOkResponse({
    description: 'The page, or the filing summary with `firstAcknowledgement` (Accept: application/json)',
    content: PAGE_OR_SUMMARY(AckResultView),
  })
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  async acknowledge(@Param('token') token: string, @Query('lang') lang: string | undefined, @Req() req: Request, @Res() res: Response): Promise<void> {
    const result = await this.acks.acknowledge(token, { ip: req.ip ?? null, userAgent: req.headers['user-agent'] ?? null });
    if (req.accepts(['html', 'json']) === 'json') {
      res.json({ ...(await this.acks.summary(token, lang)), firstAcknowledgement: result.first });
      return;
    }
    const { summary, email } = await this.acks.notice(token, lang);
    res.type('html').send(renderAckPage(summary, email, token));
  }
}
