package photo_test

import (
	"testing"

	"github.com/ca-uncac/hub/platform/photo"
)

// BenchmarkProcess makes a photo from a 12-megapixel JPEG (4000 × 3000, a
// phone's), the usual upload. Each run decodes the same bytes anew: the
// decoder keeps nothing between calls, so there is no cache to avoid.
//
//	go test -run '^$' -bench Process -benchtime 5x ./platform/photo/
func BenchmarkProcess(b *testing.B) {
	src := withSegments(encodeJPEG(b, cornered(4000, 3000)), exifSegment("II", 6))
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := photo.Process(src); err != nil {
			b.Fatal(err)
		}
	}
}
