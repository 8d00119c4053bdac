import * as fs from 'fs';
import * as path from 'path';
import Handlebars from 'handlebars';

export type CompiledTemplate = (context: object) => string;

/** Default location: `templates/` beside this file, in src (ts-jest) and in dist (copied by the build). */
export const DEFAULT_TEMPLATES_DIR = path.join(__dirname, 'templates');

/**
 * Every template of one directory, compiled once. Two Handlebars environments keep their partials
 * apart: HTML (escaping on) for `*-html` files, plain (noEscape) for subjects, text bodies and SMS.
 * Both compile with `strict: true`, so a reference to a value the model lacks throws.
 *
 * File names: `<kind>.<part>.<locale>.hbs` (part: email-subject, email-text, email-html, sms) and
 * `partials/<name>.<locale>.hbs` or `partials/<name>.hbs`, used as `{{> name_locale}}` / `{{> name}}`.
 */
/**
 * Structure as markup, so no mail client depends on a style rule to show it: `{{paras text}}` turns free
 * text into escaped paragraphs (an empty line starts a new one, a line break is a <br>); `{{lines text}}`
 * keeps line breaks inside one block (a table cell).
 */
function registerHtmlHelpers(env: typeof Handlebars): void {
  const escape = (value: unknown) => env.Utils.escapeExpression(String(value ?? ''));
  const breaks = (value: string) => value.split('\n').map(escape).join('<br>\n');
  env.registerHelper('paras', (value: unknown, options: { hash?: { style?: string } }) => {
    const style = options?.hash?.style ? ` style="${escape(options.hash.style)}"` : '';
    const paragraphs = String(value ?? '').split(/\n{2,}/).filter((p) => p.trim() !== '');
    return new env.SafeString(paragraphs.map((p) => `<p${style}>${breaks(p)}</p>`).join('\n'));
  });
  env.registerHelper('lines', (value: unknown) => new env.SafeString(breaks(String(value ?? ''))));
}

export class TemplateRegistry {
  private readonly templates = new Map<string, CompiledTemplate>();

  constructor(readonly dir: string = DEFAULT_TEMPLATES_DIR) {
    const html = Handlebars.create();
    const plain = Handlebars.create();
    registerHtmlHelpers(html);
    const envFor = (name: string) => (/(^|[-.])html([-.]|$)/.test(name) ? html : plain);
    const compile = (env: typeof Handlebars, source: string): CompiledTemplate =>
      env.compile(source, { strict: true, noEscape: env === plain, preventIndent: true });

    const partialsDir = path.join(dir, 'partials');
    if (fs.existsSync(partialsDir)) {
      for (const file of fs.readdirSync(partialsDir).filter((f) => f.endsWith('.hbs')).sort()) {
        const base = file.slice(0, -'.hbs'.length);
        const name = base.replace(/\./g, '_');
        const env = envFor(base);
        env.registerPartial(name, compile(env, fs.readFileSync(path.join(partialsDir, file), 'utf8')));
      }
    }
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.hbs')).sort()) {
      const name = file.slice(0, -'.hbs'.length);
      const env = envFor(name);
      this.templates.set(name, compile(env, fs.readFileSync(path.join(dir, file), 'utf8')));
    }
  }

  has(name: string): boolean {
    return this.templates.has(name);
  }

  get(name: string): CompiledTemplate | undefined {
    return this.templates.get(name);
  }

  names(): string[] {
    return [...this.templates.keys()];
  }

  private static readonly shared = new Map<string, TemplateRegistry>();

  /** One registry per directory per process: templates are read and compiled once. */
  static load(dir: string = DEFAULT_TEMPLATES_DIR): TemplateRegistry {
    let registry = TemplateRegistry.shared.get(dir);
    if (!registry) {
      registry = new TemplateRegistry(dir);
      TemplateRegistry.shared.set(dir, registry);
    }
    return registry;
  }
}
