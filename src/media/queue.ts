// Scale-out on BullMQ (Redis), loaded only by a queue run (`ajar media --queue`, `ajar worker`): BullMQ and
// ioredis stay out of every other command. queue-link.ts is Redis as a run sees it (bounded waits, the
// outage line, the tolerance); queue-producer.ts enqueues and waits; queue-worker.ts takes jobs and makes entries.

export { QUEUE_NAME, connectionFromUrl, whereOf, type QueueLinkEvent, type QueuedJob, type QueueTrouble, type RedisConnection } from './queue-link.js';
export { queueExecutor, type QueueExecutorOptions } from './queue-producer.js';
export { startWorker, type RunningWorker, type WorkerEnd, type WorkerEvent, type WorkerOptions } from './queue-worker.js';
export { DEFAULT_QUEUE_TOLERANCE_SECONDS, toleranceFrom } from './tolerance.js';
