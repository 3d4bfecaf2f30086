//go:build !unix

package isolation

import (
	"os/exec"
	"runtime/debug"
	"syscall"
)

// childAttr: without Unix process groups the child is started plainly; the
// parent's timeout is what stops it.
func childAttr() *syscall.SysProcAttr { return nil }

// LimitSelf caps the child's stack and aims its garbage collector, without
// kernel limits (the hub runs on Linux in production).
func LimitSelf(memory, cpu int64) error {
	debug.SetMaxStack(maxStack)
	debug.SetMemoryLimit(memory / 4 * 3)
	return nil
}

// signaled: no signals here.
func signaled(*exec.ExitError) (sig string, cpu bool) { return "", false }
