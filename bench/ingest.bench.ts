import '../services/gateway/src/bench/ingest.bench';
