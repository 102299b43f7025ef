-- The knowledge base's operator SQL, verbatim (tests/integration/schema.test.ts runs every statement).

SELECT * FROM exception_records 
WHERE ai_confidence IS NULL 
   OR ai_label IS NULL
   OR (ai_confidence < 0.7 AND updated_at < NOW() - INTERVAL '24 hours');

-- Get resolution statistics
SELECT 
    resolution_attempts,
    COUNT(*) as count
FROM exceptions 
GROUP BY resolution_attempts;

-- Get blocked exceptions
SELECT 
    id, order_id, reason_code, 
    resolution_attempts, resolution_block_reason
FROM exceptions 
WHERE resolution_blocked = true;

-- Get resolution-eligible exceptions
SELECT COUNT(*) as eligible_count
FROM exceptions 
WHERE status IN ('OPEN', 'IN_PROGRESS')
  AND resolution_blocked = false
  AND resolution_attempts < max_resolution_attempts;

-- Reset all blocked exceptions (use carefully!)
UPDATE exceptions 
SET resolution_attempts = 0,
    resolution_blocked = false,
    resolution_block_reason = null,
    last_resolution_attempt_at = null
WHERE resolution_blocked = true;

-- No records should be stuck in incomplete states
SELECT COUNT(*) FROM exception_records 
WHERE ai_confidence IS NULL 
  AND created_at < NOW() - INTERVAL '1 day';
-- Should be 0 or very low

-- High confidence rate should be >80%
SELECT 
  COUNT(*) FILTER (WHERE ai_confidence >= 0.7) * 100.0 / COUNT(*) as high_confidence_rate
FROM exception_records 
WHERE ai_confidence IS NOT NULL;

-- No records should exceed max retry count
SELECT COUNT(*) FROM exception_records 
WHERE enrichment_retry_count > 5;
-- Should be 0
