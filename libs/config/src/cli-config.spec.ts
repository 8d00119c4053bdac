import { ConfigError } from './app-config';
import { loadCliConfig } from './cli-config';

describe(loadCliConfig.name, () => {
  it('reads BREACHCAST_URL and BREACHCAST_API_KEY, with the local API as the default address', () => {
    expect(loadCliConfig({})).toEqual({ baseUrl: 'http://localhost:3000', apiKey: null });
    expect(loadCliConfig({ BREACHCAST_URL: 'https://bc.example/', BREACHCAST_API_KEY: ' bc_env ' })).toEqual({ baseUrl: 'https://bc.example', apiKey: 'bc_env' });
  });

  it('lets --url and --key win over the environment', () => {
    const sut = loadCliConfig({ BREACHCAST_URL: 'https://env.example', BREACHCAST_API_KEY: 'bc_env' }, { url: 'http://127.0.0.1:4000//', key: 'bc_flag' });
    expect(sut).toEqual({ baseUrl: 'http://127.0.0.1:4000', apiKey: 'bc_flag' });
  });

  it('names the flag or the variable that holds a bad address', () => {
    expect(() => loadCliConfig({}, { url: 'ftp://x' })).toThrow(new ConfigError([{ variable: '--url', problem: 'must be an http or https URL, e.g. http://localhost:3000' }]));
    expect(() => loadCliConfig({ BREACHCAST_URL: 'nowhere' })).toThrow(/BREACHCAST_URL: must be an http or https URL/);
  });
});
