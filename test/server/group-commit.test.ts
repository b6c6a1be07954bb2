import { describe, expect, it } from 'vitest';
import { GroupCommit } from '../../server/store/group-commit';

describe('GroupCommit', () => {
  it('writes items that arrive together in one commit, in order', async () => {
    const batches: number[][] = [];
    const gc = new GroupCommit<number, number>(async (items) => {
      batches.push(items);
      return items.map((i) => i * 10);
    });
    const results = await Promise.all([1, 2, 3, 4].map((i) => gc.add(i)));
    expect(results).toEqual([10, 20, 30, 40]);
    expect(batches).toEqual([[1, 2, 3, 4]]);
  });

  it('items added during a commit go into the next one', async () => {
    const batches: number[][] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const gc = new GroupCommit<number, number>(async (items) => {
      batches.push(items);
      if (batches.length === 1) await gate;
      return items;
    });
    const first = gc.add(1);
    await new Promise((r) => setImmediate(r));
    const later = [gc.add(2), gc.add(3)];
    release();
    await Promise.all([first, ...later]);
    expect(batches).toEqual([[1], [2, 3]]);
  });

  it('a failed commit rejects only its own batch', async () => {
    let calls = 0;
    const gc = new GroupCommit<number, number>(async (items) => {
      if (++calls === 1) throw new Error('disk full');
      return items;
    });
    await expect(Promise.all([gc.add(1), gc.add(2)])).rejects.toThrow('disk full');
    await expect(gc.add(3)).resolves.toBe(3);
  });

  it('caps the batch size', async () => {
    const sizes: number[] = [];
    const gc = new GroupCommit<number, number>(async (items) => {
      sizes.push(items.length);
      return items;
    }, 3);
    await Promise.all([1, 2, 3, 4, 5, 6, 7].map((i) => gc.add(i)));
    expect(sizes).toEqual([3, 3, 1]);
  });

  it('with room for more commits at once, hands over the next batch before answering the one that finished', async () => {
    const events: string[] = [];
    const gates: (() => void)[] = [];
    const gc = new GroupCommit<number, number>(
      async (items) => {
        events.push(`commit ${items.join(',')}`);
        await new Promise<void>((r) => gates.push(r));
        return items;
      },
      1000,
      2,
    );
    const answered = (p: Promise<number>) => p.then((n) => void events.push(`answered ${n}`));
    const first = answered(gc.add(1));
    await new Promise((r) => setImmediate(r));
    const second = answered(gc.add(2)); // a second commit may start while the first runs
    await new Promise((r) => setImmediate(r));
    const third = answered(gc.add(3)); // two running: waits
    await new Promise((r) => setImmediate(r));
    expect(events).toEqual(['commit 1', 'commit 2']);
    gates[0]!();
    await first;
    expect(events).toEqual(['commit 1', 'commit 2', 'commit 3', 'answered 1']);
    gates[1]!();
    gates[2]!();
    await Promise.all([second, third]);
    await gc.flush();
    expect(events.slice(4)).toEqual(['answered 2', 'answered 3']);
  });

  it('flush waits for every commit on its way', async () => {
    const done: number[] = [];
    const gc = new GroupCommit<number, number>(
      async (items) => {
        await new Promise((r) => setTimeout(r, items[0] === 1 ? 30 : 5));
        done.push(...items);
        return items;
      },
      1000,
      4,
    );
    void gc.add(1);
    await new Promise((r) => setImmediate(r));
    void gc.add(2);
    await gc.flush();
    expect(done.sort()).toEqual([1, 2]);
  });

  it('flush waits for what was added before it, not for what keeps arriving', async () => {
    const arriving = { on: true };
    const gc = new GroupCommit<number, number>(async (items) => {
      await new Promise((r) => setImmediate(r));
      return items;
    });
    const earlier = gc.add(1);
    // A steady stream: every commit has new items waiting behind it.
    const stream = (async () => {
      for (let i = 2; arriving.on; i++) await gc.add(i);
    })();
    let flushed = false;
    const flush = gc.flush().then(() => (flushed = true));
    await earlier;
    await flush;
    expect(flushed).toBe(true);
    arriving.on = false;
    await stream;
  });
});
