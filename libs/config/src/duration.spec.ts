import { parseDuration } from './duration';

describe(parseDuration.name, () => {
  it.each([
    ['500ms', 500],
    ['90s', 90_000],
    ['15m', 900_000],
    ['24h', 86_400_000],
    ['2d', 172_800_000],
    [' 1.5h ', 5_400_000],
    ['24 hours', 86_400_000],
  ])('reads %s as %d ms', (text, millis) => {
    expect(parseDuration(text)).toBe(millis);
  });

  it.each(['', '90', '0s', '-5m', 'soon', 'a day', '5 parsecs', '0.1ms'])('refuses %j', (text) => {
    expect(parseDuration(text)).toBeNull();
  });
});
