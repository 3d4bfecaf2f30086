package mongo

import (
	"cmp"
	"context"
	"maps"
	"slices"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/ca-uncac/hub/platform"
)

// recImportBatch is how many records one commit of an import writes: one
// counter step, one InsertMany of the new records and one BulkWrite of the
// replaced ones, one InsertMany of their changes and of their audit
// entries.
const recImportBatch = 1000

// plannedRec is what an import does with one row.
type plannedRec struct {
	row  int
	old  *platform.Recommendation // nil: a creation
	next *platform.Recommendation
}

// recIndex finds the recommendation a row means: by id, else by country,
// source and reference, else by country, source and text.
type recIndex struct {
	byID   map[string]*platform.Recommendation
	byRef  map[string]*platform.Recommendation
	byText map[string]*platform.Recommendation
}

func refKey(country string, source platform.RecommendationSource, ref string) string {
	return country + "\x00" + string(source) + "\x00" + strings.ToLower(ref)
}

func textKey(country string, source platform.RecommendationSource, lang, text string) string {
	return country + "\x00" + string(source) + "\x00" + lang + "\x00" + strings.Join(strings.Fields(strings.ToLower(text)), " ")
}

func (x *recIndex) add(r *platform.Recommendation) {
	if r.ID != "" {
		x.byID[r.ID] = r
	}
	if r.Reference != "" {
		x.byRef[refKey(r.Country, r.Source, r.Reference)] = r
	}
	for lang, t := range r.Text {
		x.byText[textKey(r.Country, r.Source, lang, t)] = r
	}
}

// match returns the record row means, if any (nil, and false when the
// row names an id that is not one the reader sees).
func (x *recIndex) match(id string, in *platform.RecommendationInput) (*platform.Recommendation, bool) {
	if id != "" {
		r := x.byID[id]
		return r, r != nil
	}
	if in.Reference != "" {
		return x.byRef[refKey(in.Country, in.Source, in.Reference)], true
	}
	langs := slices.Sorted(maps.Keys(in.Text))
	for _, lang := range langs {
		if r := x.byText[textKey(in.Country, in.Source, lang, in.Text[lang])]; r != nil {
			return r, true
		}
	}
	return nil, true
}

// sameRecommendation reports whether a row gives a record what it has already.
func sameRecommendation(a, b platform.RecommendationInput) bool {
	return a.Country == b.Country && a.Source == b.Source && a.Reference == b.Reference && a.Year == b.Year &&
		slices.Equal(a.Articles, b.Articles) && a.Area == b.Area && maps.Equal(a.Text, b.Text) &&
		a.Implementation == b.Implementation && slices.Equal(a.Commitments, b.Commitments) && a.Visibility == b.Visibility
}

// ImportRecommendations implements platform.RecommendationService. The
// rows are checked against the mirror's records (what the importer sees);
// the likely duplicates of the records written and of the other records of
// their countries are computed once for the whole import, and the writes
// go through the write path in batches of recImportBatch.
func (s *RecommendationService) ImportRecommendations(ctx context.Context, rows []platform.RecommendationRow, opts platform.ImportOptions) (_ *platform.ImportReport, err error) {
	defer platform.Wrap(&err, "ImportRecommendations(%d rows)", len(rows))
	u := platform.UserFromContext(ctx)
	if u == nil {
		return nil, signInRequired()
	}
	if !platform.CanCreate(u) {
		err := platform.Localized(platform.Forbidden, "roadmap.error.forbidden", nil, "user %s may not import recommendations", u.ID)
		return nil, s.db.denied(ctx, platform.TypeRecommendation, "", nil, err)
	}
	if len(rows) > platform.MaxImportRows {
		return nil, platform.Localized(platform.Invalid, "roadmap.error.too_many_rows", map[string]any{"Limit": platform.MaxImportRows},
			"more than %d rows", platform.MaxImportRows)
	}
	idx := &recIndex{byID: map[string]*platform.Recommendation{}, byRef: map[string]*platform.Recommendation{}, byText: map[string]*platform.Recommendation{}}
	if err := s.db.mirror().view(ctx, func(m *mirror) {
		for _, r := range m.roadmap.recs.rows {
			if platform.CanSee(u, r.Visibility) {
				idx.add(r)
			}
		}
	}); err != nil {
		return nil, err
	}
	rep := &platform.ImportReport{Rows: make([]platform.ImportRowResult, 0, len(rows)), Problems: []platform.ImportProblem{}}
	commitments := map[string]bool{}
	taken := map[*platform.Recommendation]int{} // a record matched, by the row that matched it
	var plan []plannedRec
	now := s.db.now
	for i, row := range rows {
		if opts.Progress != nil && i%100 == 0 {
			opts.Progress(i, len(rows))
		}
		res, problem := s.planRow(ctx, u, row, idx, commitments, taken, now, &plan)
		if problem != nil {
			rep.Problems = append(rep.Problems, *problem)
			res.Outcome = platform.OutcomeRejected
			rep.Rejected++
		}
		switch res.Outcome {
		case platform.OutcomeCreated:
			rep.Created++
		case platform.OutcomeChanged:
			rep.Changed++
		case platform.OutcomeUnchanged:
			rep.Unchanged++
		}
		rep.Rows = append(rep.Rows, res)
	}
	if opts.Progress != nil {
		opts.Progress(len(rows), len(rows))
	}
	if opts.DryRun || len(rep.Problems) > 0 && !opts.WriteValid {
		// Nothing is written: the creations have no ids yet.
		for i := range rep.Rows {
			if rep.Rows[i].Outcome == platform.OutcomeCreated {
				rep.Rows[i].ID = ""
			}
		}
		return rep, nil
	}
	if len(plan) == 0 {
		return rep, nil
	}
	if err := s.writePlan(ctx, plan); err != nil {
		return nil, err
	}
	rep.Written = true
	for _, p := range plan {
		if p.old != nil && p.old.Implementation != p.next.Implementation {
			n := platform.Notification{Kind: platform.NotifyRating, RecordType: platform.TypeRecommendation, RecordID: p.next.ID,
				Country: p.next.Country, Title: p.next.Text, Detail: string(p.next.Implementation)}
			if err := s.db.notifyFollowers(ctx, n, p.next.Visibility, p.next.Country,
				platform.FollowTarget{Type: platform.TypeRecommendation, ID: p.next.ID},
				platform.FollowTarget{Type: platform.FollowCountry, ID: p.next.Country}); err != nil {
				warnNotify(p.next.ID, err)
			}
		}
	}
	return rep, nil
}

