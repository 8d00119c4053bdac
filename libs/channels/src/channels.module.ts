import { APP_CONFIG, AppConfig, insecureWebhookWarning } from '@app/config';
import { CHANNEL_CATALOG, Channel } from '@app/kernel';
import { Global, Inject, Logger, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { CHANNEL_DRIVERS, ChannelDriver } from './channel.types';
import { ChannelRegistry } from './channel-registry';
import { EmailChannelDriver } from './email.channel';
import { SmsChannelDriver } from './sms.channel';
import { WebhookChannelDriver } from './webhook.channel';

/** Every channel's driver, one line each. A channel of `CHANNELS` without one fails to compile (below) and to start. */
const DRIVERS = [
  EmailChannelDriver,
  SmsChannelDriver,
  WebhookChannelDriver,
] as const;

type Registered = InstanceType<(typeof DRIVERS)[number]>['channel'];
/** Compile-time check: every channel of `CHANNELS` has a driver in DRIVERS. */
const everyChannelHasADriver: [Exclude<Channel, Registered>] extends [never] ? true : { missingDriverFor: Exclude<Channel, Registered> } = true;
void everyChannelHasADriver;

/**
 * The channel registry, for both apps: the API reads addresses, labels and callback rules from it,
 * the worker also sends through it. Global, so that dispatch, notices and incidents get the
 * CHANNEL_CATALOG port they declare (kernel) without importing this lib.
 */
@Global()
@Module({
  providers: [
    ...DRIVERS,
    { provide: CHANNEL_DRIVERS, inject: [...DRIVERS], useFactory: (...drivers: ChannelDriver[]) => drivers },
    ChannelRegistry,
    { provide: CHANNEL_CATALOG, useExisting: ChannelRegistry },
  ],
  exports: [ChannelRegistry, CHANNEL_CATALOG],
})
export class ChannelsModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    private readonly registry: ChannelRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Both apps say at start when webhook URLs are not held to https and public addresses. */
  onModuleInit(): void {
    const warning = insecureWebhookWarning(this.config);
    if (warning) new Logger('Channels').warn(warning);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.registry.closeAll();
  }
}
