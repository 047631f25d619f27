import { SingleBar } from 'cli-progress';
import type { ImportProgress } from '../../api/src/imports/import.service';
import { formatDuration } from './rebuild-progress';

const number = (n: number): string => Math.round(n).toLocaleString('en-US');
const megabytes = (bytes: number): string => `${Math.round(bytes / 2 ** 20)} MB`;
const memory = (): string => {
  const { rss, heapUsed } = process.memoryUsage();
  return `rss ${megabytes(rss)} (heap ${megabytes(heapUsed)})`;
};

/**
 * An import's progress on stderr: a bar with rows/s, errors and ETA on a terminal, a plain line every `intervalMs`
 * otherwise (logs, CI, pipes), so stdout stays clean for the result.
 */
export class ImportProgressReporter {
  private bar?: SingleBar;
  private lastLineAt = 0;
  private readonly startedAt = Date.now();
  private firstRows?: number;

  constructor(
    private readonly out: NodeJS.WriteStream = process.stderr,
    private readonly intervalMs = 1000,
  ) {}

  update(p: ImportProgress): void {
    this.firstRows ??= p.rows; // a resumed run: speed counts this run's rows only
    const seconds = Math.max((Date.now() - this.startedAt) / 1000, 0.001);
    const speed = (p.rows - this.firstRows) / seconds;
    const eta = speed > 0 ? (p.totalRows - p.rows) / speed : undefined;
    const payload = { speed: number(speed), errors: number(p.rejected), etaText: formatDuration(eta) };
    if (this.out.isTTY) {
      if (!this.bar) {
        this.bar = new SingleBar({
          stream: this.out,
          format:
            'import [{bar}] {percentage}% | {value}/{total} rows | {speed} rows/s | {errors} errors | ETA {etaText}',
          formatValue: (v, _options, type) => (type === 'value' || type === 'total' ? number(v) : String(v)),
          hideCursor: true,
        });
        this.bar.start(Math.max(p.totalRows, 1), p.rows, payload);
      } else this.bar.update(p.rows, payload);
      return;
    }
    const now = Date.now();
    if (p.rows === p.totalRows || now - this.lastLineAt >= this.intervalMs) {
      this.lastLineAt = now;
      const percent = p.totalRows > 0 ? Math.floor((p.rows / p.totalRows) * 100) : 100;
      this.out.write(
        `import ${p.importId}: ${number(p.rows)}/${number(p.totalRows)} rows (${percent}%), ` +
          `${payload.errors} errors, ${payload.speed} rows/s, ETA ${payload.etaText}, ${memory()}\n`,
      );
    }
  }

  stop(): void {
    this.bar?.stop();
    this.bar = undefined;
  }
}
