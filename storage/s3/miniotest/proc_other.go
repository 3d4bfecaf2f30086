//go:build !linux

package miniotest

import "os/exec"

// setDeathSignal does nothing where the kernel offers no death signal.
func setDeathSignal(*exec.Cmd) {}
