package extract

import (
	"bytes"
	"testing"

	"github.com/ca-uncac/hub/platform/extract/extracttest"
)

// TestTheStructureCheckReadsCompressedSections: the check decodes a
// Flate-compressed cross-reference stream with the PNG Up predictor and
// follows /Prev to the first section, so that it sees where every object
// is (and so would see an object stream inside itself there too).
func TestTheStructureCheckReadsCompressedSections(t *testing.T) {
	b := extracttest.CompressedPDF("Mutual legal assistance")
	r := bytes.NewReader(b)
	off, ok := startXref(r, int64(len(b)))
	if !ok {
		t.Fatal("no startxref")
	}
	c := &xrefCheck{r: r, size: int64(len(b)), offsets: map[int]int64{}, containers: map[int]int{}, seen: map[int]bool{}}
	prev, err := c.section(off)
	if err != nil || prev <= 0 {
		t.Fatalf("the update's section: prev %d, %v", prev, err)
	}
	if next, err := c.section(prev); err != nil || next != -1 {
		t.Fatalf("the first section: prev %d, %v", next, err)
	}
	if len(c.containers) != 4 || c.containers[1] != 6 || c.containers[4] != 6 {
		t.Errorf("objects in streams: %v", c.containers)
	}
	for _, obj := range []int{5, 6, 8} {
		if at := c.offsets[obj]; at <= 0 || !bytes.HasPrefix(b[at:], []byte{byte('0' + obj), ' ', '0', ' ', 'o', 'b', 'j'}) {
			t.Errorf("object %d at %d", obj, at)
		}
	}
	if err := c.objectStreams(); err != nil {
		t.Error(err)
	}
}
