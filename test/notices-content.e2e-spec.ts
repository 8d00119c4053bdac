import { redactAckLinks } from '@app/notices';
import { ReceivedMail } from '@app/testing';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Harness } from './support/harness';
import { ACK_LINK, mailTo, sampleIncident, sampleTenant, VENDOR_NAME } from './support/notice-fixtures';

/**
 * What a tenant receives, end to end: the notice the sample incident produces for a tenant in each
 * language equals the checked-in golden renders of libs/templates, and the preview shows exactly
 * what was then sent, but for the acknowledgement link, which only the tenant gets.
 */
const GOLDEN_DIR = join(__dirname, '..', 'libs', 'templates', 'test-golden');
/** The link the golden renders were made with (plain in text, escaped in HTML). */
const GOLDEN_ACK = 'http://localhost:3000/ack/eyJ0IjoicG96bmFuLWNpdHkiLCJ2IjoxfQ.c2lnbmF0dXJl?x=1&v=2';
const GOLDEN_ACK_HTML = GOLDEN_ACK.replace(/=/g, '&#x3D;').replace(/&(?!#)/g, '&amp;');

const LOCALES = ['pl', 'nl', 'fr', 'en', 'es', 'de'] as const;
type Case = (typeof LOCALES)[number];

/** Per locale, what the reader must find (written out here, independent of the formatter code). */
const EXPECTED: Record<Case, { externalId: string; phase: string; aware: string; deadline: string; subjects: string; records: string; categories: string; pending: string }> = {
  pl: {
    externalId: 'poznan-city',
    phase: 'Rodzaj zawiadomienia: zawiadomienie wstępne',
    aware: 'Stwierdziliśmy naruszenie: 19 kwietnia 2023 16:00 CEST',
    deadline: 'upływają 22 kwietnia 2023 16:00 CEST (strefa czasowa Europe/Warsaw)',
    subjects: '120\u00a0000',
    records: '850\u00a0000',
    categories: 'Kategorie danych osobowych: numery telefonów, treść wiadomości',
    pending: 'w trakcie ustalania — przekażemy w kolejnej aktualizacji (21 kwietnia 2023 12:00 CEST)',
  },
  nl: {
    externalId: 'poznan-city-nl',
    phase: 'Deze melding: eerste melding',
    aware: 'Door ons ontdekt op: 19 april 2023 om 16:00 CEST',
    deadline: 'op 22 april 2023 om 16:00 CEST (tijdzone Europe/Amsterdam)',
    subjects: '120.000',
    records: '850.000',
    categories: 'Categorieën persoonsgegevens: telefoonnummers, inhoud van berichten',
    pending: 'nog niet bekend — volgt in de volgende update (21 april 2023 om 12:00 CEST)',
  },
  fr: {
    externalId: 'poznan-city-fr',
    phase: 'Cette notification : notification initiale',
    aware: 'Date à laquelle nous en avons eu connaissance : 19 avril 2023 à 16:00 UTC+2',
    deadline: 'expire le 22 avril 2023 à 16:00 UTC+2 (fuseau horaire Europe/Paris)',
    subjects: '120\u202f000',
    records: '850\u202f000',
    categories: 'Catégories de données à caractère personnel : numéros de téléphone, contenu des messages',
    pending: 'en attente — information prévue dans la prochaine mise à jour (21 avril 2023 à 12:00 UTC+2)',
  },
  en: {
    externalId: 'poznan-city-en',
    phase: 'This notice: initial notice',
    aware: 'We became aware of the breach on: 19 April 2023 at 15:00 BST',
    deadline: 'end on 22 April 2023 at 15:00 BST (time zone Europe/London)',
    subjects: '120,000',
    records: '850,000',
    categories: 'Categories of personal data: phone numbers, message content',
    pending: 'pending — expected with the next update (21 April 2023 at 11:00 BST)',
  },
  es: {
    externalId: 'poznan-city-es',
    phase: 'Esta notificación: notificación inicial',
    aware: 'Tuvimos conocimiento de la brecha el: 19 de abril de 2023 a las 16:00 CEST',
    deadline: 'vence el 22 de abril de 2023 a las 16:00 CEST (zona horaria Europe/Madrid)',
    subjects: '120.000',
    records: '850.000',
    categories: 'Categorías de datos personales: números de teléfono, contenido de los mensajes',
    pending: 'pendiente — se facilitará en la próxima actualización (21 de abril de 2023 a las 12:00 CEST)',
  },
  de: {
    externalId: 'poznan-city-de',
    phase: 'Diese Meldung: Erstmeldung',
    aware: 'Uns bekannt geworden am: 19. April 2023 um 16:00 MESZ',
    deadline: 'am 22. April 2023 um 16:00 MESZ (Zeitzone Europe/Berlin)',
    subjects: '120.000',
    records: '850.000',
    categories: 'Kategorien personenbezogener Daten: Telefonnummern, Nachrichteninhalte',
    pending: 'noch offen — folgt mit der nächsten Aktualisierung (21. April 2023 um 12:00 MESZ)',
  },
};

const golden = (file: string) => readFileSync(join(GOLDEN_DIR, file), 'utf8');
const phoneOf = (locale: Case) => ({ pl: '+48501300001', nl: '+31612345678', fr: '+33612345678', en: '+447911123456', es: '+34612345678', de: '+4915123456789' })[locale];

describe('notice content end to end', () => {
  let h: Harness;
  let preview: Record<string, any>;
  const full: Partial<Record<Case, ReceivedMail>> = {};
  const partial: Partial<Record<Case, ReceivedMail>> = {};

  beforeAll(async () => {
    h = await Harness.start({ env: { VENDOR_NAME } });
    const tenants = LOCALES.map((locale) =>
      sampleTenant({
        externalId: EXPECTED[locale].externalId,
        locale,
        contacts: [{ role: 'dpo', name: 'Anna Nowak', email: `dpo@${EXPECTED[locale].externalId}.example`, phone: phoneOf(locale), priority: 1 }],
      }),
    );
    await h.admin.post('/v1/tenants/import', { tenants }).expect(200);

    const id = (await h.admin.post('/v1/incidents', sampleIncident()).expect(201)).body.id;
    await h.approver.post(`/v1/incidents/${id}/approve`).expect(200);
    preview = (await h.admin.get(`/v1/incidents/${id}/preview?limit=10`).expect(200)).body;
    await h.admin.post(`/v1/incidents/${id}/dispatch`).expect(202);
    await h.waitForCompletion(id);
    const mails = await h.smtp.waitFor(LOCALES.length);
    for (const locale of LOCALES) full[locale] = mailTo(mails, `dpo@${EXPECTED[locale].externalId}.example`);

    // The same breach filed with only what Art. 33(3) lets a vendor leave for later.
    const sparse = sampleIncident({ reference: 'INC-2023-0420', description: null, cause: null, consequences: null, measuresTaken: null, occurredTo: null, contained: null });
    for (const field of ['measuresPlanned', 'recommendedActions', 'subjectActions', 'source'] as const) delete sparse[field];
    await h.waitForCompletion(await h.fileAndDispatch(sparse));
    const later = await h.smtp.waitFor({ count: LOCALES.length, where: (m) => m.subject?.includes('INC-2023-0420') ?? false });
    for (const locale of LOCALES) partial[locale] = mailTo(later, `dpo@${EXPECTED[locale].externalId}.example`);
  });

  afterAll(() => h?.close());

  describe.each(LOCALES)('in %s', (locale) => {
    const expected = EXPECTED[locale];
    const linkOf = (mail: ReceivedMail) => ACK_LINK.exec(mail.text ?? '')![0];

    it('sends the email exactly as its golden render, for this tenant and its own link', () => {
      const mail = full[locale]!;
      const link = linkOf(mail);
      const own = (text: string) => text.replace('(poznan-city)', `(${expected.externalId})`);
      expect(`Subject: ${mail.subject}\n\n${mail.text}`).toBe(own(golden(`initial.${locale}.email.txt`)).replace(GOLDEN_ACK, link));
      expect(mail.html).toBe(own(golden(`initial.${locale}.email.html`)).split(GOLDEN_ACK_HTML).join(link));
    });

    it('carries the reference, phase, vendor, contact point, times, own figures and the ack link', () => {
      const text = full[locale]!.text!;
      expect(full[locale]!.subject).toContain('[INC-2023-0419]');
      for (const part of [expected.phase, expected.aware, expected.deadline, expected.categories, VENDOR_NAME, 'Data Protection Officer', 'dpo@vendor.example', '+48221234567']) {
        expect(text).toContain(part);
      }
      expect(text).toContain(expected.subjects);
      expect(text).toContain(expected.records);
      expect(text).toContain(`City of Poznań (${expected.externalId})`);
      expect(text).toMatch(new RegExp(`${h.baseUrl}/ack/[A-Za-z0-9_-]{22}\\n`));
    });

    it('shows every field the vendor left empty as pending until the next update, never as a blank', () => {
      const text = partial[locale]!.text!;
      expect(text.split(expected.pending).length - 1).toBeGreaterThanOrEqual(8);
      for (const body of [text, partial[locale]!.html!]) expect(body).not.toMatch(/undefined|null|\[object|NaN/);
      // Below the salutation, a label with nothing after it: "Label:" ending a line that an empty line follows.
      const lines = text.split('\n');
      expect(lines.filter((line, i) => i > 0 && /:$/.test(line) && lines[i + 1]?.trim() === '')).toEqual([]);
    });

    it('sends an SMS alert of at most 2 GSM-7 segments that matches its golden text', () => {
      const sms = h.twilio.messagesTo(phoneOf(locale)).find((m) => m.body.startsWith('INC-2023-0419'))!;
      const link = ACK_LINK.exec(sms.body)![0];
      expect(link).toBe(linkOf(full[locale]!));
      expect(sms.encoding).toBe('GSM-7');
      expect(sms.segments).toBeLessThanOrEqual(2);
      expect(`${sms.body}\n`).toBe(golden(`initial.${locale}.sms.txt`).split('\n').slice(1).join('\n').replace(GOLDEN_ACK, link));
    });

    it('previewed exactly what was then sent, with the acknowledgement link redacted', () => {
      const sample = preview.samples.find((s: { tenant: string }) => s.tenant === expected.externalId);
      const email = sample.messages.find((m: { channel: string }) => m.channel === 'email');
      const sms = sample.messages.find((m: { channel: string }) => m.channel === 'sms');
      expect(email.subject).toBe(full[locale]!.subject);
      expect(email.text).toBe(redactAckLinks(full[locale]!.text!));
      expect(email.html).toBe(redactAckLinks(full[locale]!.html!));
      expect(email.text).not.toMatch(ACK_LINK);
      expect(sms.text).toBe(redactAckLinks(h.twilio.messagesTo(phoneOf(locale)).find((m) => m.body.startsWith('INC-2023-0419'))!.body));
      expect(sms.text).not.toMatch(ACK_LINK);
      expect(sample.facts).toMatchObject({ dataSubjects: 120000, records: 850000, dataCategories: ['message_content', 'phone_number'] });
    });
  });

  it('previews with no render errors and the planned counts', () => {
    expect(preview.renderErrors).toEqual([]);
    expect(preview).toMatchObject({ affectedTenants: LOCALES.length, plannedNotices: { email: LOCALES.length, sms: LOCALES.length } });
  });
});
