package isolation_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/ca-uncac/hub/platform/isolation"
)

func TestSlotsLetNRunAndTheOthersWaitOrGiveUp(t *testing.T) {
	var s isolation.Slots
	ctx := context.Background()
	for i := range 2 {
		if err := s.Acquire(ctx, 2); err != nil {
			t.Fatalf("slot %d: %v", i+1, err)
		}
	}
	short, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	if err := s.Acquire(short, 2); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("a third slot with two taken: %v, want the context's end", err)
	}
	s.Release()
	if err := s.Acquire(ctx, 2); err != nil {
		t.Fatalf("a slot given back is taken again: %v", err)
	}
}
