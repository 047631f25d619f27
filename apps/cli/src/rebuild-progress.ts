import { SingleBar } from 'cli-progress';
import type { RebuildProgress } from '@app/read-models/rebuild';

const number = (n: number): string => Math.round(n).toLocaleString('en-US');

export function formatDuration(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return '--';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`;
}

/**
 * Shows a rebuild's progress on stderr: a bar with events/s and ETA on a terminal, a plain line every
 * `intervalMs` otherwise (logs, CI, pipes), so stdout stays clean for results.
 */
export class RebuildProgressReporter {
  private bar?: SingleBar;
  private lastLineAt = 0;
  private phase?: RebuildProgress['phase'];

  constructor(
    private readonly out: NodeJS.WriteStream = process.stderr,
    private readonly intervalMs = 1000,
  ) {}

  update(p: RebuildProgress): void {
    if (p.phase !== 'building') {
      this.stopBar(p);
      if (p.phase !== this.phase) this.line(phaseMessage(p));
      this.phase = p.phase;
      return;
    }
    this.phase = p.phase;
    const payload = { speed: number(p.eventsPerSecond), etaText: formatDuration(p.etaSeconds) };
    if (this.out.isTTY) {
      if (!this.bar) {
        this.bar = new SingleBar({
          stream: this.out,
          format:
            `${p.projection} → generation ${p.generation} [{bar}] {percentage}% | {value}/{total} events | ` +
            '{speed} events/s | ETA {etaText}',
          formatValue: (v, _options, type) => (type === 'value' || type === 'total' ? number(v) : String(v)),
          hideCursor: true,
          etaBuffer: 50,
        });
        this.bar.start(Math.max(p.total, 1), p.done, payload);
      } else {
        this.bar.setTotal(Math.max(p.total, 1));
        this.bar.update(p.done, payload);
      }
      return;
    }
    const now = Date.now();
    if (p.done === 0 || now - this.lastLineAt >= this.intervalMs) {
      this.lastLineAt = now;
      const percent = p.total > 0 ? Math.floor((p.done / p.total) * 100) : 100;
      this.line(
        `${p.projection} → generation ${p.generation}: ${number(p.done)}/${number(p.total)} events (${percent}%), ` +
          `${payload.speed} events/s, ETA ${payload.etaText}`,
      );
    }
  }

  /** Leaves the terminal clean if the rebuild fails midway. */
  abort(): void {
    this.bar?.stop();
    this.bar = undefined;
  }

  private stopBar(p: RebuildProgress): void {
    if (!this.bar) return;
    this.bar.setTotal(Math.max(p.done, 1));
    this.bar.update(p.done);
    this.bar.stop();
    this.bar = undefined;
  }

  private line(text: string): void {
    this.out.write(`${text}\n`);
  }
}

function phaseMessage(p: RebuildProgress): string {
  switch (p.phase) {
    case 'building':
      return `${p.projection}: building generation ${p.generation}`;
    case 'switching':
      return `${p.projection}: generation ${p.generation} caught up at position ${p.position} (${number(p.done)} events); switching`;
    case 'grace':
      return `${p.projection}: readers and the runner now use generation ${p.generation}; old generation ${p.previousGeneration} kept for the grace period`;
    case 'dropping-old':
      return `${p.projection}: dropping generation ${p.previousGeneration}`;
    case 'done':
      return `${p.projection}: done`;
    default: {
      const never: never = p.phase;
      return String(never);
    }
  }
}
