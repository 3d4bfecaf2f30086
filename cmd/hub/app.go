package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"golang.org/x/term"

	"github.com/ca-uncac/hub/cmd/internal/wiring"
	"github.com/ca-uncac/hub/i18n"
	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/demo"
	"github.com/ca-uncac/hub/platform/extract"
	"github.com/ca-uncac/hub/platform/files"
	"github.com/ca-uncac/hub/platform/indexer"
	"github.com/ca-uncac/hub/platform/mongo"
	"github.com/ca-uncac/hub/platform/photo"
	"github.com/ca-uncac/hub/platform/sheet"
	"github.com/ca-uncac/hub/platform/web"
	"github.com/ca-uncac/hub/platform/web/account"
	"github.com/ca-uncac/hub/platform/web/bilaterals"
	"github.com/ca-uncac/hub/platform/web/events"
	"github.com/ca-uncac/hub/platform/web/experts"
	"github.com/ca-uncac/hub/platform/web/followmail"
	"github.com/ca-uncac/hub/platform/web/home"
	"github.com/ca-uncac/hub/platform/web/library"
	"github.com/ca-uncac/hub/platform/web/roadmap"
	"github.com/ca-uncac/hub/search"
	searchbleve "github.com/ca-uncac/hub/search/bleve"
	"github.com/ca-uncac/hub/storage"
	"github.com/ca-uncac/hub/storage/dir"
	"github.com/ca-uncac/hub/storage/s3"
)

// data is the database side of the hub: what every subcommand needs.
type data struct {
	embedded *mongo.Embedded
	db       *mongo.DB
	docs     *mongo.DocumentService
	events   *mongo.EventService
	experts  *mongo.ExpertService
	users    *mongo.UserService
	accounts *mongo.AccountService
	audit    *mongo.AuditService
}

func (d *data) close() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if d.db != nil {
		_ = d.db.Close(ctx)
	}
	if d.embedded != nil {
		d.embedded.Stop()
	}
}

// addrFile is where a serving hub with the embedded database notes its
// database's address, so that `hub users add` can work beside it.
func addrFile(cfg Config) string { return filepath.Join(cfg.DataDir, "db", "serving-uri") }

// openData connects to MongoDB: the external one of HUB_MONGO_URI, or the
// embedded FerretDB. With reuse, it first tries the embedded database of a
// hub already serving from the same data folder.
func openData(ctx context.Context, cfg Config, logger *slog.Logger, reuse bool, opt ...mongo.OpenOption) (*data, error) {
	d := &data{}
	uri := cfg.MongoURI
	if uri == "" && reuse {
		if b, err := os.ReadFile(addrFile(cfg)); err == nil {
			if db, err := mongo.Open(ctx, strings.TrimSpace(string(b)), cfg.MongoDB, time.Second, opt...); err == nil {
				d.db = db
			}
		}
	}
	if d.db == nil && uri == "" {
		e, db, err := wiring.OpenEmbedded(ctx, filepath.Join(cfg.DataDir, "db"), cfg.MongoDB, cfg.StartTimeout, logger, opt...)
		if err != nil {
			return nil, err
		}
		d.embedded, d.db = e, db
	}
	if d.db == nil {
		db, err := mongo.Open(ctx, uri, cfg.MongoDB, cfg.StartTimeout, opt...)
		if err != nil {
			return nil, fmt.Errorf("HUB_MONGO_URI: %w", err)
		}
		d.db = db
	}
	d.docs, d.events, d.users = mongo.NewDocumentService(d.db), mongo.NewEventService(d.db), mongo.NewUserService(d.db)
	d.experts = mongo.NewExpertService(d.db, mongo.ExpertOptions{})
	d.accounts, d.audit = mongo.NewAccountService(d.db, mongo.AccountOptions{}), mongo.NewAuditService(d.db)
	return d, nil
}

