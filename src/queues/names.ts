/** One queue per step, plus `fanout`, which only orchestrates the parallel steps. */
export const QUEUE_NAMES = ['transcribe', 'evidence', 'fanout', 'insights', 'personas', 'answers', 'finalize'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

export function isQueueName(s: string): s is QueueName {
  return (QUEUE_NAMES as readonly string[]).includes(s);
}
