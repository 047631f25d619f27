import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '../../..');

export interface ProcessResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs a command in the repository root with extra environment variables and collects its output. */
export function run(
  command: string,
  args: readonly string[],
  env: Record<string, string>,
  timeoutMs = 60_000,
): Promise<ProcessResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ code, signal, stdout, stderr });
    });
  });
}

/** `node -r ts-node/register -r tsconfig-paths/register <file>`, transpile-only. */
export const TS_NODE_ARGS = ['-r', 'ts-node/register', '-r', 'tsconfig-paths/register'];
export const TS_NODE_ENV = { TS_NODE_TRANSPILE_ONLY: '1' };

/** A TCP port that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/** A TypeScript entry point running in a child process (ts-node, transpile-only), its output collected. */
export interface RunningProcess {
  readonly child: ChildProcess;
  /** stdout and stderr so far. */
  output(): string;
  /** Resolves once the output contains `text`; rejects if the process exits first or `timeoutMs` passes. */
  waitForOutput(text: string, timeoutMs?: number): Promise<void>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function startTsNode(file: string, env: Record<string, string>): RunningProcess {
  const child = spawn('node', [...TS_NODE_ARGS, file], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...TS_NODE_ENV, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolvePromise) =>
    child.on('close', (code, signal) => resolvePromise({ code, signal })),
  );
  return {
    child,
    output: () => output,
    exited,
    waitForOutput: async (text, timeoutMs = 60_000) => {
      const deadline = Date.now() + timeoutMs;
      while (!output.includes(text)) {
        if (child.exitCode !== null) throw new Error(`${file} exited early:\n${output}`);
        if (Date.now() > deadline) throw new Error(`${file} did not print ${JSON.stringify(text)}:\n${output}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
  };
}
