// Package s3 implements storage.Store on an S3-compatible server (MinIO in
// development and production) with minio-go.
//
// Objects are written with a single PUT (no multipart upload) so that the
// server verifies and keeps a SHA-256 of the whole object, and so that an
// interrupted upload never leaves a partial object. That limits objects to
// the single-PUT maximum (5 GiB on AWS S3, more on MinIO), far above what a
// document attachment needs. The SHA-256 is also kept as user metadata
// "Sha256" when the caller declares it, which lets List report it without a
// request per object.
package s3

import (
	"context"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
	"github.com/minio/minio-go/v7/pkg/s3utils"

	"github.com/ca-uncac/hub/storage"
	"github.com/ca-uncac/hub/storage/internal/verify"
)

// DefaultRegion is used when Config.Region is empty; it is what MinIO
// answers unless configured otherwise.
const DefaultRegion = "us-east-1"

// DefaultConnectTimeout bounds New when its ctx has no deadline.
const DefaultConnectTimeout = 10 * time.Second

// attempts is how often an idempotent request is tried (1 = no retry). A
// few retries ride out a server restart; more would keep a web request
// waiting for seconds when the server is down (10, minio-go's default,
// takes about 4 s to fail). Uploads from a plain reader are never retried.
const attempts = 3

// metaSHA256 is the user metadata key (x-amz-meta-sha256) of the content's
// SHA-256 in lowercase hex.
const metaSHA256 = "Sha256"

// Config says how to reach the bucket.
type Config struct {
	// Endpoint is host:port, without scheme.
	Endpoint string
	Bucket   string
	// AccessKey and SecretKey are the static credentials.
	AccessKey string
	SecretKey string
	// UseSSL selects https.
	UseSSL bool
	// Region of the bucket; empty means DefaultRegion. Setting it avoids a
	// bucket-location request.
	Region string
	// CreateBucket makes New create the bucket when it does not exist.
	CreateBucket bool
}

// Store is a storage.Store in one bucket. It is safe for concurrent use.
type Store struct {
	client *minio.Client
	// probe does not retry, so that start-up and readiness checks report an
	// unreachable server at once and with the real cause (minio-go reports
	// only "context deadline exceeded" when retries run into the deadline).
	probe  *minio.Client
	bucket string
}

var _ storage.Store = (*Store)(nil)

func (c Config) validate() error {
	switch {
	case c.Endpoint == "":
		return errors.New("Config.Endpoint is empty")
	case strings.Contains(c.Endpoint, "://") || strings.Contains(c.Endpoint, "/"):
		return fmt.Errorf("Config.Endpoint %q must be host:port, without scheme or path (use UseSSL for https)", c.Endpoint)
	case c.AccessKey == "" || c.SecretKey == "":
		return errors.New("Config.AccessKey and Config.SecretKey must be set")
	}
	if err := s3utils.CheckValidBucketNameStrict(c.Bucket); err != nil {
		return fmt.Errorf("Config.Bucket %q: %w", c.Bucket, err)
	}
	return nil
}

// New connects to the server and checks that the bucket exists (creating it
// when cfg.CreateBucket is set). It fails as soon as the server turns out
// unreachable, and in any case by ctx's deadline (DefaultConnectTimeout when
// ctx has none).
func New(ctx context.Context, cfg Config) (*Store, error) {
	if err := cfg.validate(); err != nil {
		return nil, fmt.Errorf("s3: %w", err)
	}
	if cfg.Region == "" {
		cfg.Region = DefaultRegion
	}
	newClient := func(maxRetries int) (*minio.Client, error) {
		return minio.New(cfg.Endpoint, &minio.Options{
			Creds:  credentials.NewStaticV4(cfg.AccessKey, cfg.SecretKey, ""),
			Secure: cfg.UseSSL,
			Region: cfg.Region,
			// Path-style requests work with any endpoint name.
			BucketLookup: minio.BucketLookupPath,
			// Needed to send x-amz-checksum-sha256 (see Put).
			TrailingHeaders: true,
			MaxRetries:      maxRetries,
		})
	}
	client, err := newClient(attempts)
	if err != nil {
		return nil, fmt.Errorf("s3: %w", err)
	}
	probe, err := newClient(1)
	if err != nil {
		return nil, fmt.Errorf("s3: %w", err)
	}
	s := &Store{client: client, probe: probe, bucket: cfg.Bucket}

	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, DefaultConnectTimeout)
		defer cancel()
	}
	exists, err := probe.BucketExists(ctx, cfg.Bucket)
	if err != nil {
		return nil, fmt.Errorf("s3: connecting to %s, bucket %q: %w", cfg.Endpoint, cfg.Bucket, err)
	}
	if !exists {
		if !cfg.CreateBucket {
			return nil, fmt.Errorf("s3: bucket %q does not exist on %s (set CreateBucket to create it)", cfg.Bucket, cfg.Endpoint)
		}
		err := probe.MakeBucket(ctx, cfg.Bucket, minio.MakeBucketOptions{Region: cfg.Region})
		if err != nil && !isCode(err, "BucketAlreadyOwnedByYou") {
			return nil, fmt.Errorf("s3: creating bucket %q on %s: %w", cfg.Bucket, cfg.Endpoint, err)
		}
	}
	return s, nil
}

