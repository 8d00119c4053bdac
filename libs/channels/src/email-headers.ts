/** The header every email carries with its notice id, whichever service sends it. */
export const NOTICE_HEADER = 'X-Breachcast-Notice';
/** The name of the notice id in the email services' metadata (custom args, variables, message tags). */
export const NOTICE_METADATA_KEY = 'breachcast_notice';
/** Postmark turns `X-PM-Metadata-<key>` into metadata `<key>`; its keys are written with dashes here. */
export const POSTMARK_NOTICE_METADATA_KEY = 'breachcast-notice';

/**
 * The headers that carry a notice id to the email services' delivery events, so that an event finds its
 * notice whichever service SMTP_URL points at (each ignores the others' headers):
 * SendGrid's X-SMTPAPI `unique_args` (custom args, top-level fields of each event), Mailgun's
 * X-Mailgun-Variables (`user-variables`), Postmark's X-PM-Metadata-* (`Metadata`) and Amazon SES's
 * X-SES-MESSAGE-TAGS (`mail.tags`, with event publishing through a configuration set).
 * A notice id is a UUID: nothing in it needs quoting in any of these formats.
 */
export function noticeHeaders(noticeId: string): Record<string, string> {
  return {
    [NOTICE_HEADER]: noticeId,
    'X-SMTPAPI': JSON.stringify({ unique_args: { [NOTICE_METADATA_KEY]: noticeId } }),
    'X-Mailgun-Variables': JSON.stringify({ [NOTICE_METADATA_KEY]: noticeId }),
    [`X-PM-Metadata-${POSTMARK_NOTICE_METADATA_KEY}`]: noticeId,
    'X-SES-MESSAGE-TAGS': `${NOTICE_METADATA_KEY}=${noticeId}`,
  };
}
