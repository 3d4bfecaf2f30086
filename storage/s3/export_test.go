package s3

import (
	"context"
	"io"

	"github.com/minio/minio-go/v7"
)

// PutWithChecksumHeader uploads r with a raw x-amz-checksum-sha256 header
// (base64), bypassing the client-side check, so tests can see that the
// server refuses a mismatch and that the refusal is translated.
func (s *Store) PutWithChecksumHeader(ctx context.Context, key string, r io.Reader, size int64, checksum string) error {
	_, err := s.client.PutObject(ctx, s.bucket, key, r, size, minio.PutObjectOptions{
		DisableMultipart: true,
		UserMetadata:     map[string]string{"x-amz-checksum-sha256": checksum},
	})
	return translate(ctx, err)
}
