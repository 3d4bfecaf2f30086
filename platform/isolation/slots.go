package isolation

import (
	"context"
	"sync"
)

// Slots bounds how many children of one kind run at once: each may use up
// to its memory cap, and uploads come from requests, many at a time, so
// the others wait their turn (or their request's end). The zero value is
// ready; its size is fixed by the first Acquire.
type Slots struct {
	once sync.Once
	ch   chan struct{}
}

// Acquire takes a slot, waiting while n children run (n ≤ 0 counts as 1),
// or returns ctx's error if ctx ends first. A slot taken is given back with
// Release.
func (s *Slots) Acquire(ctx context.Context, n int) error {
	s.once.Do(func() { s.ch = make(chan struct{}, max(n, 1)) })
	select {
	case s.ch <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Release gives back a slot taken by Acquire.
func (s *Slots) Release() { <-s.ch }