// openStore opens the object store: S3 when HUB_S3_ENDPOINT is set, else a
// folder under the data folder.
func openStore(ctx context.Context, cfg Config) (storage.Store, http.Handler, error) {
	if cfg.S3.Endpoint != "" {
		ctx, cancel := context.WithTimeout(ctx, cfg.StartTimeout)
		defer cancel()
		st, err := s3.New(ctx, s3.Config{Endpoint: cfg.S3.Endpoint, Bucket: cfg.S3.Bucket, AccessKey: cfg.S3.AccessKey,
			SecretKey: cfg.S3.SecretKey, UseSSL: cfg.S3.UseTLS, Region: cfg.S3.Region, CreateBucket: true})
		if err != nil {
			return nil, nil, fmt.Errorf("HUB_S3_ENDPOINT %s: %w", cfg.S3.Endpoint, err)
		}
		return st, nil, nil
	}
	secret, err := filesSecret(cfg)
	if err != nil {
		return nil, nil, err
	}
	st, err := dir.New(filepath.Join(cfg.DataDir, "objects"), dir.Options{BaseURL: cfg.BaseURL + "/files", Secret: secret})
	if err != nil {
		return nil, nil, err
	}
	return st, st, nil
}

// filesSecret returns HUB_FILES_SECRET, or a key generated once and kept in
// the data folder so that signed URLs survive restarts.
func filesSecret(cfg Config) ([]byte, error) {
	if cfg.FilesSecret != "" {
		return []byte(cfg.FilesSecret), nil
	}
	path := filepath.Join(cfg.DataDir, "files-secret")
	if b, err := os.ReadFile(path); err == nil && len(b) >= 32 {
		return b, nil
	}
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return nil, err
	}
	key := []byte(hex.EncodeToString(b[:]))
	if err := os.MkdirAll(cfg.DataDir, 0o750); err != nil {
		return nil, err
	}
	if err := os.WriteFile(path, key, 0o600); err != nil {
		return nil, err
	}
	return key, nil
}

// uploadDir is the folder where uploads wait while they are checked and
// files while their text is extracted. What a stopped hub left there is
// removed: nothing in it outlives a request or an extraction.
func uploadDir(cfg Config) (string, error) {
	dir := filepath.Join(cfg.DataDir, "tmp")
	if err := os.RemoveAll(dir); err != nil {
		return "", err
	}
	return dir, os.MkdirAll(dir, 0o700)
}

// newPhotos is the experts' photos kept in store, each made by a child of
// the hub's binary exe (its hidden process-photo command) under the limits
// and the timeout of text extraction, so that a hostile image costs a
// child. The experts' web module takes it.
func newPhotos(exe string, store storage.Store, cfg Config) *files.Photos {
	maker := &photo.Isolated{Command: []string{exe, photo.ChildCommand}, Timeout: cfg.ExtractTimeout}
	return files.NewPhotos(store, maker.Process)
}

func indexDir(cfg Config) string { return filepath.Join(cfg.DataDir, "index") }

// openIndex opens this process's search index; it reports whether the index
// was (re)created empty.
func openIndex(cfg Config) (search.Index, bool, error) {
	idx, rebuilt, err := searchbleve.Open(indexDir(cfg))
	if err != nil {
		if errors.Is(err, searchbleve.ErrLocked) {
			return nil, false, errIndexBusy
		}
		return nil, false, fmt.Errorf("search index in %s: %w", indexDir(cfg), err)
	}
	idx.PrepareExpansions(indexer.HubThesaurus().All())
	return idx, rebuilt, nil
}

func newIndexer(idx search.Index, d *data, logger *slog.Logger) *indexer.Indexer {
	return wiring.NewIndexer(idx, d.db, d.docs, d.events, logger)
}

// withListenPort puts the port the hub listens on into a public address
// whose port is 0 (HUB_ADDR on port 0 without HUB_BASE_URL); any other
// address stays as configured.
func withListenPort(base string, addr net.Addr) string {
	u, err := url.Parse(base)
	if err != nil || u.Port() != "0" {
		return base
	}
	_, port, err := net.SplitHostPort(addr.String())
	if err != nil {
		return base
	}
	u.Host = net.JoinHostPort(u.Hostname(), port)
	return u.String()
}

