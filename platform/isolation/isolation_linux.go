package isolation

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"runtime/debug"
	"strconv"
	"syscall"

	"golang.org/x/sys/unix"
)

// childAttr puts the child in a process group of its own, so that a signal
// meant for the server's terminal does not end a child midway, and
// has the kernel kill it when the server dies.
func childAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}

// LimitSelf caps this process: its address space at memory bytes more
// than it has already (an allocation past it fails and the runtime exits
// with "out of memory"; the garbage collector aims at three quarters of it
// first), its goroutines' stacks at maxStack, its CPU time at cpu seconds,
// and no core dumps.
//
// The address space a Go program has at its start is mostly reserved, not
// used: about 1.2 GB for an empty program on linux/amd64 with Go 1.26, of
// which a few megabytes are touched. A cap that counted it would leave a
// small cap below what the runtime already holds, and the first allocation
// would fail; so the cap is what the process holds when it starts plus
// memory.
func LimitSelf(memory, cpu int64) error {
	debug.SetMaxStack(maxStack)
	debug.SetMemoryLimit(memory / 4 * 3)
	limits := []struct {
		resource int
		value    uint64
	}{
		{unix.RLIMIT_CORE, 0},
	}
	// Without /proc the address space is not capped: the garbage
	// collector's aim, the stack cap and the timeout still hold, and the
	// kernel refuses allocations past its overcommit limit.
	if held, err := addressSpace(); err == nil {
		limits = append(limits, struct {
			resource int
			value    uint64
		}{unix.RLIMIT_AS, uint64(held + memory)})
	}
	for _, l := range limits {
		if err := unix.Setrlimit(l.resource, &unix.Rlimit{Cur: l.value, Max: l.value}); err != nil {
			return err
		}
	}
	// At cpu seconds the kernel sends SIGXCPU, which the Go runtime
	// ignores unless asked: the child then says it ran out of time, as
	// the parent's timeout would; a few seconds later the kernel kills it.
	xcpu := make(chan os.Signal, 1)
	signal.Notify(xcpu, syscall.SIGXCPU)
	go func() {
		<-xcpu
		fmt.Fprintln(os.Stderr, ErrTimeout.Error())
		os.Exit(1)
	}()
	return unix.Setrlimit(unix.RLIMIT_CPU, &unix.Rlimit{Cur: uint64(cpu), Max: uint64(cpu) + 5})
}

// addressSpace is this process's address space in bytes (VmSize).
func addressSpace() (int64, error) {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0, err
	}
	for line := range bytes.Lines(b) {
		if rest, ok := bytes.CutPrefix(line, []byte("VmSize:")); ok {
			kb, err := strconv.ParseInt(string(bytes.TrimSuffix(bytes.TrimSpace(rest), []byte(" kB"))), 10, 64)
			if err != nil {
				return 0, err
			}
			return kb << 10, nil
		}
	}
	return 0, syscall.ENOENT
}

// signaled tells the signal that ended the child, if one did, and whether
// it was its CPU time running out.
func signaled(ee *exec.ExitError) (sig string, cpu bool) {
	st, ok := ee.Sys().(syscall.WaitStatus)
	if !ok || !st.Signaled() {
		return "", false
	}
	return st.Signal().String(), st.Signal() == syscall.SIGXCPU
}