// wrap gives err its operation and key, once.
func wrap(err *error, op, key string) {
	if *err != nil {
		*err = fmt.Errorf("s3: %s %q: %w", op, key, *err)
	}
}

func isCode(err error, codes ...string) bool {
	var resp minio.ErrorResponse
	if !errors.As(err, &resp) {
		return false
	}
	for _, c := range codes {
		if resp.Code == c {
			return true
		}
	}
	return false
}

// translate turns minio-go errors into the storage sentinels; this is the
// only place that knows S3 error codes.
func translate(ctx context.Context, err error) error {
	switch {
	case err == nil:
		return nil
	case isCode(err, "NoSuchKey"):
		return fmt.Errorf("%w (%v)", storage.ErrNotExist, err)
	case isCode(err, "BadDigest", "XAmzContentSHA256Mismatch", "XAmzContentChecksumMismatch", "InvalidChecksum", "IncompleteBody"):
		return fmt.Errorf("%w (%v)", storage.ErrIntegrity, err)
	case ctx.Err() != nil && !errors.Is(err, ctx.Err()):
		return fmt.Errorf("%w (%v)", ctx.Err(), err)
	}
	return err
}

// Put implements storage.Store.
func (s *Store) Put(ctx context.Context, key string, r io.Reader, size int64, opts storage.PutOptions) (obj storage.Object, err error) {
	defer wrap(&err, "put", key)
	ct, err := verify.PutArgs(ctx, key, size, opts)
	if err != nil {
		return storage.Object{}, err
	}
	vr := verify.NewReader(ctx, r, size, opts.SHA256)
	declared := opts.SHA256
	if size == 0 {
		// minio-go neither reads an empty body nor sends a checksum for
		// it; check it here, and declare its digest.
		if err := vr.Finish(); err != nil {
			return storage.Object{}, err
		}
		declared = vr.Sum()
	}
	po := minio.PutObjectOptions{ContentType: ct, DisableMultipart: true}
	if declared != "" {
		// The server checks the content against this too and refuses it on
		// a mismatch, guarding against corruption in transit.
		raw, _ := hex.DecodeString(declared)
		po.UserMetadata = map[string]string{
			metaSHA256:              declared,
			"x-amz-checksum-sha256": base64.StdEncoding.EncodeToString(raw),
		}
	} else {
		// minio-go computes the SHA-256 and sends it as a trailer.
		po.Checksum = minio.ChecksumSHA256
	}
	info, err := s.client.PutObject(ctx, s.bucket, key, vr, size, po)
	if verr := vr.Err(); verr != nil {
		// The reader stopped the upload before its last byte, so the
		// server committed nothing; its error says why.
		return storage.Object{}, verr
	}
	if err != nil {
		return storage.Object{}, translate(ctx, err)
	}
	if err := vr.Finish(); err != nil {
		// minio-go returned without reading everything: should not happen,
		// but then what was stored is not what was declared.
		s.remove(key)
		return storage.Object{}, err
	}
	if got := b64ToHex(info.ChecksumSHA256); got != "" && got != vr.Sum() {
		s.remove(key)
		return storage.Object{}, fmt.Errorf("server computed sha256 %s, client %s: %w", got, vr.Sum(), storage.ErrIntegrity)
	}
	modified := info.LastModified
	if modified.IsZero() {
		modified = time.Now() // S3 does not return Last-Modified on PUT
	}
	return storage.Object{Key: key, Size: size, ContentType: ct, SHA256: vr.Sum(), Modified: modified}, nil
}

// remove deletes a just-written object that failed verification.
func (s *Store) remove(key string) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	_ = s.client.RemoveObject(ctx, s.bucket, key, minio.RemoveObjectOptions{})
}

// b64ToHex converts an S3 checksum (base64) to lowercase hex; "" when it is
// not a plain SHA-256 (e.g. empty, or a multipart "checksum-N").
func b64ToHex(b64 string) string {
	raw, err := base64.StdEncoding.DecodeString(b64)
	if err != nil || len(raw) != 32 {
		return ""
	}
	return hex.EncodeToString(raw)
}

// object converts what the server says about an object.
func object(info minio.ObjectInfo) storage.Object {
	sha := info.UserMetadata[metaSHA256]
	if sha == "" {
		sha = b64ToHex(info.ChecksumSHA256)
	}
	return storage.Object{Key: info.Key, Size: info.Size, ContentType: info.ContentType, SHA256: sha, Modified: info.LastModified}
}

