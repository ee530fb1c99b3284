import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

/** tsx's ESM API (`register()`), for threads started from TypeScript sources; tsx is a dev dependency. */
function tsxEsmApi(): string {
  // the `require` export is the CommonJS build; its ESM twin sits next to it
  return pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
}

/** A call the pool runs on a worker thread: a method name and its (structured-clonable) argument. */
interface Task {
  method: string;
  arg: unknown;
  signal: AbortSignal | undefined;
  resolve(value: unknown): void;
  reject(err: unknown): void;
  onAbort?: () => void;
}

interface Slot {
  worker: Worker;
  task: Task | null;
  nextId: number;
  /** The worker module loaded (its first message). */
  ready: boolean;
}

/** What a pool worker answers (src/analyzers/local/pool-worker.ts). */
export type PoolReply = { ready: true } | { id: number; ok: true; value: unknown } | { id: number; ok: false; name: string; message: string };

/**
 * A fixed number of worker threads running CPU-bound calls off the main thread, first come first
 * served. A call whose AbortSignal fires is rejected with the signal's reason at once: while it
 * waits, it is dropped; while it runs, its thread is terminated (synchronous code cannot be
 * interrupted otherwise) and replaced by a fresh one. An idle pool does not keep the process
 * alive, and threads start with the first call. `entry` is the worker module; `workerData` is
 * given to every thread.
 */
export class ThreadPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];
  private closed = false;
  /** Set when a thread died before its module loaded: respawning would fail the same way. */
  private broken: Error | null = null;

  constructor(readonly size: number, private readonly entry: URL, private readonly workerData: unknown) {
    if (!Number.isInteger(size) || size < 1) throw new Error(`thread pool size must be a positive integer, got ${size}`);
  }

  /** Threads start with the first call: a process that never analyses (the API) holds none. */
  private start(): void {
    for (let i = 0; i < this.size; i++) {
      const slot: Slot = { worker: this.spawn(), task: null, nextId: 0, ready: false };
      this.bind(slot);
      this.slots.push(slot);
    }
  }

  run(method: string, arg: unknown, signal?: AbortSignal): Promise<unknown> {
    if (this.closed) return Promise.reject(new Error('thread pool is closed'));
    if (this.broken) return Promise.reject(this.broken);
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.slots.length === 0) this.start();
    return new Promise((resolve, reject) => {
      const task: Task = { method, arg, signal, resolve, reject };
      if (signal) {
        task.onAbort = () => this.abort(task);
        signal.addEventListener('abort', task.onAbort, { once: true });
      }
      this.queue.push(task);
      this.dispatch();
    });
  }

  /** Terminates every thread; calls still waiting or running are rejected. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const err = new Error('thread pool closed');
    for (const t of this.queue.splice(0)) this.settle(t, () => t.reject(err));
    await Promise.all(this.slots.map(async (s) => {
      const t = s.task;
      s.task = null;
      if (t) this.settle(t, () => t.reject(err));
      await s.worker.terminate();
    }));
  }

  private spawn(): Worker {
    const worker = this.entry.pathname.endsWith('.ts')
      // run from TypeScript sources (tsx, vitest): the thread registers tsx's loader, then loads the entry
      ? new Worker(`import(${JSON.stringify(tsxEsmApi())}).then((t) => { t.register(); return import(${JSON.stringify(this.entry.href)}); });`, { eval: true, workerData: this.workerData })
      : new Worker(this.entry, { workerData: this.workerData });
    worker.unref();
    return worker;
  }

  /** Replaces a slot's thread (its call was aborted, or it died): the old one is terminated. */
  private replace(slot: Slot): void {
    const old = slot.worker;
    old.removeAllListeners();
    old.on('error', () => {});
    void old.terminate();
    slot.worker = this.spawn();
    slot.nextId = 0;
    slot.ready = false;
    this.bind(slot);
    this.dispatch();
  }

  private bind(slot: Slot): void {
    const worker = slot.worker;
    worker.on('message', (reply: PoolReply) => {
      if ('ready' in reply) {
        slot.ready = true;
        return;
      }
      const t = slot.task;
      if (!t || reply.id !== slot.nextId) return;
      slot.task = null;
      worker.unref();
      this.settle(t, () => (reply.ok ? t.resolve(reply.value) : t.reject(Object.assign(new Error(reply.message), { name: reply.name }))));
      this.dispatch();
    });
    // a thread that dies (out of memory, a crash in the worker module) fails its call and is replaced
    const died = (err: Error) => {
      if (this.closed || slot.worker !== worker) return;
      const t = slot.task;
      slot.task = null;
      if (t) this.settle(t, () => t.reject(err));
      if (slot.ready) {
        this.replace(slot);
        return;
      }
      // the module itself does not load: fail what waits instead of respawning forever
      this.broken = new Error(`analyzer thread failed to start: ${err.message}`);
      for (const w of this.queue.splice(0)) this.settle(w, () => w.reject(this.broken));
    };
    worker.on('error', died);
    worker.on('exit', (code) => died(new Error(`analyzer thread exited with code ${code}`)));
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (slot.task || this.queue.length === 0) continue;
      const t = this.queue.shift()!;
      slot.task = t;
      slot.nextId++;
      slot.worker.ref();
      slot.worker.postMessage({ id: slot.nextId, method: t.method, arg: t.arg });
    }
  }

  private abort(t: Task): void {
    const waiting = this.queue.indexOf(t);
    if (waiting >= 0) {
      this.queue.splice(waiting, 1);
    } else {
      const slot = this.slots.find((s) => s.task === t);
      if (!slot) return;
      slot.task = null;
      this.replace(slot);
    }
    this.settle(t, () => t.reject(t.signal!.reason));
  }

  private settle(t: Task, fn: () => void): void {
    if (t.onAbort) t.signal!.removeEventListener('abort', t.onAbort);
    fn();
  }
}
