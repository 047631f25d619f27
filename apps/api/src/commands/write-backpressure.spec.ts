import type { ProjectionStatus } from '@app/read-models';
import { WriteBackpressure } from './write-backpressure';

type Phase = ProjectionStatus['phase'];

/** A runner whose projections' checkpoints and phases the test moves. */
function runner(...projections: { phase: Phase; checkpoint: bigint }[]) {
  return {
    projections,
    status: () =>
      projections.map(({ phase, checkpoint }, i) => ({
        name: `p${i}`,
        phase,
        generation: 1,
        checkpoint,
        eventsApplied: 0,
      })) as ProjectionStatus[],
  };
}

const settled = async (promise: Promise<unknown>) => {
  let done = false;
  void promise.then(() => (done = true));
  await new Promise((resolve) => setTimeout(resolve, 30));
  return done;
};

describe('WriteBackpressure', () => {
  it('lets a command through at once while the projections are within the lag', async () => {
    const r = runner({ phase: 'live', checkpoint: 90n }, { phase: 'live', checkpoint: 95n });
    const backpressure = new WriteBackpressure(r, 10);
    expect(await settled(backpressure.admit(100n))).toBe(true);
    expect(await settled(backpressure.admit(undefined))).toBe(true);
  });

  it('holds a command while the slowest running projection is further behind, until it catches up', async () => {
    const r = runner({ phase: 'live', checkpoint: 100n }, { phase: 'live', checkpoint: 50n });
    const backpressure = new WriteBackpressure(r, 10);
    const admitted = backpressure.admit(100n);
    expect(await settled(admitted)).toBe(false);
    r.projections[1]!.checkpoint = 89n;
    expect(await settled(admitted)).toBe(false);
    r.projections[1]!.checkpoint = 90n;
    expect(await settled(admitted)).toBe(true);
  });

  it.each<Phase>(['catching-up', 'waiting-for-lease', 'retrying', 'failed', 'stopped', 'starting'])(
    'does not wait for a projection that is %s',
    async (phase) => {
      const r = runner({ phase: 'live', checkpoint: 100n }, { phase, checkpoint: 0n });
      expect(await settled(new WriteBackpressure(r, 10).admit(100n))).toBe(true);
    },
  );

  it('gives up after its bound, and does not make the next command wait while nothing moved', async () => {
    const r = runner({ phase: 'live', checkpoint: 0n });
    const backpressure = new WriteBackpressure(r, 10, 50);
    const started = Date.now();
    await backpressure.admit(100n);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    expect(await settled(backpressure.admit(101n))).toBe(true);
    // Once the projection moves, commands wait for it again.
    r.projections[0]!.checkpoint = 1n;
    expect(await settled(backpressure.admit(102n))).toBe(false);
  });
});