// serve runs the hub until ctx ends. listening, when not nil, receives the
// address once the server accepts connections (for tests on port 0).
func serve(ctx context.Context, cfg Config, stdout, stderr io.Writer, listening func(addr string)) error {
	logger := newLogger(cfg.LogFormat, stderr, cfg.LogLevel)
	version := readBuildInfo().String()
	// The address is taken first, so that a public address on port 0 (a
	// test's) can name the port actually given: absolute links must
	// resolve.
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("HUB_ADDR %s: %w", cfg.Addr, err)
	}
	defer ln.Close()
	cfg.BaseURL = withListenPort(cfg.BaseURL, ln.Addr())
	// The metrics' address is taken at start too: a wrong or busy one stops
	// the hub with its name rather than leaving it unscraped.
	var metrics *hubMetrics
	var dbOpts []mongo.OpenOption
	if cfg.MetricsAddr != "" {
		mln, err := net.Listen("tcp", cfg.MetricsAddr)
		if err != nil {
			return fmt.Errorf("HUB_METRICS_ADDR %s: %w", cfg.MetricsAddr, err)
		}
		defer mln.Close()
		metrics = newHubMetrics()
		dbOpts = append(dbOpts, metrics.onCommandFailed())
		mctx, stop := context.WithCancel(ctx)
		defer stop()
		go func() {
			if err := metrics.serve(mctx, mln); err != nil {
				logger.Error("metrics stopped", "err", err)
			}
		}()
		logger.Info("metrics listening", "addr", mln.Addr().String())
	}
	bundle, err := i18n.New()
	if err != nil {
		return err
	}
	idx, rebuilt, err := openIndex(cfg)
	if err != nil {
		return err
	}
	defer idx.Close()
	if rebuilt {
		logger.Info("search index is new or was rebuilt; filling it from the database")
	}
	// FerretDB is talkative: only its errors reach the log.
	d, err := openData(ctx, cfg, newLogger(cfg.LogFormat, stderr, slog.LevelError).With("component", "database"), false, dbOpts...)
	if err != nil {
		return err
	}
	defer d.close()
	if d.embedded != nil {
		if err := os.WriteFile(addrFile(cfg), []byte(d.embedded.URI), 0o600); err != nil {
			return err
		}
		defer os.Remove(addrFile(cfg))
	}
	store, fileServer, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	if metrics != nil {
		store = countedStore{Store: store, errs: metrics.storageErrors}
	}
	// An erased account's expert profile loses its photo from the store.
	d.users.SetExperts(mongo.NewExpertService(d.db, mongo.ExpertOptions{RemovePhoto: store.Delete}))
	tmp, err := uploadDir(cfg)
	if err != nil {
		return err
	}
	// Uploaded files are read in a child process of this binary (its
	// hidden extract-text command), so that a hostile file costs a child.
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	extractor := &extract.Isolated{Command: []string{exe, extract.ChildCommand}, Timeout: cfg.ExtractTimeout}
	// The experts' photos: the service removes an erased profile's, the
	// web module a replaced one.
	photos := newPhotos(exe, store, cfg)
	d.experts = mongo.NewExpertService(d.db, mongo.ExpertOptions{RemovePhoto: photos.Delete})
	attachmentRecords := mongo.NewAttachmentStore(d.db)
	fileOpts := files.Options{Extract: files.Extractor{Text: extractor.Text, Detect: extract.DetectLanguage}, TempDir: tmp, Logger: logger}
	if metrics != nil {
		fileOpts.Outcome = metrics.outcome
	}
	attachments := files.New(attachmentRecords, mongo.NewDocumentService(d.db), store, fileOpts)
	ix := newIndexer(idx, d, logger)
	// Readers' searches are timed; the indexer's writes go to the index as
	// it is.
	var searchIdx search.Index = idx
	if metrics != nil {
		metrics.gauges(ix.Lag, attachmentRecords.PendingCount)
		searchIdx = timedIndex{Index: idx, h: metrics.search}
	}
	d.db.OnChange(ix.Notify)
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	// The hub listens at once; the demo content (on a first start) and the
	// index's catching up follow in the background, and /readyz says
	// "index: catching up" until they are done, so a load balancer waits
	// while a person already gets pages.
	var prepared atomic.Bool
	errc := make(chan error, 2)
	prepare := func() error {
		if cfg.Demo {
			won, err := d.db.Claim(runCtx, "demo")
			if err != nil {
				return err
			}
			if won {
				logger.Info("loading demo content")
				if err := demo.Load(runCtx, d.docs, d.events, mongo.NewRegistrationService(d.db)); err != nil {
					return fmt.Errorf("demo content: %w", err)
				}
			}
			// The experts' pool came after the rest of the demo: a hub
			// that loaded the demo before gets it at its next start.
			won, err = d.db.Claim(runCtx, "demo-experts")
			if err != nil {
				return err
			}
			if won {
				if err := demo.LoadExperts(runCtx, mongo.NewExpertService(d.db, mongo.ExpertOptions{}), d.events); err != nil {
					return fmt.Errorf("demo experts: %w", err)
				}
			}
			// So did the roadmap.
			won, err = d.db.Claim(runCtx, "demo-roadmap")
			if err != nil {
				return err
			}
			if won {
				if err := demo.LoadRoadmap(runCtx, mongo.NewRoadmapService(d.db), mongo.NewRecommendationService(d.db), d.events); err != nil {
					return fmt.Errorf("demo roadmap: %w", err)
				}
			}
			// And the bilateral meetings.
			won, err = d.db.Claim(runCtx, "demo-bilaterals")
			if err != nil {
				return err
			}
			if won {
				if err := demo.LoadBilaterals(runCtx, mongo.NewBilateralService(d.db), d.events, mongo.NewRegistrationService(d.db)); err != nil {
					return fmt.Errorf("demo bilaterals: %w", err)
				}
			}
		}
		if err := ix.Start(runCtx); err != nil {
			return fmt.Errorf("bring the search index up to date: %w", err)
		}
		prepared.Store(true)
		logger.Info("ready")
		go ix.Run(runCtx)
		// Attachments' text is extracted in the background; pending files
		// left by a stopped hub are taken up again.
		go attachments.Work(runCtx)
		return nil
	}

	sec := security(cfg)
	registrations := mongo.NewRegistrationService(d.db)
	evaluations := mongo.NewEvaluationService(d.db)
	stats := mongo.NewStatsService(d.db)
	stats.Gains = knowledgeGains(evaluations)
	if sec.Mailer != nil {
		// Registration notices are mailed; without mail they stay on the
		// registrations' pages.
		notices := &events.NoticeSender{Outbox: registrations, Events: d.events, Mailer: sec.Mailer, Bundle: bundle,
			BaseURL: cfg.BaseURL, Logger: logger}
		go notices.Run(runCtx, 5*time.Second)
		// So are the roadmap's notifications to their followers.
		followed := &followmail.Sender{Outbox: mongo.NewFollowService(d.db), Users: d.users, Mailer: sec.Mailer, Bundle: bundle,
			BaseURL: cfg.BaseURL, Logger: logger}
		go followed.Run(runCtx, 30*time.Second)
	}
	roadmapSvc := mongo.NewRoadmapService(d.db)
	roadmapSvc.SetLogger(logger)
	recs := mongo.NewRecommendationService(d.db)
	bilateralSvc := mongo.NewBilateralService(d.db)
	bilateralSvc.SetLogger(logger)
	// Uploaded spreadsheets are read in a child process of this binary
	// (its hidden read-sheet command), so that a hostile file costs a
	// child.
	sheets := &sheet.Isolated{Command: []string{exe, sheet.ChildCommand}, Timeout: cfg.ExtractTimeout}
	srv := &web.Server{
		Bundle: bundle, Users: d.users, Accounts: d.accounts, Files: fileServer, MaxBody: cfg.MaxBody, Logger: logger,
		Security: sec.Security, Version: version,
		Modules: []web.Module{
			&home.Module{Documents: d.docs, Events: d.events},
			&experts.Module{Experts: d.experts, Events: d.events, Documents: d.docs, Photos: expertPhotos{photos}, PhotoRecords: d.experts,
				Invitations: expertInvitations{d.experts}, Match: d.experts.MatchExperts, Duplicates: d.experts.Duplicates},
			&events.Module{Events: d.events, Documents: d.docs, Registrations: registrations,
				Evaluations: evaluations, Stats: stats, Experts: mongo.NewExpertService(d.db, mongo.ExpertOptions{}), Bilaterals: bilateralSvc},
			&bilaterals.Module{Bilaterals: bilateralSvc, Events: d.events},
			&library.Module{Documents: documents{d.docs}, Attachments: attachments, MaxUpload: cfg.MaxUpload, TempDir: tmp,
				Search: &indexer.Searcher{Index: searchIdx, Thesaurus: indexer.HubThesaurus()},
				ArticleSections: []library.ArticleSection{articleEvents(d.events, bundle), articleExperts(d.experts, bundle),
					articleCommitments(roadmapSvc, bundle), articleRecommendations(recs, bundle)},
				DocumentSections: []library.DocumentSection{materialEvents(d.events, bundle)}},
			&account.Module{Audit: d.audit, Mailer: sec.Mailer, OIDC: sec.OIDC},
			&roadmap.Module{Roadmap: roadmapSvc, Recommendations: recs, Follows: mongo.NewFollowService(d.db), Documents: d.docs, Events: d.events,
				Evidence: roadmapEvidence{store}, MaxEvidence: min(cfg.MaxUpload, 20<<20), Sheets: sheets,
				// A page import runs as a job, stopped with the server.
				Jobs: mongo.NewImportJobStore(d.db), Context: runCtx},
		},
		Checks: map[string]func(context.Context) error{
			"database": d.db.Ping,
			"storage":  store.Ping,
			"index": func(ctx context.Context) error {
				if !prepared.Load() {
					return errCatchingUp
				}
				_, err := idx.Count(ctx)
				return err
			},
		},
	}
	follows := mongo.NewFollowService(d.db)
	srv.Unread = func(ctx context.Context) int {
		_, n, err := follows.Notifications(ctx, 0, 1)
		if err != nil {
			return 0
		}
		return n
	}
	if metrics != nil {
		srv.Metrics = metrics.http
	}
	h, err := srv.Handler()
	if err != nil {
		return err
	}
	hs := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute}
	go func() { errc <- hs.Serve(ln) }()
	go func() {
		if err := prepare(); err != nil && runCtx.Err() == nil {
			errc <- err
		}
	}()
	addr := ln.Addr().String()
	fmt.Fprintf(stdout, "hub listening on http://%s\n", addr)
	// The configuration logs itself without its secrets (Config.LogValue).
	logger.Info("hub started", "version", version, "addr", addr, "config", cfg, "memory_limit", currentMemoryLimit())
	if listening != nil {
		listening(addr)
	}
	var failed error
	select {
	case failed = <-errc:
	case <-ctx.Done():
	}
	cancel()
	start := time.Now()
	shut, cancelShut := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancelShut()
	if err := hs.Shutdown(shut); failed == nil {
		failed = err
	}
	if failed != nil {
		logger.Error("hub stopped", "version", version, "err", failed, "ms", msSince(start))
	} else {
		logger.Info("hub stopped", "version", version, "ms", msSince(start))
	}
	return failed
}