// planRow checks one row and adds what it does to plan; a refused row
// returns its problem.
func (s *RecommendationService) planRow(ctx context.Context, u *platform.User, row platform.RecommendationRow, idx *recIndex,
	commitments map[string]bool, taken map[*platform.Recommendation]int, now timeNow, plan *[]plannedRec) (platform.ImportRowResult, *platform.ImportProblem) {
	res := platform.ImportRowResult{Row: row.Row, ID: row.ID}
	fail := func(err error) (platform.ImportRowResult, *platform.ImportProblem) {
		p := platform.ProblemOf(row.Row, err)
		return res, &p
	}
	in := row.RecommendationInput
	in.Text = maps.Clone(in.Text)
	in.Normalize()
	in.IfVersion = 0
	old, ok := idx.match(row.ID, &in)
	if !ok {
		return fail(platform.Localized(platform.Invalid, "roadmap.error.bad_field", map[string]any{"Field": "id", "Value": row.ID},
			"id: no recommendation %q", row.ID))
	}
	forbidden := func(country string) error {
		return platform.Localized(platform.Forbidden, "roadmap.error.forbidden_row", map[string]any{"Field": "country", "Value": country},
			"country: user %s may not edit recommendations of %s", u.ID, country)
	}
	if !platform.CanEditRoadmap(u, in.Country) {
		return fail(forbidden(in.Country))
	}
	if old != nil && !platform.CanEditRoadmap(u, old.Country) {
		return fail(forbidden(old.Country))
	}
	if !platform.CanGiveVisibility(u, in.Visibility) {
		return fail(platform.Localized(platform.Forbidden, "error.secretariat_visibility", map[string]any{"Field": "visibility", "Value": in.Visibility},
			"visibility: user %s may not make a record %s-only", u.ID, in.Visibility))
	}
	var kept []string
	if old != nil {
		kept = old.Commitments
		if err := s.db.keepHidden(ctx, u, &in, kept); err != nil {
			return fail(err)
		}
	}
	if err := in.Validate(); err != nil {
		return fail(err)
	}
	if id, err := s.db.missingCommitment(ctx, newOnes(in.Commitments, kept), commitments); err != nil || id != "" {
		return fail(cmp.Or(err, badCommitment(id)))
	}
	if old != nil {
		if first, dup := taken[old]; dup {
			return fail(platform.Localized(platform.Invalid, "roadmap.error.same_record", map[string]any{"Field": "id", "Value": first},
				"id: the same recommendation as row %d", first))
		}
		taken[old] = row.Row
		res.ID = old.ID
		if sameRecommendation(old.RecommendationInput, in) {
			res.Outcome = platform.OutcomeUnchanged
			return res, nil
		}
		next := cloneRecommendation(old)
		next.RecommendationInput = in
		next.UpdatedAt, next.Version = now(), old.Version+1
		*plan = append(*plan, plannedRec{row: row.Row, old: old, next: next})
		res.Outcome = platform.OutcomeChanged
		return res, nil
	}
	next := &platform.Recommendation{RecommendationInput: in, ID: bson.NewObjectID().Hex(), CreatedAt: now(), UpdatedAt: now(),
		CreatedBy: u.ID, Version: 1}
	*plan = append(*plan, plannedRec{row: row.Row, next: next})
	// Later rows meet it as an earlier row's record: by its id (which
	// no file has yet), reference or text.
	shadow := cloneRecommendation(next)
	shadow.ID = ""
	idx.add(shadow)
	taken[shadow] = row.Row
	res.ID, res.Outcome = next.ID, platform.OutcomeCreated
	return res, nil
}

