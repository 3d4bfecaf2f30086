package mongo

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
)

// Embedded is a FerretDB server running inside this process, keeping its
// data in SQLite files and speaking the MongoDB wire protocol on a loopback
// port.
type Embedded struct {
	URI string
	// Dir is the folder of the SQLite files (absolute).
	Dir    string
	cancel context.CancelFunc
	done   chan struct{}
}

// StartEmbedded starts FerretDB with its SQLite files in dir, on a free
// loopback port.
func StartEmbedded(ctx context.Context, dir string, logger *slog.Logger) (*Embedded, error) {
	return StartEmbeddedAt(ctx, dir, "127.0.0.1:0", logger)
}

// StartEmbeddedAt is StartEmbedded on a given address (fault tests restart a
// server where its clients expect it).
func StartEmbeddedAt(ctx context.Context, dir, addr string, logger *slog.Logger) (*Embedded, error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("embedded database folder: %w", err)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: addr},
		Handler:   "sqlite",
		SQLiteURL: "file:" + abs + "/",
		Logger:    logger,
	})
	if err != nil {
		return nil, fmt.Errorf("start embedded FerretDB: %w", err)
	}
	runCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	e := &Embedded{Dir: abs, cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(e.done)
		_ = f.Run(runCtx)
	}()
	// MongoDBURI needs the listener's address, which Run sets up.
	uriCh := make(chan string, 1)
	go func() { uriCh <- f.MongoDBURI() }()
	select {
	case e.URI = <-uriCh:
	case <-time.After(15 * time.Second):
		cancel()
		return nil, fmt.Errorf("embedded FerretDB did not start listening within 15s")
	}
	return e, nil
}

// Stop shuts the server down and waits for it to close its files.
func (e *Embedded) Stop() {
	e.cancel()
	<-e.done
}
