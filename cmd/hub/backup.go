package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/ca-uncac/hub/platform/backup"
)

// backupCmd is `hub backup FILE`: an archive of the database, as of one
// change-log number, and of every stored object (see package
// platform/backup). It works beside a serving hub: on the embedded
// database it connects to the serving hub's, on an external one to the
// same server, and the hub goes on serving writes while it runs.
func backupCmd(ctx context.Context, cfg Config, args []string, stdout io.Writer) error {
	if len(args) != 1 || args[0] == "" {
		return fmt.Errorf("usage: hub backup FILE")
	}
	d, err := openData(ctx, cfg, nil, true)
	if err != nil {
		return err
	}
	defer d.close()
	store, _, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	rep, err := backup.Write(ctx, d.db, store, args[0], readBuildInfo().String())
	if err != nil {
		return err
	}
	m := rep.Manifest
	records := 0
	for _, c := range m.Collections {
		records += c.Count
	}
	fmt.Fprintf(stdout, "backed up %d records in %d collections and %d objects, as of change %d (%d rounds), into %s (%d bytes) in %s\n",
		records, len(m.Collections), len(m.Objects), m.Seq, m.Rounds, args[0], rep.Bytes, rep.Duration.Round(time.Millisecond))
	return nil
}

// restoreCmd is `hub restore FILE`: the archive checked whole first, then
// written into an empty deployment (the data folder's embedded database
// and folder of objects, or the external MongoDB and S3 bucket of the
// configuration); the migrations of a backup from an older release run,
// then the search index is rebuilt. No hub may serve the deployment
// meanwhile.
func restoreCmd(ctx context.Context, cfg Config, args []string, stdout io.Writer) error {
	if len(args) != 1 || args[0] == "" {
		return fmt.Errorf("usage: hub restore FILE")
	}
	if _, err := os.Stat(args[0]); err != nil {
		return err
	}
	manifest, err := backup.Check(args[0])
	if err != nil {
		return fmt.Errorf("%s: %w; nothing was restored", args[0], err)
	}
	// The index is taken first: a hub serving this data folder holds it.
	idx, _, err := openIndex(cfg)
	if err != nil {
		return err
	}
	if err := idx.Close(); err != nil {
		return err
	}
	d, err := openData(ctx, cfg, nil, false)
	if err != nil {
		return err
	}
	store, _, err := openStore(ctx, cfg)
	if err != nil {
		d.close()
		return err
	}
	rep, err := backup.Restore(ctx, d.db, store, args[0], manifest)
	d.close()
	if err != nil {
		return fmt.Errorf("restore %s: %w", args[0], err)
	}
	m := rep.Manifest
	records := 0
	for _, c := range m.Collections {
		records += c.Count
	}
	fmt.Fprintf(stdout, "restored %d records in %d collections and %d objects, as of change %d of %s, in %s\n",
		records, len(m.Collections), len(m.Objects), m.Seq, m.Created.Format(time.RFC3339), rep.Duration.Round(time.Millisecond))
	// reindex opens the database again, which runs the migrations a
	// backup from an older release needs, and rebuilds the index.
	if err := reindex(ctx, cfg, stdout); err != nil {
		return fmt.Errorf("the records are restored, but rebuilding the search index failed (run hub reindex): %w", err)
	}
	return nil
}
