import { Channel, ChannelCatalog, CHANNELS, ContactAddresses, ContactAddressField, RenderTarget } from '@app/kernel';
import { Inject, Injectable } from '@nestjs/common';
import { CHANNEL_DRIVERS, ChannelDriver } from './channel.types';

/** The drivers by channel: exactly one each for every channel of `CHANNELS`, checked when the registry is built. */
@Injectable()
export class ChannelRegistry implements ChannelCatalog {
  private readonly drivers: ReadonlyMap<Channel, ChannelDriver>;
  private readonly ordered: readonly ChannelDriver[];

  constructor(@Inject(CHANNEL_DRIVERS) drivers: readonly ChannelDriver[]) {
    const byChannel = new Map<Channel, ChannelDriver>();
    for (const driver of drivers) {
      if (!(CHANNELS as readonly string[]).includes(driver.channel)) throw new Error(`channel driver for "${driver.channel}", which is not in CHANNELS`);
      if (byChannel.has(driver.channel)) throw new Error(`two channel drivers for "${driver.channel}"`);
      byChannel.set(driver.channel, driver);
    }
    const missing = CHANNELS.filter((c) => !byChannel.has(c));
    if (missing.length > 0) throw new Error(`no channel driver for ${missing.join(', ')}`);
    this.drivers = byChannel;
    this.ordered = CHANNELS.map((c) => byChannel.get(c)!);
  }

  /** The driver of a channel; a value from outside CHANNELS (a row written by hand, an old job) throws. */
  get<C extends Channel>(channel: C): ChannelDriver<C> {
    const driver = this.drivers.get(channel);
    if (!driver) throw new Error(`unknown channel ${JSON.stringify(channel)}`);
    return driver as ChannelDriver<C>;
  }

  /** Every driver, in the order of `CHANNELS`. */
  all(): readonly ChannelDriver[] {
    return this.ordered;
  }

  /** The driver whose provider posts its callbacks to this path, if any. */
  byCallbackPath(path: string): ChannelDriver | undefined {
    return this.ordered.find((d) => d.inbound?.path === path);
  }

  addressField(channel: Channel): ContactAddressField {
    return this.get(channel).addressField;
  }

  addressOf(channel: Channel, contact: ContactAddresses): string | null {
    return contact[this.get(channel).addressField] || null;
  }

  maskAddress(channel: Channel, to: string): string {
    return this.get(channel).maskAddress(to);
  }

  renderTarget(channel: Channel): RenderTarget {
    return this.get(channel).render;
  }

  async refusal(channel: Channel, address: string): Promise<string | null> {
    const driver = this.get(channel);
    return driver.refusal ? driver.refusal(address) : null;
  }

  ratePerSec(channel: Channel): number {
    return this.get(channel).ratePerSec;
  }

  /** Every driver gets ready for its first send (a worker, as it starts). */
  prepareAll(): void {
    for (const driver of this.ordered) driver.prepare?.();
  }

  async closeAll(): Promise<void> {
    await Promise.all(this.ordered.map((d) => d.close()));
  }
}
