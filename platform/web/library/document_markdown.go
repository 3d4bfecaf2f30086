package library

import (
	"bytes"
	"html/template"
	"strings"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// markdown renders document bodies: CommonMark with GitHub's tables,
// strikethrough and autolinks. Raw HTML in the source is dropped by
// goldmark (it is not rendered unsafe), and the result is sanitized again
// with bluemonday's policy for user content, so nothing a writer types can
// run script or break out of the page. Headings move one level down: the
// page's own title is the only h1.
var markdown = goldmark.New(
	goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.Linkify),
	goldmark.WithParserOptions(parser.WithASTTransformers(util.Prioritized(headingShift{}, 100))),
)

var sanitizer = bluemonday.UGCPolicy()

// headingShift demotes every heading by one level (h6 stays h6).
type headingShift struct{}

func (headingShift) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if h, ok := n.(*ast.Heading); ok && entering && h.Level < 6 {
			h.Level++
		}
		return ast.WalkContinue, nil
	})
}

// renderMarkdown turns a Markdown text into safe HTML.
func renderMarkdown(src string) template.HTML {
	if strings.TrimSpace(src) == "" {
		return ""
	}
	var buf bytes.Buffer
	if err := markdown.Convert([]byte(src), &buf); err != nil {
		// goldmark fails only on writer errors; show the text as text.
		return template.HTML(template.HTMLEscapeString(src))
	}
	return template.HTML(sanitizer.SanitizeBytes(buf.Bytes()))
}

// plainExtract is the start of a Markdown text as plain text, at most n
// characters, cut at a word boundary: what a list shows of a provision.
func plainExtract(src string, n int) string {
	var b strings.Builder
	for _, f := range strings.Fields(src) {
		f = strings.TrimLeft(f, "#>*_`|-")
		f = strings.Trim(f, "*_`")
		if f == "" {
			continue
		}
		if b.Len() > 0 {
			if len([]rune(b.String()))+1+len([]rune(f)) > n {
				b.WriteString(" …")
				break
			}
			b.WriteByte(' ')
		}
		b.WriteString(f)
	}
	return b.String()
}
