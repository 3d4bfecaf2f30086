//go:build unix && !linux

package isolation

import (
	"os/exec"
	"runtime/debug"
	"syscall"
)

// childAttr: elsewhere than on Linux the child only gets a process group of
// its own; the parent's timeout is what stops it.
func childAttr() *syscall.SysProcAttr { return &syscall.SysProcAttr{Setpgid: true} }

// LimitSelf: elsewhere than on Linux (where the hub runs in production) the
// child caps its stack and aims its garbage collector, without kernel limits.
func LimitSelf(memory, cpu int64) error {
	debug.SetMaxStack(maxStack)
	debug.SetMemoryLimit(memory / 4 * 3)
	return nil
}

// signaled tells the signal that ended the child, if one did.
func signaled(ee *exec.ExitError) (sig string, cpu bool) {
	if st, ok := ee.Sys().(syscall.WaitStatus); ok && st.Signaled() {
		return st.Signal().String(), false
	}
	return "", false
}