// msSince is the time since start in milliseconds, as the log gives
// durations.
func msSince(start time.Time) float64 {
	return float64(time.Since(start).Microseconds()) / 1000
}

// errCatchingUp is the index's readiness while the hub starts.
var errCatchingUp = errors.New("catching up with the database")

// reindex rebuilds the search index from the database.
func reindex(ctx context.Context, cfg Config, stdout io.Writer) error {
	// Take the index first: if a hub is serving, this fails at once
	// instead of starting a second database on the same files.
	idx, _, err := openIndex(cfg)
	if err != nil {
		return err
	}
	if err := idx.Close(); err != nil {
		return err
	}
	if err := os.RemoveAll(indexDir(cfg)); err != nil {
		return err
	}
	idx, _, err = openIndex(cfg)
	if err != nil {
		return err
	}
	defer idx.Close()
	d, err := openData(ctx, cfg, nil, false)
	if err != nil {
		return err
	}
	defer d.close()
	total, err := d.docs.CountDocuments(ctx)
	if err != nil {
		return err
	}
	n, err := d.events.CountEvents(ctx)
	if err != nil {
		return err
	}
	total += n
	bar := newProgress(stdout, total)
	ix := newIndexer(idx, d, nil)
	start := time.Now()
	if err := ix.Rebuild(ctx, bar.set); err != nil {
		return err
	}
	if err := ix.CatchUp(ctx); err != nil {
		return err
	}
	bar.done()
	count, _ := idx.Count(ctx)
	fmt.Fprintf(stdout, "indexed %d records in %s\n", count, time.Since(start).Round(time.Millisecond))
	return nil
}

