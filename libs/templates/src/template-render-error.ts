/** A notice could not be rendered: a template referenced a value the view does not provide, or an SMS does not fit. */
export class TemplateRenderError extends Error {
  constructor(
    message: string,
    /** Template that failed, e.g. `initial.email-text.pl`. */
    readonly template: string,
    /** What was missing or too long, e.g. `incident.reference` or `sms length`. */
    readonly missing: string | null = null,
  ) {
    super(message);
    this.name = 'TemplateRenderError';
  }
}
