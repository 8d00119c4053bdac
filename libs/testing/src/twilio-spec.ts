import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The subset of Twilio's OpenAPI description (api v2010) that the TwilioDouble implements,
 * extracted by `libs/testing/twilio-oai/extract.js` into `libs/testing/twilio-oai/messages.json`.
 * Request checks and response shapes below are derived from it, not hand-written.
 */

export interface JsonSchema {
  type?: string;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  enum?: string[];
  nullable?: boolean;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  'x-ref'?: string;
  'x-twilio'?: { ignoreFormat?: boolean; [k: string]: unknown };
}

interface Operation {
  path: string;
  method: string;
  operationId: string;
  successStatus: number;
  responseSchema: string;
  parameters: { name: string; in: string; required?: boolean; schema: JsonSchema }[];
}

export interface MessagesSpec {
  info: { title: string; version: string; openapi: string };
  securitySchemes: Record<string, { type: string; scheme: string }>;
  operations: {
    createMessage: Operation & { requestSchema: JsonSchema & { properties: Record<string, JsonSchema>; required: string[] }; conditional: string[][] };
    fetchMessage: Operation;
  };
  schemas: Record<string, JsonSchema> & {
    'api.v2010.account.message': JsonSchema & { properties: Record<string, JsonSchema> };
    message_enum_status: JsonSchema & { enum: string[] };
  };
  responseExamples: Record<string, Record<string, unknown>>;
}

export const MESSAGES_SPEC_PATH = join(__dirname, '..', 'twilio-oai', 'messages.json');

let cached: MessagesSpec | undefined;
/** The extracted spec (read once from libs/testing/twilio-oai/messages.json). */
export function messagesSpec(): MessagesSpec {
  return (cached ??= JSON.parse(readFileSync(MESSAGES_SPEC_PATH, 'utf8')) as MessagesSpec);
}

/** Every property name of the `api.v2010.account.message` resource, in the spec's order. */
export function messageResourceProperties(): string[] {
  return Object.keys(messagesSpec().schemas['api.v2010.account.message'].properties);
}

/** The message status enum of the spec. */
export type MessageStatus =
  | 'queued'
  | 'sending'
  | 'sent'
  | 'failed'
  | 'delivered'
  | 'undelivered'
  | 'receiving'
  | 'received'
  | 'accepted'
  | 'scheduled'
  | 'read'
  | 'partially_delivered'
  | 'canceled';

export function messageStatuses(): string[] {
  return messagesSpec().schemas.message_enum_status.enum;
}

/** Twilio's error body (legacy format, what `RestException` reads). */
export interface TwilioErrorBody {
  code: number;
  message: string;
  more_info: string;
  status: number;
}

export function twilioError(status: number, code: number, message: string): TwilioErrorBody {
  return { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status };
}

/** `media_url` → `MediaUrl`: the spec's conditional groups use snake_case, the form uses PascalCase. */
export function formName(snake: string): string {
  return snake
    .split('_')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}

export type FormParams = Record<string, string | string[]>;

/**
 * Error codes are not part of the OpenAPI description; these are Twilio's documented codes for
 * the checks the spec implies (required field, per-field format, conditional groups).
 */
const REQUIRED_ERRORS: Record<string, [number, string]> = {
  To: [21604, "A 'To' phone number is required."],
};
const CONDITIONAL_ERRORS: Record<string, [number, string]> = {
  from: [21603, "A 'From' phone number is required."],
  body: [21602, 'Message body is required.'],
};
const FIELD_ERRORS: Record<string, (value: string) => [number, string]> = {
  To: (v) => [21211, `The 'To' number ${v} is not a valid phone number.`],
  From: (v) => [21212, `The 'From' number ${v} is not a valid phone number, shortcode, or alphanumeric sender ID.`],
  FallbackFrom: (v) => [21212, `The 'FallbackFrom' number ${v} is not a valid phone number, shortcode, or alphanumeric sender ID.`],
  StatusCallback: (v) => [21609, `The StatusCallback URL ${v} is not a valid URL.`],
  MessagingServiceSid: (v) => [21701, `The Messaging Service Sid ${v} is invalid.`],
};
const GENERIC_FIELD_ERROR = (name: string, value: string, why: string): [number, string] => [20001, `Invalid parameter ${name}: ${JSON.stringify(value)} ${why}`];

const E164 = /^\+[1-9]\d{6,14}$/;
const CHANNEL = /^(whatsapp|messenger|rcs|fbm):\S+$/i;
const SHORT_CODE = /^\d{3,8}$/;
const ALPHANUMERIC = /^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$/;

function checkFormat(format: string | undefined, name: string, value: string, schema: JsonSchema): string | null {
  if (!format || schema['x-twilio']?.ignoreFormat) return null;
  switch (format) {
    case 'phone-number':
      if (name === 'To') return E164.test(value) || CHANNEL.test(value) ? null : 'is not an E.164 number or channel address';
      return E164.test(value) || CHANNEL.test(value) || SHORT_CODE.test(value) || ALPHANUMERIC.test(value)
        ? null
        : 'is not an E.164 number, short code, alphanumeric sender ID or channel address';
    case 'uri': {
      try {
        const u = new URL(value);
        if (u.protocol !== 'http:' && u.protocol !== 'https:') return 'is not an http(s) URL';
        if (u.hostname.includes('_')) return 'has an underscore in its host name';
        return null;
      } catch {
        return 'is not a URL';
      }
    }
    case 'date-time':
      return Number.isNaN(Date.parse(value)) ? 'is not an ISO 8601 date-time' : null;
    default:
      return null;
  }
}

