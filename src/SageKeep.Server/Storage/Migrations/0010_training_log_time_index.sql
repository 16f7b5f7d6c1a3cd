-- FilterLogEvents reads events across a log group's streams in time order (CloudWatch Logs interleaves them).
CREATE INDEX training_log_events_time ON training_log_events (timestamp_ms, log_stream, seq);
