import './ingest/ingest-bench';
