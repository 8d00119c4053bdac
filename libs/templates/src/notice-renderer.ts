import { Injectable } from '@nestjs/common';
import { buildNoticeModel } from './model-builder';
import { singleLine } from '@app/wording';
import { NoticeModel, MODEL_SOURCES } from './notice-model';
import { NoticeView, RenderedEmail, RenderedSms } from './notice-view';
import { countSmsSegments, gsm7Septets } from '@app/kernel';
import { TemplateRegistry } from './template-registry';
import { TemplateRenderError } from './template-render-error';
import { Locale, RenderTarget, assertNever, isLocale } from '@app/kernel';

/** An SMS may take at most this many segments in any language. */
export const MAX_SMS_SEGMENTS = 2;

const KINDS = ['initial', 'update', 'withdrawn'] as const;
/** A template part: `email-subject`, `email-text`, `email-html`, `sms`, or another channel's own. */
type Part = string;

/** One rendered notice: subject and HTML only where the channel has them. */
export interface RenderedContent {
  subject: string | null;
  text: string;
  html: string | null;
}

/**
 * Renders one notice for one tenant contact from a NoticeView. Templates are read and compiled once
 * per process (see TemplateRegistry); rendering is synchronous and keeps no state between calls.
 */
@Injectable()
export class NoticeRenderer {
  private readonly registry = TemplateRegistry.load();

  /** A notice for the channel whose render target this is (see RenderTarget). */
  render(view: NoticeView, target: RenderTarget): RenderedContent {
    switch (target.format) {
      case 'email':
        return this.renderEmail(view, target.part);
      case 'segmented':
        return { subject: null, text: this.renderSegmented(view, target.part, target.maxSegments).text, html: null };
      case 'text':
        return { subject: null, text: this.renderText(view, target.part), html: null };
      case 'event':
        // No template: NoticeComposer builds an event's data from the stored notice.
        throw new TemplateRenderError('An event has no template: NoticeComposer renders it', 'event', 'event');
      default:
        return assertNever(target, 'render target');
    }
  }

  renderEmail(view: NoticeView, part = 'email'): RenderedEmail {
    const locale = this.localeOf(view);
    const model = buildNoticeModel(view, locale, this.templateName(view, `${part}-text`, locale));
    const subject = singleLine(this.run(view, `${part}-subject`, locale, model));
    const text = normalizeText(this.run(view, `${part}-text`, locale, model));
    const html = this.run(view, `${part}-html`, locale, model).trim() + '\n';
    return { subject, text, html };
  }

  /** One plain-text body, as long as it comes out. */
  renderText(view: NoticeView, part: string): string {
    const locale = this.localeOf(view);
    return normalizeText(this.run(view, part, locale, buildNoticeModel(view, locale, this.templateName(view, part, locale))));
  }

  /**
   * The SMS alert. When the text would need more than two segments, the vendor name is cut
   * (at a word boundary where possible, never the reference or the link); when even a one-letter
   * vendor name does not fit, TemplateRenderError.
   */
  renderSms(view: NoticeView): RenderedSms {
    return this.renderSegmented(view, 'sms', MAX_SMS_SEGMENTS);
  }

  /** One line of `part` in at most `maxSegments` SMS segments (see renderSms). */
  renderSegmented(view: NoticeView, part: string, maxSegments: number): RenderedSms {
    const locale = this.localeOf(view);
    const name = this.templateName(view, part, locale);
    const model = buildNoticeModel(view, locale, name);
    const attempt = (vendorName: string | undefined): RenderedSms => {
      const text = singleLine(this.run(view, part, locale, vendorName === undefined ? model : { ...model, vendorName }));
      return { text, ...countSmsSegments(text) };
    };
    const full = attempt(model.vendorName);
    if (full.segments <= maxSegments) return full;
    // One letter outside GSM-7 makes the whole SMS UCS-2 (70 characters a segment): spell the name in GSM-7 before cutting it.
    const spelled = model.vendorName === undefined ? undefined : toGsm7(model.vendorName);
    if (spelled !== model.vendorName) {
      const plain = attempt(spelled);
      if (plain.segments <= maxSegments) return plain;
    }

    const chars = Array.from(spelled ?? '');
    // A shorter prefix never needs more segments (same or smaller alphabet, fewer characters),
    // so the longest prefix that fits is found by bisection.
    let low = 0;
    let high = chars.length - 1;
    while (low < high) {
      const mid = Math.ceil((low + high) / 2);
      if (attempt(cutName(chars, mid)).segments <= maxSegments) low = mid;
      else high = mid - 1;
    }
    const cut = low > 0 ? preferWordBoundary(chars, low) : '';
    if (cut !== '') {
      const shortened = attempt(cut);
      if (shortened.segments <= maxSegments) return shortened;
    }
    throw new TemplateRenderError(
      `Template "${name}": the SMS needs ${full.segments} ${full.encoding} segments (at most ${maxSegments} allowed), ` +
        `even with the vendor name shortened; the reference and the link alone take ${Array.from(full.text).length - chars.length} characters`,
      name,
      `${part} length`,
    );
  }

