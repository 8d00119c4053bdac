import { buildFormView, changedFields, formToIncident, incidentToForm } from './incident-form';

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
    'contact.name': 'DPO',
    'contact.email': 'dpo@vendor.example',
    'contact.phone': '',
    channels: ['email', 'sms'],
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

  it('round-trips a stored body through the update form without reporting a change', () => {
    const body = formToIncident(filled, 'create');
    const again = formToIncident({ ...incidentToForm({ ...body, awareAt: '2023-04-19T16:00:00+02:00' }), 'changeSummary.en': 'Nothing new' }, 'update');
    expect(changedFields(again, { ...body, awareAt: '2023-04-19T16:00:00+02:00' })).toEqual({ changeSummary: 'Nothing new' });
  });

  it('keeps only what differs in an update', () => {
    const body = formToIncident(filled, 'create');
    const form = { ...incidentToForm(body), 'changeSummary.en': 'Cause found', 'cause.en': 'A leaked key', final: 'yes' };
    expect(changedFields(formToIncident(form, 'update'), body)).toEqual({ changeSummary: 'Cause found', cause: 'A leaked key', final: true });
  });

  it('keeps the contact point details the form does not show, and a name given per locale unless it was edited', () => {
    const contact = { name: { en: 'Incident desk', pl: 'Zespół ds. incydentów' }, email: 'desk@vendor.example', phone: '+48221234567', availability: '24/7', dpo: { email: 'dpo@vendor.example' } };
    const body = { ...formToIncident(filled, 'create'), contact };
    const form = incidentToForm(body);
    expect(form['contact.name']).toBe('Incident desk');
    expect(changedFields(formToIncident({ ...form, 'changeSummary.en': 'Same desk' }, 'update'), body)).toEqual({ changeSummary: 'Same desk' });
    const newEmail = changedFields(formToIncident({ ...form, 'contact.email': 'soc@vendor.example', 'contact.phone': '', 'changeSummary.en': 'New address' }, 'update'), body);
    expect(newEmail.contact).toEqual({ name: contact.name, email: 'soc@vendor.example', availability: '24/7', dpo: { email: 'dpo@vendor.example' } });
    const renamed = changedFields(formToIncident({ ...form, 'contact.name': 'SOC', 'changeSummary.en': 'New desk' }, 'update'), body);
    expect(renamed.contact).toMatchObject({ name: 'SOC', email: 'desk@vendor.example', availability: '24/7' });
  });

  it('puts each problem beside its field, a whole-object problem on its first field, and the rest apart', () => {
    const view = buildFormView('create', filled, [
      { field: 'contact.email', message: 'bad email' },
      { field: 'nature[0]', message: 'bad nature' },
      { field: 'title.de', message: 'empty German title' },
      { field: 'source', message: 'source must be an object' },
      { field: 'surprise', message: 'property surprise should not exist' },
    ]);
    const fields = new Map(view.sections.flatMap((s) => s.fields).map((f) => [f.name, f]));
    expect(fields.get('contact.email')!.errors).toEqual(['bad email']);
    expect(fields.get('nature')!.errors).toEqual(['bad nature']);
    expect(fields.get('title')!.errors).toEqual(['empty German title']);
    expect(fields.get('source.kind')!.errors).toEqual(['source must be an object']);
    expect(view.general).toEqual(['surprise: property surprise should not exist']);
    expect(view.summary.map((s) => s.id)).toEqual(['f-title-en', 'f-source-kind', 'f-nature-confidentiality', 'f-contact-email']);
    expect(fields.get('title')!.locales!.find((l) => l.locale === 'pl')!.value).toBe('Odczyt archiwum');
    expect(fields.get('title')!.open).toBe(true);
  });
});
