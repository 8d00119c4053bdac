import type { RenderTarget } from '@app/kernel';
import type { RenderedContent } from '@app/templates';

/** What every test message starts with: its subject, its SMS text. */
export const TEST_PREFIX = 'TEST: ';

const BANNER =
  'TEST SEND: a test of this notice from the preview. It is not a notice: nothing was recorded as sent to this tenant, and its acknowledgement link does not work.';

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * The rendered notice marked as a test wherever a reader looks: an email gets `TEST: ` before its subject
 * and a banner above its text and HTML; a text message (`segmented`, `text`) starts with `TEST: `.
 * Other formats pass as they are: their driver marks them from `OutgoingNotice.test` (e.g. a header).
 */
export function markAsTest(rendered: RenderedContent, format: RenderTarget['format']): RenderedContent {
  switch (format) {
    case 'email':
      return markEmail(rendered);
    case 'segmented':
    case 'text':
      return { ...rendered, text: TEST_PREFIX + rendered.text };
    default:
      return rendered;
  }
}

function markEmail(rendered: RenderedContent): RenderedContent {
  const html = rendered.html
    ? /<body[^>]*>/i.test(rendered.html)
      ? rendered.html.replace(/<body[^>]*>/i, (tag) => `${tag}\n<p style="border:2px solid #b00020;padding:8px;font-weight:bold" data-test-send="true">${escapeHtml(BANNER)}</p>`)
      : `<p data-test-send="true">${escapeHtml(BANNER)}</p>\n${rendered.html}`
    : rendered.html;
  return {
    ...rendered,
    subject: TEST_PREFIX + (rendered.subject ?? ''),
    text: `${BANNER}\n\n${rendered.text}`,
    html,
  };
}
