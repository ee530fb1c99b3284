import { spawn } from 'node:child_process';
import { PermanentError } from '../domain/errors.js';

export interface ToolResult {
  stdout: string;
  stderr: string;
}

export interface RunToolOptions {
  signal?: AbortSignal | undefined;
  /** Keep at most this many characters of stderr (tools like ffmpeg are chatty). */
  maxStderrChars?: number;
  /** Sees stdout as it arrives (progress reporting); the full output is still returned. */
  onStdout?: (chunk: string) => void;
}

/**
 * Runs an external tool (ffmpeg, ffprobe, pocketsphinx) without a shell, collecting its output.
 * Aborting the signal kills the process; a missing binary is a PermanentError naming the Debian
 * package, because retrying cannot install it.
 */
export function runTool(command: string, args: string[], options: RunToolOptions = {}): Promise<ToolResult> {
  const { signal, maxStderrChars = 20_000, onStdout } = options;
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason ?? new Error('aborted'));
      return;
    }
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], signal, killSignal: 'SIGKILL' });
    const out: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out.push(chunk);
      onStdout?.(chunk.toString('utf8'));
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
      if (stderr.length > maxStderrChars) stderr = stderr.slice(-maxStderrChars);
    });
    child.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') {
        reject(new PermanentError(`${command} is not installed (${TOOL_PACKAGES[command] ?? 'install it'})`));
      } else if (err.name === 'AbortError') {
        reject(signal?.reason ?? err);
      } else {
        reject(err);
      }
    });
    child.on('close', (code, killedBy) => {
      if (signal?.aborted) {
        reject(signal.reason ?? new Error('aborted'));
        return;
      }
      const stdout = Buffer.concat(out).toString('utf8');
      if (code === 0) resolve({ stdout, stderr });
      else reject(new ToolFailedError(command, code, killedBy, stderr));
    });
  });
}

const TOOL_PACKAGES: Record<string, string> = {
  ffmpeg: 'Debian package ffmpeg',
  ffprobe: 'Debian package ffmpeg',
  pocketsphinx_continuous: 'Debian packages pocketsphinx and pocketsphinx-en-us',
  pocketsphinx: 'Debian packages pocketsphinx and pocketsphinx-en-us',
  'espeak-ng': 'Debian package espeak-ng',
};

/** A tool exited non-zero; carries the tail of its stderr for the error message. */
export class ToolFailedError extends Error {
  override name = 'ToolFailedError';
  constructor(
    readonly command: string,
    readonly exitCode: number | null,
    readonly killedBy: NodeJS.Signals | null,
    readonly stderr: string,
  ) {
    const tail = stderr.trim().split('\n').slice(-3).join(' | ');
    super(`${command} failed (${killedBy ? `signal ${killedBy}` : `exit ${exitCode}`})${tail ? `: ${tail}` : ''}`);
  }
}
