import type { RpcTransport } from './rpc.js';
import { inSpan } from '../telemetry/tracing.js';

/** Every SQL function call as a span (`sql <function>`), whatever the driver. */
export class TracedTransport implements RpcTransport {
  constructor(private readonly inner: RpcTransport) {}

  get name(): string {
    return this.inner.name;
  }

  call<T>(fn: string, args: Record<string, unknown>): Promise<T> {
    return inSpan(`sql ${fn}`, { 'db.system.name': 'postgresql', 'db.operation.name': fn, 'db.driver': this.inner.name }, () => this.inner.call<T>(fn, args));
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
