package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/mongo"
)

// importBatch is how many documents `hub import` writes at a time.
const importBatch = 500

// maxImportLine bounds a line of an import file: a document's bodies may
// hold 2 MB of text in each of seven languages, escaped.
const maxImportLine = 32 << 20

// importCmd is `hub import [--check] FILE.jsonl`: it adds the documents of
// a file with one DocumentInput JSON object per line (as the API takes them)
// to the library, as the system. It works beside a serving hub, whose
// indexer then picks the documents up from the change log; otherwise the
// next start indexes them.
func importCmd(ctx context.Context, cfg Config, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("hub import", flag.ContinueOnError)
	fs.SetOutput(stderr)
	check := fs.Bool("check", false, "check every line first and import nothing if one is refused (reads the file twice)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("usage: hub import [--check] FILE.jsonl")
	}
	a, err := openData(ctx, cfg, nil, true)
	if err != nil {
		return err
	}
	defer a.close()
	st, err := importFile(ctx, a.docs, fs.Arg(0), *check, newProgress(stdout, 0))
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "imported %d documents in %s (%.0f documents/s)\n", st.docs, st.took.Round(time.Millisecond), st.rate())
	return nil
}

// importStats describes an import.
type importStats struct {
	docs int
	took time.Duration // reading, checking and writing
}

func (s importStats) rate() float64 { return float64(s.docs) / s.took.Seconds() }

// importFile writes the documents of the file in batches with
// DocumentService.ImportDocuments, each batch whole or not at all: a line
// that is refused stops the import at its batch, and the error names it and
// says how many documents were imported before it. With check, every line is
// checked first, so that a bad line stops the import before anything is
// written (the error names the lines, up to ten). progress, when set, is
// called with the number written so far.
func importFile(ctx context.Context, docs *mongo.DocumentService, path string, check bool, progress *progress) (importStats, error) {
	start := time.Now()
	ctx = platform.NewContextWithUser(ctx, platform.System())
	if check {
		n, err := checkFile(ctx, docs, path)
		if err != nil {
			return importStats{}, err
		}
		if progress != nil {
			progress.total = int64(n)
		}
	}
	var batch []platform.DocumentInput
	var lines []int
	done := 0
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		if _, err := docs.ImportDocuments(ctx, batch); err != nil {
			var ie *mongo.ImportError
			if errors.As(err, &ie) {
				return fmt.Errorf("%s line %d: %w (%d documents imported before its batch)", path, lines[ie.Index], ie.Err, done)
			}
			return fmt.Errorf("%s: %w (%d documents imported before it failed)", path, err, done)
		}
		done += len(batch)
		batch, lines = batch[:0], lines[:0]
		if progress != nil {
			progress.set(done)
		}
		return ctx.Err()
	}
	err := eachLine(path, func(line int, in platform.DocumentInput, err error) error {
		if err != nil {
			return fmt.Errorf("%s line %d: %w (%d documents imported before its batch)", path, line, err, done)
		}
		batch = append(batch, in)
		lines = append(lines, line)
		if len(batch) == importBatch {
			return flush()
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	if progress != nil {
		progress.done()
	}
	return importStats{docs: done, took: time.Since(start)}, err
}

// checkFile checks every line of the file as ImportDocuments will (its
// JSON, its fields, that the documents its relations point at exist), and
// returns the number of documents, or an error naming up to ten bad lines.
func checkFile(ctx context.Context, docs platform.DocumentService, path string) (int, error) {
	type problem struct {
		line int
		err  string
	}
	n := 0
	var problems []problem
	targets := map[string][]int{} // relation target → the lines that point at it
	err := eachLine(path, func(line int, in platform.DocumentInput, err error) error {
		if err == nil {
			in.Normalize()
			err = in.Validate()
		}
		if err != nil {
			problems = append(problems, problem{line, err.Error()})
			if len(problems) == 10 {
				return errStop
			}
			return nil
		}
		for _, r := range in.Relations {
			if ls := targets[r.Target]; len(ls) == 0 || ls[len(ls)-1] != line {
				targets[r.Target] = append(ls, line)
			}
		}
		n++
		return nil
	})
	if err != nil && !errors.Is(err, errStop) {
		return 0, err
	}
	if len(problems) < 10 {
		missing, err := missingDocuments(ctx, docs, slices.Sorted(maps.Keys(targets)))
		if err != nil {
			return 0, err
		}
		for _, id := range missing {
			for _, line := range targets[id] {
				problems = append(problems, problem{line, fmt.Sprintf("relation target %q does not exist", id)})
			}
		}
	}
	if len(problems) == 0 {
		return n, nil
	}
	slices.SortStableFunc(problems, func(a, b problem) int { return a.line - b.line })
	lines := make([]string, 0, 10)
	for _, p := range problems[:min(len(problems), 10)] {
		lines = append(lines, fmt.Sprintf("line %d: %s", p.line, p.err))
	}
	return 0, fmt.Errorf("%s: nothing imported:\n  %s", path, strings.Join(lines, "\n  "))
}

var errStop = errors.New("stop")

// missingDocuments returns those of ids that are not documents.
func missingDocuments(ctx context.Context, docs platform.DocumentService, ids []string) ([]string, error) {
	var missing []string
	for chunk := range slices.Chunk(ids, 100) {
		found, _, err := docs.FindDocuments(ctx, platform.DocumentFilter{IDs: chunk, Limit: len(chunk)})
		if err != nil {
			return nil, err
		}
		for _, id := range chunk {
			if !slices.ContainsFunc(found, func(d *platform.Document) bool { return d.ID == id }) {
				missing = append(missing, id)
			}
		}
	}
	return missing, nil
}

// eachLine decodes each non-blank line of the file as a DocumentInput,
// strictly (unknown fields are errors), and calls fn with its number. A
// UTF-8 byte order mark at the very start of the file, which some editors
// write, is not part of the first line.
func eachLine(path string, fn func(line int, in platform.DocumentInput, err error) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 1<<20), maxImportLine)
	for line := 1; sc.Scan(); line++ {
		b := sc.Bytes()
		if line == 1 {
			b = bytes.TrimPrefix(b, []byte("\ufeff"))
		}
		b = bytes.TrimSpace(b)
		if len(b) == 0 {
			continue
		}
		var in platform.DocumentInput
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.DisallowUnknownFields()
		err := dec.Decode(&in)
		if err == nil && dec.More() {
			err = errors.New("more than one JSON value on the line")
		}
		if err := fn(line, in, err); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}
