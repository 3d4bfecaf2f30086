//go:build !unix

package match_test

import "time"

// cpuTime is 0 where getrusage is missing: the benchmarks' cpu-ms/op then
// reads 0.
func cpuTime() time.Duration { return 0 }
