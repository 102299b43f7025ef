import { Client, Connection } from '@temporalio/client';
import { temporalConnectionOptions, type CliConfig } from '@e2a/config';

/** A Temporal client for one command; the connection is closed afterwards. */
export async function withTemporal<T>(config: CliConfig, work: (client: Client) => Promise<T>): Promise<T> {
  const connection = await Connection.connect({
    ...temporalConnectionOptions(config),
    connectTimeout: '5s',
  });
  try {
    return await work(new Client({ connection, namespace: config.TEMPORAL_NAMESPACE }));
  } finally {
    await connection.close();
  }
}