  private localeOf(view: NoticeView): Locale {
    return isLocale(view?.locale) ? view.locale : 'en';
  }

  private templateName(view: NoticeView, part: Part, locale: Locale): string {
    const kind = view?.kind;
    if (!(KINDS as readonly string[]).includes(kind)) {
      throw new TemplateRenderError(
        `Template "<kind>.${part}.${locale}": notice view field kind is ${JSON.stringify(kind)}, expected one of ${KINDS.join(', ')}`,
        `<kind>.${part}.${locale}`,
        'kind',
      );
    }
    return `${kind}.${part}.${locale}`;
  }

  private run(view: NoticeView, part: Part, locale: Locale, model: Partial<NoticeModel>): string {
    const name = this.templateName(view, part, locale);
    const template = this.registry.get(name);
    if (!template) throw new TemplateRenderError(`Template "${name}" does not exist`, name, name);
    try {
      return template(model);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const missing = /^"([^"]+)" not defined in/.exec(message)?.[1];
      if (missing) {
        const source = MODEL_SOURCES[missing as keyof NoticeModel] ?? missing;
        throw new TemplateRenderError(
          `Template "${name}" uses "${missing}", which the notice view does not provide (missing ${source})`,
          name,
          source,
        );
      }
      throw new TemplateRenderError(`Template "${name}" failed: ${message}`, name);
    }
  }
}

/** Letters that do not decompose into a GSM-7 base letter and a mark. */
const GSM7_SPELLING: Record<string, string> = {
  Ł: 'L', ł: 'l', Đ: 'D', đ: 'd', Œ: 'OE', œ: 'oe', Þ: 'Th', þ: 'th', ı: 'i',
  '–': '-', '—': '-', '‘': "'", '’': "'", '‚': "'", '“': '"', '”': '"', '„': '"',
};

/** The text with every character outside GSM-7 spelled in GSM-7 (Łódź → Lodz); characters with no spelling are left out. */
function toGsm7(text: string): string {
  let out = '';
  for (const char of text) {
    if (gsm7Septets(char) !== null) out += char;
    else if (GSM7_SPELLING[char]) out += GSM7_SPELLING[char];
    else out += Array.from(char.normalize('NFD').replace(/\p{M}/gu, '')).filter((c) => gsm7Septets(c) !== null).join('');
  }
  return out;
}

function cutName(chars: string[], length: number): string {
  return chars
    .slice(0, length)
    .join('')
    .replace(/[\s,;:.\-–—/&(+]+$/u, '');
}

/** Cuts at the last space before `length` when that keeps at least a few letters; else at `length`. */
function preferWordBoundary(chars: string[], length: number): string {
  const hard = cutName(chars, length);
  if (length >= chars.length || /\s/.test(chars[length]) || /\s/.test(chars[length - 1])) return hard;
  const lastSpace = hard.search(/\s\S*$/);
  if (lastSpace >= 3) return cutName(Array.from(hard), Array.from(hard.slice(0, lastSpace)).length);
  return hard;
}

/** Plain text: no trailing spaces, at most one empty line in a row, one final newline. */
export function normalizeText(text: string): string {
  return (
    text
      .replace(/\r\n?/g, '\n')
      .replace(/[ \t]+$/gm, '')
      .replace(/\n{3,}/g, '\n\n')
      .trim() + '\n'
  );
}
