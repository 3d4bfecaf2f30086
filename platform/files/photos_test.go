package files_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"os"
	"testing"
	"time"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/files"
	"github.com/ca-uncac/hub/platform/photo"
	"github.com/ca-uncac/hub/platform/photo/phototest"
	"github.com/ca-uncac/hub/storage"
	"github.com/ca-uncac/hub/storage/s3"
	"github.com/ca-uncac/hub/storage/s3/miniotest"
)

const expertID = "65f0c0ffee00000000000001"

// photos keeps photos in store, made by a child of this test binary (see
// TestMain) as the hub's binary makes them.
func photos(t *testing.T, store storage.Store) *files.Photos {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	x := &photo.Isolated{Command: []string{exe, photo.ChildCommand}, Timeout: 30 * time.Second}
	return files.NewPhotos(store, x.Process)
}

// portrait is a PNG of w × h pixels, half transparent, with a JPEG's worth
// of detail: what an expert might upload.
func portrait(t *testing.T, w, h int) []byte {
	t.Helper()
	m := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := w / 2; x < w; x++ {
			m.SetNRGBA(x, y, color.NRGBA{uint8(x), uint8(y), 128, 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, m); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestPhotosAreStoredInAFolderAndInS3(t *testing.T) {
	srv := miniotest.Start(t)
	bucket, err := s3.New(context.Background(), srv.Config("photos"))
	if err != nil {
		t.Fatal(err)
	}
	for name, store := range map[string]storage.Store{"a folder": newStore(t), "MinIO": bucket} {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			p := photos(t, store)
			upload := portrait(t, 1200, 900)
			ph, err := p.Put(ctx, expertID, bytes.NewReader(upload))
			if err != nil {
				t.Fatal(err)
			}
			if ph.Key != "photos/"+expertID+"/"+ph.SHA256+".jpg" || ph.Width != 600 || ph.Height != 450 {
				t.Fatalf("photo %+v", ph)
			}
			rc, obj, err := p.Open(ctx, ph.Key)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(rc)
			rc.Close()
			sum := sha256.Sum256(body)
			if hex.EncodeToString(sum[:]) != ph.SHA256 || int64(len(body)) != ph.Size || obj.ContentType != "image/jpeg" || obj.SHA256 != ph.SHA256 {
				t.Fatalf("stored %d bytes as %+v, photo %+v", len(body), obj, ph)
			}
			if cfg, err := jpeg.DecodeConfig(bytes.NewReader(body)); err != nil || cfg.Width != 600 || cfg.Height != 450 {
				t.Fatalf("the stored photo: %v %+v", err, cfg)
			}
			// The same upload again is the same stored photo.
			again, err := p.Put(ctx, expertID, bytes.NewReader(upload))
			if err != nil || again.Key != ph.Key {
				t.Fatalf("again: %v %+v", err, again)
			}
			if list, _ := store.List(ctx, "photos/"); len(list) != 1 {
				t.Fatalf("stored: %+v", list)
			}
			if err := p.Delete(ctx, ph.Key); err != nil {
				t.Fatal(err)
			}
			if _, _, err := p.Open(ctx, ph.Key); platform.ErrorCode(err) != platform.NotFound {
				t.Fatalf("a deleted photo: %v", err)
			}
			if err := p.Delete(ctx, ph.Key); err != nil {
				t.Fatalf("deleting it again: %v", err)
			}
		})
	}
}

// TestNothingIsStoredWhenAPhotoIsRefused: an upload that is not an image,
// a damaged one, a decompression bomb and one over 10 MB are refused with
// the codes the web layer answers 415 and 413, and the store holds nothing
// after them; keys that are not photos' are neither opened nor deleted.
func TestNothingIsStoredWhenAPhotoIsRefused(t *testing.T) {
	ctx := context.Background()
	store := newStore(t)
	p := photos(t, store)
	var j bytes.Buffer
	if err := jpeg.Encode(&j, image.NewGray(image.Rect(0, 0, 300, 200)), nil); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name   string
		id     string
		upload io.Reader
		code   string
	}{
		{"a text file named photo.jpg", expertID, bytes.NewReader([]byte("not a photo at all")), platform.UnsupportedType},
		{"a truncated JPEG", expertID, bytes.NewReader(j.Bytes()[:j.Len()/2]), platform.UnsupportedType},
		{"a PNG header claiming 100,000 × 100,000 pixels", expertID, bytes.NewReader(phototest.PNGHeader(100_000, 100_000)), platform.TooLarge},
		{"11 MB", expertID, io.MultiReader(bytes.NewReader(portrait(t, 64, 64)), bytes.NewReader(make([]byte, 11<<20))), platform.TooLarge},
		{"a photo for no expert", "../../etc", bytes.NewReader(portrait(t, 64, 64)), platform.Invalid},
	} {
		t.Run(c.name, func(t *testing.T) {
			ph, err := p.Put(ctx, c.id, c.upload)
			if platform.ErrorCode(err) != c.code {
				t.Fatalf("%v %+v, want %s", err, ph, c.code)
			}
			if list, err := store.List(ctx, ""); err != nil || len(list) != 0 {
				t.Fatalf("stored after a refusal: %v %+v", err, list)
			}
		})
	}
	for _, key := range []string{storage.ContentKey(hex.EncodeToString(make([]byte, 32))), "photos/" + expertID, "photos/" + expertID + "/x.jpg", ""} {
		if _, _, err := p.Open(ctx, key); platform.ErrorCode(err) != platform.NotFound {
			t.Errorf("Open(%q): %v", key, err)
		}
		if err := p.Delete(ctx, key); platform.ErrorCode(err) != platform.Invalid {
			t.Errorf("Delete(%q): %v", key, err)
		}
	}
}

// TestAStoreOutageStoresNoPhotoAndSaysSo: with the object store gone, the
// photo is made but not stored, and the error is Unavailable with the
// message that asks to upload again.
func TestAStoreOutageStoresNoPhotoAndSaysSo(t *testing.T) {
	srv := miniotest.Start(t)
	bucket, err := s3.New(context.Background(), srv.Config("photos"))
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Stop(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	_, err = photos(t, bucket).Put(ctx, expertID, bytes.NewReader(portrait(t, 100, 100)))
	if e := platform.AsError(err); e == nil || e.Code != platform.Unavailable || e.MessageID != "error.upload_unavailable" {
		t.Fatalf("%v", err)
	}
	if errors.Is(err, storage.ErrIntegrity) {
		t.Fatal("an outage reported as a bad upload")
	}
}