const regexCache = new Map<string, RegExp>();
const compiled = (pattern: string) => {
  let re = regexCache.get(pattern);
  if (!re) regexCache.set(pattern, (re = new RegExp(pattern)));
  return re;
};

/** Checks one scalar value against its (resolved) schema; returns why it fails, or null. */
function checkValue(name: string, value: string, schema: JsonSchema): string | null {
  switch (schema.type) {
    case 'integer':
      if (!/^-?\d+$/.test(value)) return 'is not an integer';
      break;
    case 'number':
      if (value.trim() === '' || !Number.isFinite(Number(value))) return 'is not a number';
      break;
    case 'boolean':
      if (!/^(true|false)$/i.test(value)) return 'is not a boolean';
      break;
    default:
      break;
  }
  if (schema.enum && !schema.enum.includes(value)) return `is not one of ${schema.enum.join(', ')}`;
  if (schema.minLength !== undefined && value.length < schema.minLength) return `is shorter than ${schema.minLength}`;
  if (schema.maxLength !== undefined && value.length > schema.maxLength) return `is longer than ${schema.maxLength}`;
  if (schema.pattern && !compiled(schema.pattern).test(value)) return `does not match ${schema.pattern}`;
  return checkFormat(schema.format, name, value, schema);
}

export interface CreateCheck {
  error?: TwilioErrorBody;
  /** Parameters the spec does not know: Twilio ignores them, and so does the double. */
  unknownParams: string[];
}

/**
 * Validates a Messages create form against the extracted request schema: `required`, property
 * types, enums, patterns and formats, and the operation's `x-twilio.conditional` groups (at least
 * one of From/MessagingServiceSid, at least one of Body/MediaUrl/ContentSid). Unknown parameters
 * are tolerated, as the schema does not forbid them (its own examples send `Tags`).
 */
export function checkCreateMessage(form: FormParams): CreateCheck {
  const op = messagesSpec().operations.createMessage;
  const schema = op.requestSchema;
  const props = schema.properties;
  const unknownParams = Object.keys(form).filter((k) => !(k in props));
  const present = (k: string) => {
    const v = form[k];
    return Array.isArray(v) ? v.length > 0 : v !== undefined && v !== '';
  };

  for (const name of schema.required) {
    if (!present(name)) {
      const [code, message] = REQUIRED_ERRORS[name] ?? [20001, `Missing required parameter ${name} in the post body`];
      return { unknownParams, error: twilioError(400, code, message) };
    }
  }

  for (const [name, raw] of Object.entries(form)) {
    const prop = props[name];
    if (!prop) continue;
    const values = Array.isArray(raw) ? raw : [raw];
    if (prop.type !== 'array' && values.length > 1) {
      return { unknownParams, error: twilioError(400, 20001, `Parameter ${name} was given ${values.length} times`) };
    }
    const itemSchema = prop.type === 'array' ? (prop.items ?? {}) : prop;
    for (const value of values) {
      if (value === '' && prop.type !== 'array') continue; // empty means "not given" to Twilio
      const why = checkValue(name, value, itemSchema);
      if (why) {
        const [code, message] = FIELD_ERRORS[name]?.(value) ?? GENERIC_FIELD_ERROR(name, value, why);
        return { unknownParams, error: twilioError(400, code, message) };
      }
    }
  }

  for (const group of op.conditional) {
    if (!group.some((snake) => present(formName(snake)))) {
      const key = group.find((g) => CONDITIONAL_ERRORS[g]);
      const [code, message] = key
        ? CONDITIONAL_ERRORS[key]
        : [20001, `One of ${group.map(formName).join(', ')} is required`];
      return { unknownParams, error: twilioError(400, code, message) };
    }
  }

  const body = typeof form.Body === 'string' ? form.Body : '';
  if ([...body].length > 1600) {
    return { unknownParams, error: twilioError(400, 21617, 'The concatenated message body exceeds the 1600 character limit.') };
  }
  return { unknownParams };
}

/** Checks a path parameter (AccountSid, Sid) against the operation's parameter schema. */
export function checkPathParam(operation: 'createMessage' | 'fetchMessage', name: string, value: string): boolean {
  const p = messagesSpec().operations[operation].parameters.find((x) => x.name === name && x.in === 'path');
  return !p || checkValue(name, value, p.schema) === null;
}

// ---------------------------------------------------------------------------------------------
// SMS segments (GSM-7 / UCS-2), for num_segments

const GSM7_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM7_EXTENDED = '\f^{}\\[~]|€';
const BASIC = new Set(GSM7_BASIC);
const EXTENDED = new Set(GSM7_EXTENDED);

export interface SegmentInfo {
  encoding: 'GSM-7' | 'UCS-2';
  /** Septets (GSM-7) or UTF-16 code units (UCS-2). */
  units: number;
  segments: number;
}

/** Counts SMS segments as carriers do: 160/153 septets in GSM-7, 70/67 code units in UCS-2. */
export function smsSegments(body: string): SegmentInfo {
  let septets = 0;
  let gsm = true;
  for (const ch of body) {
    if (BASIC.has(ch)) septets += 1;
    else if (EXTENDED.has(ch)) septets += 2;
    else {
      gsm = false;
      break;
    }
  }
  if (gsm) return { encoding: 'GSM-7', units: septets, segments: septets === 0 ? 1 : septets <= 160 ? 1 : Math.ceil(septets / 153) };
  const units = body.length;
  return { encoding: 'UCS-2', units, segments: units <= 70 ? 1 : Math.ceil(units / 67) };
}
