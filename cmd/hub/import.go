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
	"os"
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
	a, err := openData(ctx, cfg, io.Discard, true)
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
	if check {
		n, err := checkFile(path)
		if err != nil {
			return importStats{}, err
		}
		if progress != nil {
			progress.total = int64(n)
		}
	}
	ctx = platform.NewContextWithUser(ctx, platform.System())
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

// checkFile checks every line of the file as ImportDocuments will, and
// returns the number of documents, or an error naming up to ten bad lines.
func checkFile(path string) (int, error) {
	n := 0
	var problems []string
	err := eachLine(path, func(line int, in platform.DocumentInput, err error) error {
		if err == nil {
			in.Normalize()
			err = in.Validate()
		}
		if err != nil {
			problems = append(problems, fmt.Sprintf("line %d: %v", line, err))
			if len(problems) == 10 {
				return errStop
			}
			return nil
		}
		n++
		return nil
	})
	if err != nil && !errors.Is(err, errStop) {
		return 0, err
	}
	if len(problems) > 0 {
		return 0, fmt.Errorf("%s: nothing imported:\n  %s", path, strings.Join(problems, "\n  "))
	}
	return n, nil
}

var errStop = errors.New("stop")

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