// progress draws a progress bar on a terminal and nothing elsewhere.
type progress struct {
	w     io.Writer
	total int64
	tty   bool
}

func newProgress(w io.Writer, total int64) *progress {
	f, ok := w.(*os.File)
	return &progress{w: w, total: total, tty: ok && term.IsTerminal(int(f.Fd()))}
}

func (p *progress) set(done int) {
	if !p.tty || p.total <= 0 {
		return
	}
	const width = 40
	filled := min(int(int64(done)*width/p.total), width)
	fmt.Fprintf(p.w, "\r[%s%s] %d/%d", strings.Repeat("=", filled), strings.Repeat(" ", width-filled), done, p.total)
}

func (p *progress) done() {
	if p.tty {
		fmt.Fprintln(p.w)
	}
}

// articleEvents is the events' section of the UNCAC article pages: the web
// modules do not import each other, so the two meet here.
func articleEvents(svc platform.EventService, bundle *i18n.Bundle) library.ArticleSection {
	return func(ctx context.Context, lang string, article int) (*library.ArticleItems, error) {
		heading, evs, more, err := events.ArticleEvents(ctx, svc, bundle.Localizer(lang), lang, article)
		if err != nil || heading == "" {
			return nil, err
		}
		items := &library.ArticleItems{Heading: heading, MoreURL: more}
		for _, e := range evs {
			items.Items = append(items.Items, library.ArticleItem{Title: e.Title, TitleLang: e.TitleLang, URL: e.URL, Meta: e.Meta})
		}
		return items, nil
	}
}

