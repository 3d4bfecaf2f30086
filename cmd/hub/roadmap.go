package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"path"
	"strings"
	"unicode/utf8"

	"github.com/ca-uncac/hub/i18n"
	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/web/library"
	"github.com/ca-uncac/hub/platform/web/roadmap"
	"github.com/ca-uncac/hub/storage"
)

// roadmapEvidence keeps the files uploaded as evidence of roadmap updates
// in the object store, under a key derived from their content: the same
// file uploaded twice is one object. Who may read a file is the roadmap's
// business (the module serves a file only to readers of an update that
// shows it), so the store is never linked to directly.
type roadmapEvidence struct{ store storage.Store }

var _ roadmap.EvidenceFiles = roadmapEvidence{}

// evidencePrefix starts the keys of evidence files.
const evidencePrefix = "roadmap/evidence/"

// PutEvidence implements roadmap.EvidenceFiles: the file's ref is the
// first 24 hexadecimal digits of its SHA-256 (a record id's shape).
func (e roadmapEvidence) PutEvidence(ctx context.Context, name, contentType string, r io.Reader, size int64) (platform.Evidence, error) {
	data, err := io.ReadAll(io.LimitReader(r, size+1))
	if err != nil {
		return platform.Evidence{}, err
	}
	if int64(len(data)) != size {
		return platform.Evidence{}, platform.Errorf(platform.Invalid, "evidence: read %d bytes, want %d", len(data), size)
	}
	sum := sha256.Sum256(data)
	hexSum := hex.EncodeToString(sum[:])
	ref := hexSum[:24]
	if contentType == "" || len(contentType) > 255 {
		contentType = storage.DefaultContentType
	}
	if _, err := e.store.Put(ctx, evidencePrefix+ref, bytes.NewReader(data), size, storage.PutOptions{ContentType: contentType, SHA256: hexSum}); err != nil {
		if ctx.Err() != nil {
			return platform.Evidence{}, err
		}
		// A content type the store refuses is stored as plain bytes.
		if _, err = e.store.Put(ctx, evidencePrefix+ref, bytes.NewReader(data), size, storage.PutOptions{SHA256: hexSum}); err != nil {
			return platform.Evidence{}, &platform.Error{Code: platform.Unavailable, MessageID: "error.upload_unavailable", Message: "object store unavailable", Err: err}
		}
	}
	return platform.Evidence{Kind: platform.EvidenceFile, Ref: ref, Name: evidenceName(name), Size: size, ContentType: contentType}, nil
}

// evidenceName is an upload's name as a record keeps it: its base name,
// valid text without control characters, at most 200 characters; "file"
// when nothing is left.
func evidenceName(name string) string {
	name = path.Base(strings.ReplaceAll(strings.ToValidUTF8(name, ""), `\`, "/"))
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, name)
	for utf8.RuneCountInString(name) > 200 {
		_, n := utf8.DecodeLastRuneInString(name)
		name = name[:len(name)-n]
	}
	if name = strings.TrimSpace(name); name == "" || name == "." || name == "/" {
		return "file"
	}
	return name
}

// OpenEvidence implements roadmap.EvidenceFiles.
func (e roadmapEvidence) OpenEvidence(ctx context.Context, ref string) (io.ReadCloser, error) {
	if !platform.ValidRecordID(ref) {
		return nil, platform.Errorf(platform.NotFound, "no evidence file %q", ref)
	}
	rc, _, err := e.store.Get(ctx, evidencePrefix+ref)
	if errors.Is(err, storage.ErrNotExist) {
		return nil, platform.Errorf(platform.NotFound, "no evidence file %q", ref)
	}
	if err != nil {
		return nil, &platform.Error{Code: platform.Unavailable, MessageID: "error.upload_unavailable", Message: "object store unavailable", Err: err}
	}
	return rc, nil
}

// articleCommitments is the roadmap's section of the UNCAC article pages:
// the commitments tagged with the article.
func articleCommitments(svc platform.RoadmapService, bundle *i18n.Bundle) library.ArticleSection {
	return func(ctx context.Context, lang string, article int) (*library.ArticleItems, error) {
		heading, list, err := roadmap.ArticleCommitments(ctx, svc, bundle.Localizer(lang), lang, article)
		if err != nil || heading == "" {
			return nil, err
		}
		items := &library.ArticleItems{Heading: heading}
		for _, r := range list {
			items.Items = append(items.Items, library.ArticleItem{Title: r.Title, TitleLang: r.TitleLang, URL: r.URL, Meta: r.Meta})
		}
		return items, nil
	}
}

// articleRecommendations is the recommendations' section of the UNCAC
// article pages.
func articleRecommendations(svc platform.RecommendationService, bundle *i18n.Bundle) library.ArticleSection {
	return func(ctx context.Context, lang string, article int) (*library.ArticleItems, error) {
		heading, list, more, err := roadmap.ArticleRecommendations(ctx, svc, bundle.Localizer(lang), lang, article)
		if err != nil || heading == "" {
			return nil, err
		}
		items := &library.ArticleItems{Heading: heading, MoreURL: more}
		for _, r := range list {
			items.Items = append(items.Items, library.ArticleItem{Title: r.Title, TitleLang: r.TitleLang, URL: r.URL, Meta: r.Meta})
		}
		return items, nil
	}
}
