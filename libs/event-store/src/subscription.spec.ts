import { ChangeNotifier } from './subscription';

describe('ChangeNotifier', () => {
  it('a notification that came while the caller was reading is not lost', async () => {
    const notifier = new ChangeNotifier();
    const seen = notifier.current;
    notifier.notify(); // an append commits while the subscriber is still reading its page
    const started = Date.now();
    await notifier.wait(new AbortController().signal, 5000, seen);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('waits for the next notification when nothing changed since `seen`', async () => {
    const notifier = new ChangeNotifier();
    let woke = false;
    const waiting = notifier.wait(new AbortController().signal, 5000, notifier.current).then(() => (woke = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(woke).toBe(false);
    notifier.notify();
    await waiting;
    expect(woke).toBe(true);
  });

  it('an abort ends the wait', async () => {
    const notifier = new ChangeNotifier();
    const abort = new AbortController();
    const waiting = notifier.wait(abort.signal, 5000);
    abort.abort();
    await expect(waiting).resolves.toBeUndefined();
  });
});
