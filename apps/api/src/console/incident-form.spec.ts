import type { AppConfig } from '@app/config';
import { ConsoleViews } from './console-views';
import { changedFields, FormBody, formToIncident, incidentToForm } from './incident-form';
import { buildFormView, FieldView } from './incident-form-view';

describe('incident form', () => {
  const filled = {
    reference: 'INC-1',
    'title.en': 'Archive read',
    'title.pl': 'Odczyt archiwum',
    'description.en': 'Plain English only',
    'source.kind': 'sub_processor',
    'source.name': 'SerwerSMS',
    awareAt: '2023-04-19T14:00',
    occurredFrom: '',
    contained: 'no',
    nature: 'confidentiality',
    'scope.systems': 'sms-gateway, mail\narchive',
    'scope.dataCategories': ['phone_number', 'message_content'],
    'scope.exposedFrom': '2018-01-01',
    'scope.includeTenants': '',
    'contact.name.en': 'DPO',
    'contact.email': 'dpo@vendor.example',
    'contact.phone': '',
    channels: ['email', 'sms'],
  };

  /** Every field a DPO can act on, filled the way a vendor's incident manager would. */
  const facts: FormBody = {
    language: 'en',
    'service.en': 'SMS gateway',
    'service.pl': 'bramka SMS',
    'systemNames.en': 'sms-gateway = SMS gateway\r\nmail = \r\narchive = Message archive',
    'systemNames.pl': 'sms-gateway = bramka SMS\nmail =\narchive =',
    containedAt: '2023-04-19T18:00',
    contained: 'yes',
    'findings.accessed': 'yes',
    'findings.exfiltrated': 'unknown',
    'findings.published': 'no',
    'findings.misused': '',
    encryption: 'encrypted_key_compromised',
    'notAffected.en': 'Payment data is held elsewhere.',
    ruledOutCategories: ['payment_data', 'credentials'],
    'notifications.0.to': '',
    'notifications.0.name': ' ',
    'notifications.0.at': '',
    'notifications.0.reference': '',
    'notifications.1.to': 'authority',
    'notifications.1.name': 'UODO',
    'notifications.1.at': '2023-04-20T07:30',
    'notifications.1.reference': 'DKN.5130.1234.2023',
    'notifications.2.to': 'police',
    'notifications.2.name': 'Policja',
    'notifications.2.at': '',
    'notifications.2.reference': '',
    'delayReason.en': 'The sub-processor told us late.',
    'contact.name.en': 'Incident desk',
    'contact.name.pl': 'Zespół ds. incydentów',
    'contact.availability.en': '24/7',
    'contact.dpo.name': 'Maria Kowalska',
    'contact.dpo.email': 'dpo@vendor.example',
    'contact.dpo.phone': '',
  };

  it('turns the posted form into the incident body, blank fields left out', () => {
    expect(formToIncident(filled, 'create')).toEqual({
      reference: 'INC-1',
      title: { en: 'Archive read', pl: 'Odczyt archiwum' },
      description: 'Plain English only',
      source: { kind: 'sub_processor', name: 'SerwerSMS' },
      awareAt: '2023-04-19T14:00:00Z',
      contained: false,
      nature: ['confidentiality'],
      scope: { systems: ['sms-gateway', 'mail', 'archive'], subProcessors: [], includeTenants: [], excludeTenants: [], dataCategories: ['phone_number', 'message_content'], exposedFrom: '2018-01-01' },
      contact: { name: 'DPO', email: 'dpo@vendor.example' },
      channels: ['email', 'sms'],
    });
  });

  it('sends every fact a DPO can act on: names per locale, findings, encryption, what was not affected, other notifications, the DPO', () => {
    const body = formToIncident({ ...filled, ...facts }, 'create');
    expect(body).toMatchObject({
      language: 'en',
      service: { en: 'SMS gateway', pl: 'bramka SMS' },
      systemNames: { 'sms-gateway': { en: 'SMS gateway', pl: 'bramka SMS' }, archive: 'Message archive' },
      containedAt: '2023-04-19T18:00:00Z',
      contained: true,
      findings: { accessed: 'yes', exfiltrated: 'unknown', published: 'no' },
      encryption: 'encrypted_key_compromised',
      notAffected: 'Payment data is held elsewhere.',
      ruledOutCategories: ['payment_data', 'credentials'],
      notifications: [
        { to: 'authority', name: 'UODO', at: '2023-04-20T07:30:00Z', reference: 'DKN.5130.1234.2023' },
        { to: 'police', name: 'Policja' },
      ],
      delayReason: 'The sub-processor told us late.',
      contact: {
        name: { en: 'Incident desk', pl: 'Zespół ds. incydentów' },
        email: 'dpo@vendor.example',
        availability: '24/7',
        dpo: { name: 'Maria Kowalska', email: 'dpo@vendor.example' },
      },
    });
    // A finding left as "not known yet" is left out, so the notice shows it as pending.
    expect(body.findings).not.toHaveProperty('misused');
  });

  it('leaves the new groups out when nothing in them is filled, and says "none so far" only when asked to', () => {
    const blank = { ...filled, 'notifications.0.to': '', 'notifications.0.name': '', 'findings.accessed': '', encryption: '', 'systemNames.en': 'mail =\narchive =', 'contact.dpo.name': '' };
    const body = formToIncident(blank, 'create');
    for (const key of ['notifications', 'findings', 'encryption', 'systemNames', 'ruledOutCategories', 'service', 'language']) expect(body).not.toHaveProperty(key);
    expect(body.contact).toEqual({ name: 'DPO', email: 'dpo@vendor.example' });
    expect(formToIncident({ ...blank, 'notifications.none': 'yes' }, 'create').notifications).toEqual([]);
    // Rows filled win over the box: the vendor listed whom it told.
    expect(formToIncident({ ...blank, 'notifications.none': 'yes', 'notifications.2.to': 'csirt', 'notifications.2.name': 'CERT Polska' }, 'create').notifications).toEqual([{ to: 'csirt', name: 'CERT Polska' }]);
  });

  it('sends a text given only in the incident’s language as a plain string, and any other single language as a map', () => {
    const polish = { ...filled, language: 'pl', 'title.en': '', 'title.pl': 'Odczyt archiwum', 'contact.name.en': 'Incident desk' };
    const body = formToIncident(polish, 'create');
    expect(body).toMatchObject({ language: 'pl', title: 'Odczyt archiwum', description: { en: 'Plain English only' }, contact: { name: { en: 'Incident desk' } } });
  });

  it('keeps a system line without "=" and a partial row for the domain to name, and drops the blank rows', () => {
    const body = formToIncident({ ...filled, 'systemNames.en': 'sms-gateway\nmail =\n= Orphan name' }, 'create');
    expect(body.systemNames).toEqual({ 'sms-gateway': '', '': 'Orphan name' });
  });

  it('prefills the update form from the current version: map texts per locale, plain strings in the incident’s language, a row per system in scope', () => {
    const body = {
      ...formToIncident(filled, 'create'),
      language: 'pl',
      title: { en: 'Archive read', pl: 'Odczyt archiwum' },
      service: 'bramka SMS',
      systemNames: { 'sms-gateway': { en: 'SMS gateway', pl: 'bramka SMS' }, archive: 'archiwum' },
      findings: { accessed: 'yes' },
      encryption: 'none',
      notifications: [{ to: 'authority', name: 'UODO', at: '2023-04-20T09:30:00+02:00', reference: 'DKN.1' }],
      contact: { name: { en: 'Incident desk', pl: 'Zespół ds. incydentów' }, email: 'desk@vendor.example', availability: { en: '24/7', pl: 'całą dobę' }, dpo: { email: 'dpo@vendor.example' } },
    };
    const form = incidentToForm(body);
    expect(Object.values(form).flat().join('\n')).not.toContain('[object Object]');
    expect(form).toMatchObject({
      language: 'pl',
      'title.en': 'Archive read',
      'title.pl': 'Odczyt archiwum',
      'service.pl': 'bramka SMS',
      'systemNames.en': 'sms-gateway = SMS gateway\nmail =\narchive =',
      'systemNames.pl': 'sms-gateway = bramka SMS\nmail =\narchive = archiwum',
      'findings.accessed': 'yes',
      'findings.exfiltrated': '',
      encryption: 'none',
      'notifications.0.to': 'authority',
      'notifications.0.at': '2023-04-20T07:30',
      'notifications.0.reference': 'DKN.1',
      'notifications.none': '',
      'contact.name.en': 'Incident desk',
      'contact.name.pl': 'Zespół ds. incydentów',
      'contact.availability.pl': 'całą dobę',
      'contact.dpo.email': 'dpo@vendor.example',
      'contact.dpo.name': '',
    });
    expect(form['service.en']).toBeUndefined();
    const view = buildFormView('update', form);
    const fields = new Map(allFields(view.sections.flatMap((s) => s.fields)).map((f) => [f.name, f]));
    expect(fields.get('contact.name')!.locales!.map((l) => l.value)).toEqual(['Incident desk', 'Zespół ds. incydentów', '', '', '', '']);
    expect(fields.get('contact.name')!.open).toBe(true);
    expect(fields.get('language')!.options!.find((o) => o.checked)!.value).toBe('pl');
    expect(incidentToForm({ ...body, notifications: [] })['notifications.none']).toBe('yes');
  });

  it('round-trips a stored body through the update form without reporting a change', () => {
    const body = formToIncident({ ...filled, ...facts }, 'create');
    const stored = { ...body, awareAt: '2023-04-19T16:00:00+02:00', systemNames: { 'sms-gateway': { en: 'SMS gateway', pl: 'bramka SMS' }, archive: { en: 'Message archive' } } };
    const again = formToIncident({ ...incidentToForm(stored), 'changeSummary.en': 'Nothing new' }, 'update');
    expect(changedFields(again, stored)).toEqual({ changeSummary: 'Nothing new' });
    // A version filed before the language existed reads as English: the form's English says nothing new either.
    const { language: _language, ...older } = formToIncident(filled, 'create');
    expect(changedFields(formToIncident({ ...incidentToForm(older), 'changeSummary.en': 'Same' }, 'update'), older)).toEqual({ changeSummary: 'Same' });
  });

  it('keeps only what differs in an update, a changed group sent whole', () => {
    const body = formToIncident({ ...filled, ...facts }, 'create');
    const form = { ...incidentToForm(body), 'changeSummary.en': 'Exfiltration confirmed', 'findings.exfiltrated': 'yes', 'contact.phone': '+48221234567', final: 'yes' };
    expect(changedFields(formToIncident(form, 'update'), body)).toEqual({
      changeSummary: 'Exfiltration confirmed',
      findings: { accessed: 'yes', exfiltrated: 'yes', published: 'no' },
      contact: { ...(body.contact as object), phone: '+48221234567' },
      final: true,
    });
    const thirdRow = { ...incidentToForm(body), 'changeSummary.en': 'CSIRT told', 'notifications.2.to': 'csirt', 'notifications.2.name': 'CERT Polska' };
    expect(changedFields(formToIncident(thirdRow, 'update'), body).notifications).toHaveLength(3);
  });

  it('re-sends the texts a new language would misread when the update changes the language', () => {
    const body = { ...formToIncident(filled, 'create'), language: 'en' };
    const changes = changedFields(formToIncident({ ...incidentToForm(body), language: 'de', 'changeSummary.en': 'Now in German first' }, 'update'), body);
    expect(changes).toEqual({ changeSummary: { en: 'Now in German first' }, language: 'de', description: { en: 'Plain English only' }, contact: { name: { en: 'DPO' }, email: 'dpo@vendor.example' } });
  });

  it('puts each problem beside its field, a whole-object problem on its first field, and the rest apart', () => {
    const view = buildFormView('create', { ...filled, ...facts }, [
      { field: 'contact.email', message: 'bad email' },
      { field: 'nature[0]', message: 'bad nature' },
      { field: 'title.de', message: 'empty German title' },
      { field: 'source', message: 'source must be an object' },
      { field: 'surprise', message: 'property surprise should not exist' },
      { field: 'notifications[0].at', message: 'bad time' },
      { field: 'notifications[1].to', message: 'to must be one of' },
      { field: 'systemNames.sms-gateway', message: 'systemNames.sms-gateway must be a name' },
      { field: 'contact.dpo', message: 'dpo must be an object' },
      { field: 'contact.dpo.email', message: 'email must be an email address (the DPO needs an email or a phone)' },
      { field: 'contact.name.pl', message: 'contact.name must be one line' },
      { field: 'findings.misused', message: 'misused must be one of' },
      { field: 'ruledOutCategories', message: 'ruledOutCategories must not list a data category of scope.dataCategories (phone_number)' },
    ]);
    const fields = new Map(allFields(view.sections.flatMap((s) => s.fields)).map((f) => [f.name, f]));
    expect(fields.get('contact.email')!.errors).toEqual(['bad email']);
    expect(fields.get('nature')!.errors).toEqual(['bad nature']);
    expect(fields.get('title')!.errors).toEqual(['empty German title']);
    expect(fields.get('source.kind')!.errors).toEqual(['source must be an object']);
    expect(view.general).toEqual(['surprise: property surprise should not exist']);
    // The first row was left blank: the domain's first notification is the form's second row.
    expect(fields.get('notifications.1.at')!.errors).toEqual(['bad time']);
    expect(fields.get('notifications.2.to')!.errors).toEqual(['to must be one of']);
    expect(fields.get('systemNames')!.errors).toEqual(['systemNames.sms-gateway must be a name']);
    expect(fields.get('contact.dpo.name')!.errors).toEqual(['dpo must be an object']);
    expect(fields.get('contact.dpo.email')!.errors).toEqual(['email must be an email address (the DPO needs an email or a phone)']);
    expect(fields.get('contact.name')!.errors).toEqual(['contact.name must be one line']);
    expect(fields.get('findings.misused')!.errors).toEqual(['misused must be one of']);
    expect(fields.get('ruledOutCategories')!.errors).toHaveLength(1);
    expect(view.summary.map((s) => s.id)).toEqual([
      'f-title-en',
      'f-source-kind',
      'f-nature-confidentiality',
      'f-systemNames-en',
      'f-findings-misused',
      'f-ruledOutCategories-name',
      'f-notifications-1-at',
      'f-notifications-2-to',
      'f-contact-name-en',
      'f-contact-email',
      'f-contact-dpo-name',
      'f-contact-dpo-email',
    ]);
    expect(fields.get('title')!.locales!.find((l) => l.locale === 'pl')!.value).toBe('Odczyt archiwum');
    expect(fields.get('title')!.open).toBe(true);
  });

  it('offers three notification rows, and one blank row after the last filled one', () => {
    const rows = (form: FormBody) => allFields(buildFormView('create', form).sections.flatMap((s) => s.fields)).filter((f) => /^notifications\.\d+\.to$/.test(f.name)).length;
    expect(rows(filled)).toBe(3);
    expect(rows({ ...filled, 'notifications.3.name': 'CERT Polska' })).toBe(5);
    expect(rows({ ...filled, 'notifications.99.name': 'far away' })).toBe(3);
  });

  describe('as a page', () => {
    const views = new ConsoleViews({ smtpUrl: null, twilio: { accountSid: null }, webhook: { sandbox: true } } as unknown as AppConfig);
    const page = (mode: 'create' | 'update', form: FormBody) =>
      views.render('incident-form', { ...buildFormView(mode, form), mode, action: '/console/incidents', incident: { id: 'x', reference: 'INC-1', version: 1 } }, { title: 'Form' });

    it.each(['create', 'update'] as const)('labels every control, gives every fieldset a legend and runs no inline script (%s)', (mode) => {
      const html = page(mode, mode === 'create' ? { ...filled, ...facts } : incidentToForm(formToIncident({ ...filled, ...facts }, 'create')));
      const controls = [...html.matchAll(/<(input|select|textarea)\b[^>]*\bid="([^"]+)"/g)].map((m) => m[2]);
      expect(controls.length).toBeGreaterThan(60);
      for (const id of controls) expect(html).toContain(`<label for="${id}"`);
      expect(new Set(controls).size).toBe(controls.length);
      expect(html.match(/<fieldset/g)!.length).toBe(html.match(/<fieldset[^>]*>\s*<legend>/g)!.length);
      expect(html).not.toMatch(/<script(?![^>]*\bsrc=)/);
      expect(html).not.toMatch(/\son[a-z]+=/);
      expect(html).not.toContain('[object Object]');
    });

    it('shows the prefilled names and times as values of their boxes', () => {
      const html = page('update', incidentToForm(formToIncident({ ...filled, ...facts }, 'create')));
      expect(html).toContain('name="contact.name.pl" type="text" value="Zespół ds. incydentów"');
      // Handlebars escapes "=" as an entity; a browser shows and posts it as typed.
      expect(html).toMatch(/name="systemNames\.en"[^>]*>sms-gateway &#x3D; SMS gateway\nmail &#x3D;\narchive &#x3D; Message archive<\/textarea>/);
      expect(html).toContain('name="notifications.0.at" type="datetime-local" value="2023-04-20T07:30"');
      expect(html).toMatch(/<select id="f-encryption" name="encryption">[\s\S]*?<option value="encrypted_key_compromised" selected>/);
    });
  });
});

function allFields(fields: FieldView[]): FieldView[] {
  return fields.flatMap((f) => (f.type === 'group' ? allFields(f.fields!) : [f]));
}
