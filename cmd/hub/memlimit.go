package main

import (
	"math"
	"runtime/debug"
)

// defaultMemoryLimit is the Go runtime's soft memory limit of a hub process
// whose environment sets no GOMEMLIMIT: 1 GiB. The hub's goal is to stay
// under 1.5 GB at 100,000 documents while it imports and indexes them; its
// live heap is then about 450 MB, but with the collector's default pacing
// (GOGC=100) the heap grew to twice that and more between collections, and
// the process peaked at 1.7–2.0 GB (README, "Index following an import").
// Under the limit the collector runs earlier when the heap nears it; what is
// not the Go heap (the index's mapped files, about 200 MB at 100,000
// documents) comes on top. A larger deployment raises it with GOMEMLIMIT
// (for example GOMEMLIMIT=4GiB), or lifts it with GOMEMLIMIT=off.
const defaultMemoryLimit = 1 << 30

// memoryLimit returns the soft memory limit the hub sets for itself, or
// false when the environment's GOMEMLIMIT (which the Go runtime has already
// applied) decides.
func memoryLimit(getenv func(string) string) (int64, bool) {
	if getenv("GOMEMLIMIT") != "" {
		return 0, false
	}
	return defaultMemoryLimit, true
}

// currentMemoryLimit reports the runtime's soft memory limit, as the start
// log line shows it: 0 when there is none.
func currentMemoryLimit() int64 {
	if l := debug.SetMemoryLimit(-1); l != math.MaxInt64 {
		return l
	}
	return 0
}
