/**
 * How a driver carries one SQL function call. Arguments are named like the SQL parameters
 * (p_job, p_run, ...); the function's jsonb result comes back parsed.
 */
export interface RpcTransport {
  readonly name: string;
  call<T = unknown>(fn: string, args: Record<string, unknown>): Promise<T>;
  close(): Promise<void>;
}