// articleExperts is the experts' section of the UNCAC article pages.
func articleExperts(svc platform.ExpertService, bundle *i18n.Bundle) library.ArticleSection {
	return func(ctx context.Context, lang string, article int) (*library.ArticleItems, error) {
		heading, list, more, err := experts.ArticleExperts(ctx, svc, bundle.Localizer(lang), lang, article)
		if err != nil || heading == "" {
			return nil, err
		}
		items := &library.ArticleItems{Heading: heading, MoreURL: more}
		for _, e := range list {
			items.Items = append(items.Items, library.ArticleItem{Title: e.Name, URL: e.URL, Meta: e.Meta})
		}
		return items, nil
	}
}

// expertPhotos gives the experts' pages the photos of the object store.
type expertPhotos struct{ *files.Photos }

// PutPhoto implements experts.PhotoStore.
func (p expertPhotos) PutPhoto(ctx context.Context, expertID string, image []byte) (*platform.ExpertPhoto, error) {
	return p.Put(ctx, expertID, bytes.NewReader(image))
}

// OpenPhoto implements experts.PhotoStore.
func (p expertPhotos) OpenPhoto(ctx context.Context, ph *platform.ExpertPhoto) (io.ReadCloser, error) {
	rc, _, err := p.Open(ctx, ph.Key)
	return rc, err
}

// DeletePhoto implements experts.PhotoStore.
func (p expertPhotos) DeletePhoto(ctx context.Context, ph *platform.ExpertPhoto) error {
	return p.Delete(ctx, ph.Key)
}

// expertInvitations gives the experts' pages the invitations of the
// experts' service.
type expertInvitations struct{ *mongo.ExpertService }

// FindInvitations implements experts.Invitations.
func (x expertInvitations) FindInvitations(ctx context.Context, expertID, eventID string) ([]*platform.ExpertInvitation, error) {
	return x.ExpertService.FindInvitations(ctx, mongo.InvitationFilter{ExpertID: expertID, EventID: eventID})
}

// materialEvents is the library document pages' section of the events that
// used the document as material.
func materialEvents(svc platform.EventService, bundle *i18n.Bundle) library.DocumentSection {
	return func(ctx context.Context, lang, docID string) (*library.ArticleItems, error) {
		heading, evs, err := events.MaterialEvents(ctx, svc, bundle.Localizer(lang), lang, docID)
		if err != nil || heading == "" {
			return nil, err
		}
		items := &library.ArticleItems{Heading: heading}
		for _, e := range evs {
			items.Items = append(items.Items, library.ArticleItem{Title: e.Title, TitleLang: e.TitleLang, URL: e.URL, Meta: e.Meta})
		}
		return items, nil
	}
}

// knowledgeGains gives the statistics the knowledge gain of the events a
// reader may see. An event's gain is an aggregate of at least
// platform.MinEvaluationRespondents people who took both tests, which the
// statistics show anyone; the per-event results stay with the events'
// editors (the evaluation pages), so the summaries are read as the system.
func knowledgeGains(evals *mongo.EvaluationService) platform.GainSource {
	return func(ctx context.Context, ids []string) (map[string]platform.EventGain, error) {
		sums, err := evals.EvaluationSummaries(platform.NewContextWithUser(ctx, platform.System()), ids)
		if err != nil {
			return nil, err
		}
		out := make(map[string]platform.EventGain, len(sums))
		for id, s := range sums {
			if s.Gain != nil && s.Both >= platform.MinEvaluationRespondents {
				out[id] = platform.EventGain{Mean: *s.Gain, Respondents: s.Both}
			}
		}
		return out, nil
	}
}
