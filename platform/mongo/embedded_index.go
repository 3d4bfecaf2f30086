package mongo

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"

	_ "modernc.org/sqlite" // the SQLite driver FerretDB itself uses
)

// FerretDB v1 keeps each collection in a SQLite table of JSON documents and
// answers a filter of exactly {_id: …} with
//
//	WHERE _ferretdb_sjson->'$._id' = ?
//
// but indexes _id as _ferretdb_sjson->"_id", an expression SQLite does not
// take for the same one. Every lookup by id therefore read and parsed the
// whole table: 1.6 s per record at 100,000 documents, which made the search
// results' titles, the document pages and the indexer's catch-up crawl.
// IndexIDs adds, to each table, the index that the query matches.

// IndexIDs gives every collection of database name, as it stands, an index
// that FerretDB's lookups by _id use. It is idempotent and cheap once done;
// call it after Open. Collections created later get theirs at the next
// call (the hub calls it at every start).
func (e *Embedded) IndexIDs(ctx context.Context, name string) (err error) {
	defer func() {
		if err != nil {
			err = fmt.Errorf("index ids of the embedded database: %w", err)
		}
	}()
	path := filepath.Join(e.Dir, name+".sqlite")
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)")
	if err != nil {
		return err
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, `SELECT table_name FROM _ferretdb_collections`)
	if err != nil {
		if strings.Contains(err.Error(), "no such table") {
			return nil // no collection yet
		}
		return err
	}
	var tables []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			rows.Close()
			return err
		}
		tables = append(tables, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, t := range tables {
		q := fmt.Sprintf(`CREATE INDEX IF NOT EXISTS %q ON %q (_ferretdb_sjson->'$._id')`, t+"_hub_id", t)
		if _, err := db.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("%s: %w", t, err)
		}
	}
	return nil
}
