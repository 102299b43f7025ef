import { parseArgs } from 'node:util';
import { runPipelineBenchmark } from './support/pipeline-benchmark';

// pnpm bench:pipeline [--orders 10000] [--steady-rate 10000] [--steady-seconds 60] [--chunk-size 2000]
const { values } = parseArgs({
  options: {
    orders: { type: 'string', default: '10000' },
    'breach-ratio': { type: 'string', default: '0.2' },
    'steady-rate': { type: 'string', default: '10000' },
    'steady-seconds': { type: 'string', default: '60' },
    'chunk-size': { type: 'string', default: '2000' },
    'poll-seconds': { type: 'string', default: '2' },
  },
});

runPipelineBenchmark({
  orders: Number(values.orders),
  breachRatio: Number(values['breach-ratio']),
  steadyOrdersPerMinute: Number(values['steady-rate']),
  steadySeconds: Number(values['steady-seconds']),
  chunkSize: Number(values['chunk-size']),
  pollSeconds: Number(values['poll-seconds']),
})
  .then((result) => {
    console.log(JSON.stringify(result, null, 2));
    process.exit(0);
  })
  .catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
