import { WriteBatcher } from './write-batcher';

/** A statement we control: each call records its items and waits until released. */
function controlledRun<O>(answer: (items: number[]) => O[]) {
  const calls: { items: number[]; release: () => void; fail: (error: Error) => void }[] = [];
  const run = (items: number[]) =>
    new Promise<O[]>((resolve, reject) => {
      calls.push({ items, release: () => resolve(answer(items)), fail: reject });
    });
  return { calls, run };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe(WriteBatcher.name, () => {
  it('puts items submitted together into one statement and answers each its own result', async () => {
    const { calls, run } = controlledRun((items) => items.map((i) => i * 10));
    const sut = new WriteBatcher(run);
    const results = Promise.all([1, 2, 3].map((i) => sut.submit(i)));
    await tick();
    expect(calls.map((c) => c.items)).toEqual([[1, 2, 3]]);
    calls[0].release();
    await expect(results).resolves.toEqual([10, 20, 30]);
  });

  it('resolves only after the statement carrying the item has finished', async () => {
    const { calls, run } = controlledRun((items) => items);
    const sut = new WriteBatcher(run);
    let done = false;
    const result = sut.submit(7).then(() => (done = true));
    await tick();
    await tick();
    expect(done).toBe(false);
    calls[0].release();
    await result;
    expect(done).toBe(true);
  });

  it('collects what arrives while a statement runs into the next one, one statement at a time', async () => {
    const { calls, run } = controlledRun((items) => items);
    const sut = new WriteBatcher(run);
    const first = sut.submit(1);
    await tick();
    const later = [sut.submit(2), sut.submit(3)];
    await tick();
    expect(calls.map((c) => c.items)).toEqual([[1]]);
    calls[0].release();
    await first;
    await tick();
    await tick();
    expect(calls.map((c) => c.items)).toEqual([[1], [2, 3]]);
    calls[1].release();
    await expect(Promise.all(later)).resolves.toEqual([2, 3]);
  });

  it('never puts more than maxBatch items, or two items with the same key, in one statement', async () => {
    const { calls, run } = controlledRun((items) => items);
    const sut = new WriteBatcher(run, { maxBatch: 2, key: (i: number) => String(i % 10) });
    const all = Promise.all([1, 11, 2, 3].map((i) => sut.submit(i)));
    await tick();
    expect(calls[0].items).toEqual([1, 2]);
    calls[0].release();
    await tick();
    await tick();
    expect(calls[1].items).toEqual([11, 3]);
    calls[1].release();
    await expect(all).resolves.toEqual([1, 11, 2, 3]);
  });

  it('when a statement over several items fails, tries each alone so only the bad one fails', async () => {
    const seen: number[][] = [];
    const sut = new WriteBatcher(async (items: number[]) => {
      seen.push(items);
      if (items.includes(2)) throw new Error(`bad item in ${items.join(',')}`);
      return items.map((i) => -i);
    });
    const results = await Promise.allSettled([1, 2, 3].map((i) => sut.submit(i)));
    expect(seen[0]).toEqual([1, 2, 3]);
    expect(seen.slice(1).sort()).toEqual([[1], [2], [3]]);
    expect(results).toEqual([
      { status: 'fulfilled', value: -1 },
      { status: 'rejected', reason: new Error('bad item in 2') },
      { status: 'fulfilled', value: -3 },
    ]);
  });

  it('keeps working after a failure', async () => {
    let fail = true;
    const sut = new WriteBatcher(async (items: number[]) => {
      if (fail) throw new Error('connection lost');
      return items;
    });
    await expect(sut.submit(1)).rejects.toThrow('connection lost');
    fail = false;
    await expect(sut.submit(2)).resolves.toBe(2);
    expect(sut.size).toBe(0);
  });

  it('with a linger, lets items that arrive one by one share a statement', async () => {
    // A clock of our own: on a busy machine a real 5 ms pause can outlast the whole linger.
    jest.useFakeTimers();
    try {
      const { calls, run } = controlledRun((items) => items);
      const sut = new WriteBatcher(run, { lingerMs: 30 });
      const results = [sut.submit(1)];
      await jest.advanceTimersByTimeAsync(5);
      results.push(sut.submit(2));
      await jest.advanceTimersByTimeAsync(24);
      expect(calls).toHaveLength(0);
      await jest.advanceTimersByTimeAsync(1);
      expect(calls.map((c) => c.items)).toEqual([[1, 2]]);
      calls[0].release();
      await expect(Promise.all(results)).resolves.toEqual([1, 2]);
    } finally {
      jest.useRealTimers();
    }
  });

  it('with a linger, sends what arrived while a statement ran as soon as it has finished, without lingering again', async () => {
    jest.useFakeTimers();
    try {
      const { calls, run } = controlledRun((items) => items);
      const sut = new WriteBatcher(run, { lingerMs: 30 });
      const first = sut.submit(1);
      await jest.advanceTimersByTimeAsync(30);
      expect(calls.map((c) => c.items)).toEqual([[1]]);
      const later = [sut.submit(2), sut.submit(3)];
      await jest.advanceTimersByTimeAsync(100);
      expect(calls).toHaveLength(1);
      calls[0].release();
      await first;
      await jest.advanceTimersByTimeAsync(0);
      expect(calls.map((c) => c.items)).toEqual([[1], [2, 3]]);
      calls[1].release();
      await expect(Promise.all(later)).resolves.toEqual([2, 3]);
      // Idle again: the next lone item lingers as the first did.
      const alone = sut.submit(4);
      await jest.advanceTimersByTimeAsync(29);
      expect(calls).toHaveLength(2);
      await jest.advanceTimersByTimeAsync(1);
      expect(calls[2].items).toEqual([4]);
      calls[2].release();
      await alone;
    } finally {
      jest.useRealTimers();
    }
  });

  it('without a linger, items a few ms apart go in separate statements', async () => {
    // Fake timers: on a busy machine a real 5 ms timer can fire before the batcher's next turn of the event loop.
    jest.useFakeTimers();
    try {
      const { calls, run } = controlledRun((items) => items);
      const sut = new WriteBatcher(run);
      const first = sut.submit(1);
      await jest.advanceTimersByTimeAsync(5);
      calls[0].release();
      await first;
      const second = sut.submit(2);
      await jest.advanceTimersByTimeAsync(5);
      expect(calls.map((c) => c.items)).toEqual([[1], [2]]);
      calls[1].release();
      await second;
    } finally {
      jest.useRealTimers();
    }
  });
});
