package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// The backup benchmark: the generated corpus of --docs documents (the
// search benchmark's, bench.Generator) imported with `hub import` into a
// new data folder, then, --runs times, `hub backup` of it and `hub restore`
// of the archive into another new folder, each timed as a whole process
// (start of the embedded database included) with its own report of the
// copy alone. A restore's time includes the rebuild of the search index,
// which it also reports apart. Nothing is reused between runs: each
// backup writes a new archive and each restore a new folder.

const backupUsage = `usage: hubbench bench-backup [--hub ./hub] [--docs 10000] [--runs 3] [--out bench/out] [--seed 1]`

func backupBenchCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("bench-backup", flag.ContinueOnError)
	fs.SetOutput(stderr)
	hubPath := fs.String("hub", "", "hub binary (default: build one)")
	docs := fs.Int("docs", 10_000, "documents of the corpus")
	runs := fs.Int("runs", 3, "backups and restores")
	out := fs.String("out", "bench/out", "folder of the corpus and the work")
	seed := fs.Uint64("seed", 1, "seed of the corpus")
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("%v\n%s", err, backupUsage)
	}
	work, err := os.MkdirTemp(*out, "backup-bench-*")
	if err != nil {
		if err := os.MkdirAll(*out, 0o755); err != nil {
			return err
		}
		if work, err = os.MkdirTemp(*out, "backup-bench-*"); err != nil {
			return err
		}
	}
	defer os.RemoveAll(work)
	exe, err := hubBinary(ctx, *hubPath, work, stdout)
	if err != nil {
		return err
	}
	corpus, err := corpusFile(*out, *docs, *seed)
	if err != nil {
		return err
	}
	src := filepath.Join(work, "source")
	n, took, err := hubImport(ctx, exe, src, corpus)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "imported %d documents in %s\n\n", n, took.Round(time.Millisecond))
	fmt.Fprintln(stdout, "| run | backup (process) | archive | restore + reindex (process) | of which reindex | records | objects |")
	fmt.Fprintln(stdout, "|---|---|---|---|---|---|---|")
	var backups, restores []time.Duration
	for k := range *runs {
		file := filepath.Join(work, fmt.Sprintf("run-%d.tar.gz", k))
		start := time.Now()
		said, err := hubCommand(ctx, exe, src, "backup", file)
		if err != nil {
			return err
		}
		b := time.Since(start)
		st, err := os.Stat(file)
		if err != nil {
			return err
		}
		var records, collections, objects int
		fmt.Sscanf(said[strings.Index(said, "backed up "):], "backed up %d records in %d collections and %d objects", &records, &collections, &objects)
		dst := filepath.Join(work, fmt.Sprintf("restored-%d", k))
		start = time.Now()
		said, err = hubCommand(ctx, exe, dst, "restore", file)
		if err != nil {
			return err
		}
		r := time.Since(start)
		reindex := "?"
		if i := strings.Index(said, "indexed "); i >= 0 {
			var c int
			var d string
			if _, err := fmt.Sscanf(said[i:], "indexed %d records in %s", &c, &d); err == nil {
				reindex = d
			}
		}
		fmt.Fprintf(stdout, "| %d | %s | %.1f MB | %s | %s | %d | %d |\n", k+1, b.Round(time.Millisecond), float64(st.Size())/1e6,
			r.Round(time.Millisecond), reindex, records, objects)
		backups, restores = append(backups, b), append(restores, r)
		os.Remove(file)
		os.RemoveAll(dst)
	}
	fmt.Fprintf(stdout, "\nmedian of %d: backup %s, restore with reindex %s (%d documents)\n", *runs, median(backups).Round(time.Millisecond), median(restores).Round(time.Millisecond), *docs)
	return nil
}

// hubCommand runs a hub command on the embedded database of the folder
// data and returns what it printed.
func hubCommand(ctx context.Context, exe, data string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, exe, args...)
	cmd.Env = append(os.Environ(), "HUB_DATA_DIR="+data, "HUB_MONGO_URI=", "HUB_MONGO_DB="+dbName, "HUB_LOG_LEVEL=warn", "HUB_S3_ENDPOINT=")
	out, err := cmd.CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("hub %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out), nil
}

func median(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}
