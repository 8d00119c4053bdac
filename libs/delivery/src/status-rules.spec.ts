import { allowedPredecessors } from './status-rules';

describe(allowedPredecessors.name, () => {
  it('never lets a late sent overwrite delivered', () => {
    expect(allowedPredecessors('sent')).not.toContain('delivered');
  });
  it('keeps terminal states terminal', () => {
    for (const terminal of ['delivered', 'failed', 'bounced', 'undelivered'] as const) {
      for (const next of ['queued', 'sending', 'sent', 'delivered', 'failed', 'bounced', 'undelivered'] as const) {
        expect(allowedPredecessors(next)).not.toContain(terminal);
      }
    }
  });
  it('lets an email that was sent bounce later', () => {
    expect(allowedPredecessors('bounced')).toContain('sent');
  });
});
