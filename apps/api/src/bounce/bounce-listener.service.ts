import { APP_CONFIG, AppConfig } from '@app/config';
import { BounceService } from '@app/delivery';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SMTPServer, SMTPServerDataStream, SMTPServerSession } from 'smtp-server';

/** DSNs carry the returned headers only (we ask for RET=HDRS); a larger message is not a report of ours. */
const MAX_MESSAGE_BYTES = 2 * 1024 * 1024;

/**
 * The inbound SMTP listener on BOUNCE_SMTP_PORT: the MX of BOUNCE_DOMAIN points here. It takes every
 * message (an MTA must not be taught to retry junk) and hands it to the bounce service; only a
 * failure on our side (database down) answers 451, so the reporting MTA tries again later.
 */
@Injectable()
export class BounceListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('BounceListener');
  private server: SMTPServer | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly bounces: BounceService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const port = this.config.bounceSmtpPort;
    if (port === null) return;
    const server = new SMTPServer({
      name: this.config.bounceDomain,
      banner: 'breachcast bounce listener',
      disabledCommands: ['AUTH', 'STARTTLS'],
      authOptional: true,
      size: MAX_MESSAGE_BYTES,
      logger: false,
      closeTimeout: 2000,
      onData: (stream, session, callback) => this.receive(stream, session, callback),
    });
    server.on('error', (error) => this.logger.warn(`SMTP session error: ${error.message}`));
    await new Promise<void>((resolve, reject) => {
      server.server.once('error', reject);
      server.listen(port, () => {
        server.server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    this.logger.log(`taking delivery-status reports for bounce+<notice>@${this.config.bounceDomain} on port ${port}`);
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private receive(stream: SMTPServerDataStream, session: SMTPServerSession, callback: (error?: Error | null) => void): void {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => {
      if (stream.sizeExceeded) {
        callback(Object.assign(new Error('Message too large for a delivery-status report'), { responseCode: 552 }));
        return;
      }
      const to = session.envelope.rcptTo.map((r) => r.address);
      this.bounces.handle(to, Buffer.concat(chunks)).then(
        () => callback(),
        (error: Error) => {
          this.logger.error(`could not apply a delivery-status report: ${error.message}`);
          callback(Object.assign(new Error('Temporary failure, try again later'), { responseCode: 451 }));
        },
      );
    });
  }
}
