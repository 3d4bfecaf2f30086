//go:build unix

package match_test

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time the process used so far (user and system, every
// thread: the garbage collector's work counts). On a machine shared with
// other work, it measures what a run costs when the wall clock cannot.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
