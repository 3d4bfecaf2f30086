package extract_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/extract"
)

// Benchmarks of extraction on generated files of a realistic size: a law of
// 200 pages as PDF, and a 2 MB Word document.
// go test -run '^$' -bench . -benchmem ./platform/extract

func BenchmarkPDF200Pages(b *testing.B) {
	var pages [][]string
	for i := range 200 {
		var lines []string
		for j := range 40 {
			lines = append(lines, kazakh[:len(kazakh)-(i+j)%7])
		}
		pages = append(pages, lines)
	}
	file := pdfDoc(b, true, pages...)
	b.SetBytes(int64(len(file)))
	b.ResetTimer()
	for range b.N {
		if _, err := extract.Text(platform.FormatPDF, bytes.NewReader(file), int64(len(file))); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPDF200PagesWordsPlaced reads the same law with every word placed
// on its own and no space characters, as Word writes justified text.
func BenchmarkPDF200PagesWordsPlaced(b *testing.B) {
	var pages [][]string
	for i := range 200 {
		var lines []string
		for j := range 40 {
			lines = append(lines, kazakh[:len(kazakh)-(i+j)%7])
		}
		pages = append(pages, lines)
	}
	file := placedPDF(b, pages...)
	b.SetBytes(int64(len(file)))
	b.ResetTimer()
	for range b.N {
		if _, err := extract.Text(platform.FormatPDF, bytes.NewReader(file), int64(len(file))); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDOCX2MB(b *testing.B) {
	var paras []string
	for len(strings.Join(paras, "")) < 2<<20 {
		paras = append(paras, allSamples...)
	}
	file := docx(b, paras...)
	b.SetBytes(int64(len(file)))
	b.ResetTimer()
	for range b.N {
		if _, err := extract.Text(platform.FormatDOCX, bytes.NewReader(file), int64(len(file))); err != nil {
			b.Fatal(err)
		}
	}
}
