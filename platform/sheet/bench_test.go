package sheet_test

import (
	"bytes"
	"context"
	"fmt"
	"testing"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/sheet"
)

// benchSheet is an items sheet of n rows as an export writes it: titles in
// three languages, a description, dates, articles.
func benchSheet(b *testing.B, format sheet.Format, n int) []byte {
	b.Helper()
	items := make([]*platform.RoadmapItem, n)
	for i := range items {
		it := *testItems()[0]
		it.ID = fmt.Sprintf("65%022x", i)
		it.Code = fmt.Sprintf("KZ-%d", i)
		it.Title = platform.Text{"en": fmt.Sprintf("Commitment %d on asset declarations", i),
			"ru": fmt.Sprintf("Обязательство %d о декларациях активов", i), "uz": fmt.Sprintf("Majburiyat %d oʻzgarish", i)}
		items[i] = &it
	}
	var buf bytes.Buffer
	if err := sheet.WriteItems(&buf, format, items, testPriorities, platform.Public); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}

// BenchmarkReadItems reads a 5,000-row sheet. Nothing is cached between
// iterations: each opens the file from its bytes (unzips and parses the
// XLSX anew); the isolated one starts a child process each time, as an
// upload does.
//
//	go test -run '^$' -bench ReadItems -benchtime 10x ./platform/sheet/
func BenchmarkReadItems(b *testing.B) {
	for _, format := range sheet.Formats() {
		data := benchSheet(b, format, 5000)
		b.Run(fmt.Sprintf("%s/in-process", format), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				rows, problems, err := sheet.ReadItems(bytes.NewReader(data), format)
				if err != nil || len(rows) != 5000 || len(problems) != 0 {
					b.Fatalf("%d rows, %v, %v", len(rows), problems, err)
				}
			}
		})
		b.Run(fmt.Sprintf("%s/isolated", format), func(b *testing.B) {
			x := isolated(b, sheet.ChildCommand)
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				rows, _, err := x.ReadItems(context.Background(), bytes.NewReader(data), format)
				if err != nil || len(rows) != 5000 {
					b.Fatalf("%d rows, %v", len(rows), err)
				}
			}
		})
	}
}