// timeNow is the database's clock.
type timeNow = func() time.Time

// writePlan writes an import's records, with the duplicate flags computed
// once: the pool is every record of the countries the import touches, as
// it will be; a record of the pool whose flags change is rewritten too.
func (s *RecommendationService) writePlan(ctx context.Context, plan []plannedRec) error {
	changed := make(map[string]*platform.Recommendation, len(plan))
	for _, p := range plan {
		changed[p.next.ID] = p.next
	}
	var others []*platform.Recommendation
	var before map[string]*platform.Recommendation
	if err := s.db.mirror().view(ctx, func(m *mirror) {
		others, before = m.duplicateWrites(changed)
	}); err != nil {
		return err
	}
	type item struct {
		old, next *platform.Recommendation
		w         write
	}
	items := make([]item, 0, len(plan)+len(others))
	for _, p := range plan {
		var w write
		if p.old == nil {
			w = upsert(platform.TypeRecommendation, p.next.ID).holding(p.next).auditedAs(auditRecord{kind: platform.TypeRecommendation,
				id: p.next.ID, action: platform.ActionCreate, after: importedRecommendation{Country: p.next.Country,
					Source: p.next.Source, Reference: p.next.Reference, Visibility: p.next.Visibility}, note: "import"})
		} else {
			w = upsert(platform.TypeRecommendation, p.next.ID).holding(p.next).auditedAs(auditRecord{kind: platform.TypeRecommendation,
				id: p.next.ID, action: platform.ActionUpdate, before: p.old, after: p.next, note: "import"})
		}
		items = append(items, item{p.old, p.next, w})
	}
	for i, w := range s.flagWrites(others, before, true) {
		items = append(items, item{before[others[i].ID], others[i], w})
	}
	for lo := 0; lo < len(items); lo += recImportBatch {
		batch := items[lo:min(lo+recImportBatch, len(items))]
		ws := make([]write, len(batch))
		for i, it := range batch {
			ws[i] = it.w
		}
		missed := false
		err := s.db.commit(ctx, ws, func(ctx context.Context, seqs []uint64) error {
			var inserts []any
			var replaces []mongo.WriteModel
			for i, it := range batch {
				it.next.Seq = seqs[i]
				if it.old == nil {
					inserts = append(inserts, it.next)
				} else {
					replaces = append(replaces, mongo.NewReplaceOneModel().
						SetFilter(bson.D{{Key: "_id", Value: it.next.ID}, {Key: "version", Value: it.old.Version}}).SetReplacement(it.next))
				}
			}
			if len(inserts) > 0 {
				if _, err := s.coll().InsertMany(ctx, inserts, options.InsertMany().SetOrdered(false)); err != nil {
					return err
				}
			}
			if len(replaces) > 0 {
				res, err := s.coll().BulkWrite(ctx, replaces, options.BulkWrite().SetOrdered(false))
				if err != nil {
					return err
				}
				missed = res.MatchedCount < int64(len(replaces))
			}
			return nil
		})
		if err != nil {
			return err
		}
		if missed {
			// Another writer changed a record meanwhile (its replace
			// matched nothing): the mirror, which took the batch's
			// records as written, reads them back as they are stored.
			for _, it := range batch {
				if it.old != nil {
					if err := s.db.mirror().apply(ctx, changeEntry{Type: platform.TypeRecommendation, ID: it.next.ID}); err != nil {
						return err
					}
				}
			}
		}
	}
	return nil
}

// importedRecommendation is what the audit trail keeps of a recommendation
// an import created: the entry's actor, time and address say who imported
// it, these fields which record it is; the record at version 1 is what was
// imported (as for documents: see importedDocument).
type importedRecommendation struct {
	Country    string                        `json:"country"`
	Source     platform.RecommendationSource `json:"source"`
	Reference  string                        `json:"reference,omitempty"`
	Visibility string                        `json:"visibility"`
}
