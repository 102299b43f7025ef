// A real worker in its own process, so a test can kill -9 it mid-activity. Options come as one JSON argument.
import { NativeConnection, Worker } from '@temporalio/worker';
import { createClient } from 'redis';
import { createActivities } from '@e2a/activities';
import { createDb } from '@e2a/db';
import { exceptionDeps, exceptionSettings } from './exceptions-fixtures';

interface WorkerProcessOptions {
  databaseUrl: string;
  redisUrl: string;
  temporalAddress: string;
  namespace: string;
  taskQueue: string;
  llmUrl: string;
}

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? '{}') as WorkerProcessOptions;
  const { db } = createDb(options.databaseUrl, { max: 4 });
  const redis = createClient({ url: options.redisUrl });
  redis.on('error', () => undefined);
  await redis.connect();
  const connection = await NativeConnection.connect({ address: options.temporalAddress });
  const worker = await Worker.create({
    connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    workflowsPath: require.resolve('@e2a/workflows'),
    activities: createActivities(
      exceptionDeps(db, redis, exceptionSettings({ aiProviderBaseUrl: options.llmUrl, aiTimeoutSeconds: 5 })),
    ),
  });
  process.stdout.write('worker-ready\n');
  await worker.run();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
