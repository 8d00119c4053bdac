import { APP_CONFIG, AppConfig, isEmailSandbox, isSmsSandbox } from '@app/config';
import { Inject, Logger, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EMAIL_TRANSPORT, EmailTransport, SMS_TRANSPORT, SmsTransport } from './channel.types';
import { SandboxEmailDriver, SandboxSmsDriver } from './sandbox.drivers';
import { SmtpEmailDriver } from './smtp-email.driver';
import { TwilioSmsDriver } from './twilio-sms.driver';

@Module({
  providers: [
    {
      provide: EMAIL_TRANSPORT,
      inject: [APP_CONFIG, DataSource],
      useFactory: (config: AppConfig, ds: DataSource): EmailTransport =>
        isEmailSandbox(config) ? new SandboxEmailDriver(ds) : new SmtpEmailDriver(config.smtpUrl!),
    },
    {
      provide: SMS_TRANSPORT,
      inject: [APP_CONFIG, DataSource],
      useFactory: (config: AppConfig, ds: DataSource): SmsTransport =>
        isSmsSandbox(config)
          ? new SandboxSmsDriver(ds)
          : new TwilioSmsDriver({ ...config.twilio, accountSid: config.twilio.accountSid!, authToken: config.twilio.authToken! }),
    },
  ],
  exports: [EMAIL_TRANSPORT, SMS_TRANSPORT],
})
export class ChannelsModule implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Channels');

  constructor(
    @Inject(EMAIL_TRANSPORT) private readonly email: EmailTransport,
    @Inject(SMS_TRANSPORT) private readonly sms: SmsTransport,
  ) {}

  onModuleInit(): void {
    if (this.email.sandboxed) this.logger.warn('EMAIL SANDBOX: SMTP_URL is not set; emails are captured locally and never leave this machine.');
    if (this.sms.sandboxed) this.logger.warn('SMS SANDBOX: Twilio credentials are not set; SMS are captured locally and never leave this machine.');
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.email.close(), this.sms.close()]);
  }
}
