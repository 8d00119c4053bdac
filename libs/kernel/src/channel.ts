import { Channel } from './vocabulary';

/**
 * Marks the end of an exhaustive `switch`: the compiler refuses the call while a case is missing
 * (the value is not `never` then), and at run time a value from outside the types fails loudly.
 */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`unexpected ${what}: ${String(value)}`);
}

/** The contact fields a channel may send to (columns of `contact`). */
export const CONTACT_ADDRESS_FIELDS = ['email', 'phone', 'webhook'] as const;
export type ContactAddressField = (typeof CONTACT_ADDRESS_FIELDS)[number];
export type ContactAddresses = { readonly [F in ContactAddressField]: string | null };

/**
 * How a channel's notices are rendered, declared by its driver: `email` renders `<part>-subject`,
 * `<part>-text` and `<part>-html`; `segmented` one line of `<part>` that must fit `maxSegments` SMS
 * segments (the vendor name is cut to make it fit); `text` one plain-text body of `<part>`, no limit.
 * Templates are `<kind>.<part>.<locale>.hbs` in libs/templates/src/templates.
 */
export type RenderTarget =
  | { readonly format: 'email'; readonly part: string }
  | { readonly format: 'segmented'; readonly part: string; readonly maxSegments: number }
  | { readonly format: 'text'; readonly part: string }
  | { readonly format: 'event' };

/**
 * What the libs below `channels` (planning, preview, planned counts, escalation) need to know of a
 * channel. The ChannelRegistry of `channels` implements it from its drivers and ChannelsModule
 * provides it under CHANNEL_CATALOG, so those libs never branch on a channel's name.
 */
export interface ChannelCatalog {
  /** The contact field this channel sends to. */
  addressField(channel: Channel): ContactAddressField;
  /** The contact's address on this channel, or null when it has none. */
  addressOf(channel: Channel, contact: ContactAddresses): string | null;
  /** The address as a log line may show it. */
  maskAddress(channel: Channel, to: string): string;
  /** Which templates render this channel's notices, and what must fit. */
  renderTarget(channel: Channel): RenderTarget;
  /**
   * Why this channel would refuse the address beyond its syntax (a webhook URL whose host resolves to a
   * private address), or null when it takes it. Asked when a tenant is written.
   */
  refusal(channel: Channel, address: string): Promise<string | null>;
  /** The channel's rate ceiling in notices per second, shared by every worker; 0 = no ceiling. */
  ratePerSec(channel: Channel): number;
}

export const CHANNEL_CATALOG = Symbol('CHANNEL_CATALOG');
