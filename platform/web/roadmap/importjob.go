package roadmap

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/web"
)

// An import from the pages runs as a job: the request reads the file into
// rows (a file the reader refuses is refused on the form, at once), keeps
// them in the memory of a goroutine that imports them, and sends the
// reader to the job's page. The goroutine is the job's one writer: it
// saves the job's progress at most every saveEvery (and at least every
// heartbeatEvery, so that a page elsewhere can tell a job whose hub
// stopped), then its report.

const (
	// defaultImportTimeout bounds a job when the module sets no timeout:
	// 20,000 rows take well under it.
	defaultImportTimeout = 15 * time.Minute
	saveEvery            = 500 * time.Millisecond
	heartbeatEvery       = 5 * time.Second
	// keepJobs is how long a finished job's page stays readable.
	keepJobs = 24 * time.Hour
)

// newJobID is an unguessable job id: the job page's address is its only
// secret besides the owner check.
func newJobID() (string, error) {
	var b [18]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b[:]), nil
}

// jobRun is a running job as its goroutine keeps it. progress is called
// by the service with the roadmap locked, so it only stores numbers; the
// saver reads them.
type jobRun struct {
	mu sync.Mutex
	// job is the job as it is to be saved next.
	job platform.ImportJob
	// offset is the rows the reader refused, counted as checked.
	offset int
	// checked reports whether the service has checked every row: its
	// next calls of progress count the records written.
	checked bool
	// mayWrite reports whether the import writes once checked (neither a
	// dry run nor a file with unread rows and no leave to skip them).
	mayWrite bool
	dirty    bool
}

// progress is the service's ImportOptions.Progress: first rows checked
// (of all rows), then records written (of those to write).
func (r *jobRun) progress(done, total int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.checked {
		r.job.Checked, r.job.Rows = r.offset+done, r.offset+total
		if done >= total {
			r.checked = true
			// A job that may write is from now on writing: were it
			// interrupted, part of it may have been written.
			r.job.Writing = r.mayWrite
		}
	} else {
		r.job.Writing, r.job.Written, r.job.ToWrite = true, done, total
	}
	r.dirty = true
}

// snapshot is the job to save now, and whether it changed since the last
// snapshot.
func (r *jobRun) snapshot() (platform.ImportJob, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	dirty := r.dirty
	r.dirty = false
	return r.job, dirty
}

// startImportJob saves a new job for the rows read and starts importing
// them in the background; it returns the job's id.
func (s *server) startImportJob(c *gin.Context, p *parsedSheet, mode importMode) (string, error) {
	u := web.User(c)
	id, err := newJobID()
	if err != nil {
		return "", err
	}
	// The request ends now; the import goes on, with the request's user
	// (and its address, for the audit) but not its cancellation.
	ctx := context.WithoutCancel(c.Request.Context())
	now := time.Now().UTC()
	if err := s.Jobs.DeleteFinished(ctx, now.Add(-keepJobs)); err != nil {
		s.Logger.Warn("delete old import jobs", "err", err)
	}
	offset := p.unreadRows()
	rows := len(p.items) + len(p.recs)
	r := &jobRun{offset: offset, mayWrite: !mode.DryRun && (offset == 0 || mode.WriteValid), job: platform.ImportJob{ID: id, User: u.ID, Kind: p.kind, DryRun: mode.DryRun, WriteValid: mode.WriteValid,
		State: platform.JobRunning, Checked: offset, Rows: offset + rows, CreatedAt: now, UpdatedAt: now}}
	if err := s.Jobs.Save(ctx, &r.job); err != nil {
		return "", err
	}
	timeout := s.ImportTimeout
	if timeout <= 0 {
		timeout = defaultImportTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	stop := func() bool { return false }
	if s.Context != nil {
		stop = context.AfterFunc(s.Context, cancel)
	}
	go func() {
		defer cancel()
		defer stop()
		s.runImportJob(ctx, r, p, mode)
	}()
	return id, nil
}

// runImportJob imports the rows, saving the job's progress as it goes,
// then its report (or why it failed).
func (s *server) runImportJob(ctx context.Context, r *jobRun, p *parsedSheet, mode importMode) {
	done, saverDone := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(saverDone)
		t := time.NewTicker(saveEvery)
		defer t.Stop()
		last := time.Now()
		for {
			select {
			case <-done:
				return
			case <-t.C:
			}
			j, dirty := r.snapshot()
			if !dirty && time.Since(last) < heartbeatEvery {
				continue
			}
			last = time.Now()
			j.UpdatedAt = last.UTC()
			if err := s.Jobs.Save(ctx, &j); err != nil {
				s.Logger.Warn("save import job", "job", j.ID, "err", err)
			}
		}
	}()
	rep, err := func() (rep *platform.ImportReport, err error) {
		defer func() {
			// A bug in an import costs the import, not the server.
			if v := recover(); v != nil {
				err = fmt.Errorf("import job panicked: %v", v)
			}
		}()
		return s.applySheet(ctx, p, mode, r.progress)
	}()
	close(done)
	<-saverDone
	j, _ := r.snapshot()
	j.UpdatedAt = time.Now().UTC()
	if err != nil {
		s.Logger.Error("import job", "job", j.ID, "err", err)
		pr := platform.ProblemOf(0, err)
		j.State, j.Error = platform.JobFailed, &pr
	} else {
		// The page shows the counts and the problems; the rows' outcomes
		// would only make the document big (20,000 rows).
		rep.Rows = nil
		j.State, j.Report = platform.JobDone, rep
		j.Checked = j.Rows
	}
	// The final state is saved even when the job was stopped by the
	// server's end or its timeout, while the database still answers.
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if err := s.Jobs.Save(sctx, &j); err != nil {
		s.Logger.Error("save import job", "job", j.ID, "err", err)
	}
}

// importJobPage serves /{lang}/roadmap/import/jobs/{id}: how far the
// reader's import is (the page reloads itself every second while it
// runs, without JavaScript), then its report. Another user's job, like a
// job that does not exist, is not found.
func (s *server) importJobPage(c *gin.Context) {
	if !s.RequireUser(c) {
		return
	}
	if s.Jobs == nil || len(c.Param("id")) > 64 {
		s.NotFound(c)
		return
	}
	j, err := s.Jobs.Get(c.Request.Context(), c.Param("id"))
	if platform.ErrorCode(err) == platform.NotFound || err == nil && j.User != web.User(c).ID {
		s.NotFound(c)
		return
	}
	if err != nil {
		s.WriteError(c, err)
		return
	}
	l := s.Localizer(c)
	state := string(j.State)
	if j.Interrupted(time.Now()) {
		state = "interrupted"
	}
	data := map[string]any{"Kind": j.Kind, "Job": j, "JobState": state}
	switch {
	case state == string(platform.JobRunning):
		web.Refresh(c, 1)
	case j.Report != nil:
		data["Report"], data["Problems"], data["DryRun"] = j.Report, problemViews(l, j.Report.Problems), j.DryRun
	case j.Error != nil:
		msg := j.Error.Message
		if j.Error.MessageID != "" {
			msg = l.T(j.Error.MessageID, j.Error.Data)
		}
		data["JobError"] = msg
	}
	s.renderImport(c, http.StatusOK, data)
}
