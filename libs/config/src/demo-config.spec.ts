import { ConfigError } from './app-config';
import { loadDemoConfig } from './demo-config';

describe(loadDemoConfig.name, () => {
  it('keeps the demo on loopback with a 20 s escalation by default', () => {
    expect(loadDemoConfig({})).toEqual({ host: '127.0.0.1', escalateAfter: '20s', escalateAfterMs: 20_000 });
  });

  it('takes the HOST and DEMO_ESCALATE_AFTER the operator set', () => {
    expect(loadDemoConfig({ HOST: '0.0.0.0', DEMO_ESCALATE_AFTER: '1m' })).toEqual({ host: '0.0.0.0', escalateAfter: '1m', escalateAfterMs: 60_000 });
  });

  it.each(['soon', '20', '1s', '1h'])('refuses DEMO_ESCALATE_AFTER=%s naming the variable', (value) => {
    expect(() => loadDemoConfig({ DEMO_ESCALATE_AFTER: value })).toThrow(ConfigError);
    expect(() => loadDemoConfig({ DEMO_ESCALATE_AFTER: value })).toThrow(/DEMO_ESCALATE_AFTER: must be a duration from 5s to 10m/);
  });
});
