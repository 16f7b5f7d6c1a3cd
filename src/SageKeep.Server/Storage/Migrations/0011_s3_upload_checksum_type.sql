-- The checksum type a multipart upload asked for (x-amz-checksum-type: COMPOSITE or FULL_OBJECT);
-- NULL for uploads without a checksum algorithm.
ALTER TABLE s3_uploads ADD COLUMN checksum_type TEXT;