// Get implements storage.Store. Reading the content to its end also checks
// it against the SHA-256 the server keeps.
func (s *Store) Get(ctx context.Context, key string) (rc io.ReadCloser, obj storage.Object, err error) {
	defer wrap(&err, "get", key)
	if !storage.ValidKey(key) {
		return nil, storage.Object{}, storage.ErrInvalidKey
	}
	o, err := s.client.GetObject(ctx, s.bucket, key, minio.GetObjectOptions{Checksum: true})
	if err != nil {
		return nil, storage.Object{}, translate(ctx, err)
	}
	// GetObject is lazy: Stat sends the request, so a missing key shows
	// here rather than at the first Read.
	info, err := o.Stat()
	if err != nil {
		o.Close()
		return nil, storage.Object{}, translate(ctx, err)
	}
	info.Key = key
	return o, object(info), nil
}

// Stat implements storage.Store.
func (s *Store) Stat(ctx context.Context, key string) (obj storage.Object, err error) {
	defer wrap(&err, "stat", key)
	if !storage.ValidKey(key) {
		return storage.Object{}, storage.ErrInvalidKey
	}
	info, err := s.client.StatObject(ctx, s.bucket, key, minio.StatObjectOptions{Checksum: true})
	if err != nil {
		return storage.Object{}, translate(ctx, err)
	}
	info.Key = key
	return object(info), nil
}

// Delete implements storage.Store.
func (s *Store) Delete(ctx context.Context, key string) (err error) {
	defer wrap(&err, "delete", key)
	if !storage.ValidKey(key) {
		return storage.ErrInvalidKey
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	err = s.client.RemoveObject(ctx, s.bucket, key, minio.RemoveObjectOptions{})
	if isCode(err, "NoSuchKey") {
		return nil
	}
	return translate(ctx, err)
}

// PresignGet implements storage.Store. The URL is signed with the store's
// credentials (signature version 4), so it carries the endpoint of Config;
// clients must reach the server under that name.
func (s *Store) PresignGet(ctx context.Context, key string, expiry time.Duration, filename string) (u string, err error) {
	defer wrap(&err, "presign", key)
	if err := verify.PresignArgs(ctx, key, expiry); err != nil {
		return "", err
	}
	params := url.Values{}
	if filename != "" {
		params.Set("response-content-disposition", storage.ContentDisposition(filename))
	}
	pu, err := s.client.PresignedGetObject(ctx, s.bucket, key, expiry, params)
	if err != nil {
		return "", translate(ctx, err)
	}
	return pu.String(), nil
}

// List implements storage.Store.
func (s *Store) List(ctx context.Context, prefix string) (objs []storage.Object, err error) {
	defer wrap(&err, "list", prefix)
	none, err := verify.ListArgs(prefix)
	if err != nil || none {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	// S3 servers refuse a prefix ending in a "." segment, though keys like
	// "a/.b" are valid: ask for the folder and filter.
	query := prefix
	if query == "." || strings.HasSuffix(query, "/.") {
		query = strings.TrimSuffix(query, ".")
	}
	for info := range s.client.ListObjectsIter(ctx, s.bucket, minio.ListObjectsOptions{
		Prefix:       query,
		Recursive:    true,
		WithMetadata: true, // MinIO returns content type and user metadata
	}) {
		if info.Err != nil {
			return nil, translate(ctx, info.Err)
		}
		if !strings.HasPrefix(info.Key, prefix) {
			continue
		}
		obj := storage.Object{Key: info.Key, Size: info.Size, Modified: info.LastModified,
			ContentType: info.ContentType, SHA256: info.UserMetadataStripped[metaSHA256]}
		if obj.ContentType == "" {
			obj.ContentType = info.UserMetadata["content-type"]
		}
		if obj.SHA256 == "" || obj.ContentType == "" {
			// Not declared at Put (or not a MinIO server): ask for the
			// checksum the server keeps.
			st, err := s.Stat(ctx, info.Key)
			if errors.Is(err, storage.ErrNotExist) {
				continue // deleted meanwhile
			}
			if err != nil {
				return nil, err
			}
			obj = st
		}
		objs = append(objs, obj)
	}
	return objs, nil
}

// Ping implements storage.Store: the server must answer, without retries,
// and the bucket must exist and be readable with the credentials.
func (s *Store) Ping(ctx context.Context) (err error) {
	defer wrap(&err, "ping", s.bucket)
	exists, err := s.probe.BucketExists(ctx, s.bucket)
	if err != nil {
		return translate(ctx, err)
	}
	if !exists {
		return errors.New("bucket does not exist")
	}
	return nil
}
