package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"strings"
)

// linkedVersion, when set at link time (go build -ldflags "-X
// main.linkedVersion=v1.2.0"), is the version of a build made without the
// checkout's history (an image built with .git left out of its context).
var linkedVersion string

// buildInfo is what the binary knows about its own build.
type buildInfo struct {
	Version  string // the module's version, or "devel"
	Revision string // vcs.revision, "" when not built from a checkout
	Time     string // vcs.time
	Modified bool   // vcs.modified: the checkout had uncommitted changes
	Go       string // the Go release that built it
}

// readBuildInfo reads the version from the build's information: the
// module's version when the binary was built from a tagged module (go
// install …@v1.2.3), else "devel", and the commit Go stamps into builds
// from a checkout.
func readBuildInfo() buildInfo {
	b := buildInfo{Version: "devel", Go: runtime.Version()}
	info, ok := debug.ReadBuildInfo()
	if ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		b.Version = info.Main.Version
	}
	if linkedVersion != "" {
		b.Version = linkedVersion
	}
	if !ok {
		return b
	}
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			b.Revision = s.Value
		case "vcs.time":
			b.Time = s.Value
		case "vcs.modified":
			b.Modified = s.Value == "true"
		}
	}
	return b
}

// String is the version in one word, as /readyz and the logs give it:
// "devel+1a2b3c4d5e6f-modified", "v1.2.0", or "devel".
func (b buildInfo) String() string {
	s := b.Version
	if b.Revision != "" && !strings.Contains(s, b.Revision[:min(12, len(b.Revision))]) {
		s += "+" + b.Revision[:min(12, len(b.Revision))]
	}
	if b.Modified {
		s += "-modified"
	}
	return s
}

// printVersion is `hub version`.
func printVersion(w io.Writer, b buildInfo) {
	fmt.Fprintf(w, "hub %s\n", b)
	if b.Revision != "" {
		fmt.Fprintf(w, "revision %s\n", b.Revision)
	}
	if b.Time != "" {
		fmt.Fprintf(w, "time %s\n", b.Time)
	}
	if b.Revision != "" {
		fmt.Fprintf(w, "modified %t\n", b.Modified)
	}
	fmt.Fprintf(w, "go %s\n", b.Go)
}
