package verify

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/ca-uncac/hub/storage"
)

func hexSum(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

func TestReader(t *testing.T) {
	tests := []struct {
		name    string
		r       io.Reader
		size    int64
		want    string
		wantErr error
	}{
		{"exact content passes", strings.NewReader("hello"), 5, hexSum("hello"), nil},
		{"exact content without a digest passes", strings.NewReader("hello"), 5, "", nil},
		{"data and EOF together pass", iotest.DataErrReader(strings.NewReader("hello")), 5, hexSum("hello"), nil},
		{"one byte at a time passes", iotest.OneByteReader(strings.NewReader("hello")), 5, hexSum("hello"), nil},
		{"empty content passes", strings.NewReader(""), 0, hexSum(""), nil},
		{"a wrong digest fails", strings.NewReader("hello"), 5, hexSum("hellO"), storage.ErrIntegrity},
		{"short content fails", strings.NewReader("hell"), 5, "", storage.ErrIntegrity},
		{"long content fails", strings.NewReader("hello!"), 5, "", storage.ErrIntegrity},
		{"long empty content fails", strings.NewReader("!"), 0, "", storage.ErrIntegrity},
		{"a read error passes through", iotest.TimeoutReader(strings.NewReader("hello")), 5, "", iotest.ErrTimeout},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := NewReader(context.Background(), tt.r, tt.size, tt.want)
			got, err := io.ReadAll(v)
			if err == nil {
				err = v.Finish()
			}
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if err != nil {
				if int64(len(got)) >= tt.size && tt.size > 0 {
					t.Errorf("read all %d bytes of bad content; the last must be withheld", len(got))
				}
				if v.Sum() != "" {
					t.Errorf("Sum = %q after a failure, want \"\"", v.Sum())
				}
				return
			}
			if v.Sum() != hexSum(string(got)) || int64(len(got)) != tt.size {
				t.Errorf("read %q, Sum %s", got, v.Sum())
			}
		})
	}
}

func TestReaderStopsWhenTheContextEnds(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	v := NewReader(ctx, strings.NewReader("hello"), 5, "")
	if _, err := v.Read(make([]byte, 2)); err != nil {
		t.Fatal(err)
	}
	cancel()
	if _, err := io.ReadAll(v); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}
