package mongo

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/similar"
	"github.com/ca-uncac/hub/search"
)

// The recommendations' collections, and the roadmap items' (written by
// RoadmapService), which a recommendation's commitments name.
const (
	colRecommendations        = "recommendations"
	colRecommendationVersions = "recommendation_versions"
	roadmapItemsColl          = "commitments"
	roadmapPrioritiesColl     = "priorities"
)

// RecommendationService implements platform.RecommendationService on
// MongoDB. Recommendations are mirrored (see mirror_tables.go): the lists,
// their filters and the duplicate finder read every recommendation of a
// country, which FerretDB would answer by reading the whole collection.
//
// Likely duplicates (platform/similar) are kept on both sides: a write of
// a recommendation rewrites, in the same commit, every other record of its
// country whose flags it adds or removes. Two writes at once that both
// change one third record's flags may lose one of the two (the last
// replace wins); the next write of that country's records puts it back.
type RecommendationService struct{ db *DB }

var _ platform.RecommendationService = (*RecommendationService)(nil)

// NewRecommendationService returns the recommendation service of db.
func NewRecommendationService(db *DB) *RecommendationService { return &RecommendationService{db: db} }

func (s *RecommendationService) coll() *mongo.Collection {
	return s.db.db.Collection(colRecommendations)
}

func recommendationNotFound(id string) error {
	return platform.Localized(platform.NotFound, "roadmap.error.recommendation_not_found", nil, "recommendation %q not found", id)
}

// cloneRecommendation is a copy a caller may change.
func cloneRecommendation(r *platform.Recommendation) *platform.Recommendation {
	c := *r
	c.Text = make(platform.Text, len(r.Text))
	for k, v := range r.Text {
		c.Text[k] = v
	}
	c.Articles = slices.Clone(r.Articles)
	c.Commitments = slices.Clone(r.Commitments)
	c.Duplicates = slices.Clone(r.Duplicates)
	return &c
}

// recommendationFor is a copy of r as the reader u sees it: its
// duplicates and its commitments only those u may see too (m.mu held).
func (m *mirror) recommendationFor(u *platform.User, r *platform.Recommendation) *platform.Recommendation {
	c := cloneRecommendation(r)
	c.Commitments = slices.DeleteFunc(c.Commitments, func(id string) bool { return !m.itemVisible(u, id) })
	if len(c.Commitments) == 0 {
		c.Commitments = nil
	}
	c.Duplicates = slices.DeleteFunc(c.Duplicates, func(id string) bool {
		d := m.roadmap.recs.rows[id]
		return d == nil || !platform.CanSee(u, d.Visibility)
	})
	if len(c.Duplicates) == 0 {
		c.Duplicates = nil
	}
	return c
}

// itemVisible reports whether roadmap item id exists and u may see it
// (m.mu held).
func (m *mirror) itemVisible(u *platform.User, id string) bool {
	it := m.items[id]
	return it != nil && platform.CanSee(u, it.Visibility)
}

// keepHidden adds to in the commitments of old hidden from the editor u:
// their copy lacks them (see recommendationFor), and a change they make
// does not drop links they cannot see.
func (db *DB) keepHidden(ctx context.Context, u *platform.User, in *platform.RecommendationInput, old []string) error {
	return db.mirror().view(ctx, func(m *mirror) {
		for _, id := range old {
			if !m.itemVisible(u, id) && !slices.Contains(in.Commitments, id) {
				in.Commitments = append(in.Commitments, id)
			}
		}
		slices.Sort(in.Commitments)
	})
}

// stored returns a copy of recommendation id as stored, or nil.
func (s *RecommendationService) stored(ctx context.Context, id string) (*platform.Recommendation, error) {
	var r *platform.Recommendation
	err := s.db.mirror().view(ctx, func(m *mirror) {
		if got := m.roadmap.recs.rows[id]; got != nil {
			r = cloneRecommendation(got)
		}
	})
	return r, err
}

// StoredRecommendation returns recommendation id as stored, whatever its
// visibility, or nil when there is none: for the search index.
func (s *RecommendationService) StoredRecommendation(ctx context.Context, id string) (*platform.Recommendation, error) {
	return s.stored(ctx, id)
}

// AllRecommendations calls fn for every recommendation, whatever its
// visibility: for rebuilding the search index.
func (s *RecommendationService) AllRecommendations(ctx context.Context, fn func(*platform.Recommendation) error) error {
	var all []*platform.Recommendation
	if err := s.db.mirror().view(ctx, func(m *mirror) {
		for _, r := range m.roadmap.recs.rows {
			all = append(all, cloneRecommendation(r))
		}
	}); err != nil {
		return err
	}
	slices.SortFunc(all, func(a, b *platform.Recommendation) int { return cmp.Compare(a.ID, b.ID) })
	for _, r := range all {
		if err := fn(r); err != nil {
			return err
		}
	}
	return nil
}

// FindRecommendations implements platform.RecommendationService, from the
// mirror. The filter Duplicates keeps those with a likely duplicate the
// reader may see; Text looks for the words in the text (any language,
// folded: any script) and the reference.
func (s *RecommendationService) FindRecommendations(ctx context.Context, f platform.RecommendationFilter) ([]*platform.Recommendation, int, error) {
	if err := f.Validate(); err != nil {
		return nil, 0, err
	}
	u := platform.UserFromContext(ctx)
	needle := strings.TrimSpace(search.Fold(f.Text))
	var matched []*platform.Recommendation
	err := s.db.mirror().view(ctx, func(m *mirror) {
		for _, r := range m.roadmap.recs.rows {
			switch {
			case !platform.CanSee(u, r.Visibility),
				len(f.Countries) > 0 && !slices.Contains(f.Countries, r.Country),
				len(f.Sources) > 0 && !slices.Contains(f.Sources, r.Source),
				len(f.Implementations) > 0 && !slices.Contains(f.Implementations, r.Implementation),
				f.Article != 0 && !slices.Contains(r.Articles, f.Article),
				f.Area != "" && r.Area != f.Area,
				f.Commitment != "" && !slices.Contains(r.Commitments, f.Commitment),
				needle != "" && !mentions(r, needle):
				continue
			}
			v := m.recommendationFor(u, r)
			if f.Duplicates && len(v.Duplicates) == 0 {
				continue
			}
			matched = append(matched, v)
		}
	})
	if err != nil {
		return nil, 0, err
	}
	slices.SortFunc(matched, func(a, b *platform.Recommendation) int {
		return cmp.Or(cmp.Compare(a.Country, b.Country), cmp.Compare(a.Source, b.Source),
			cmp.Compare(a.Reference, b.Reference), cmp.Compare(a.ID, b.ID))
	})
	lo := min(f.Offset, len(matched))
	return matched[lo:min(lo+f.Limit, len(matched))], len(matched), nil
}

// RecommendationCounts implements platform.RecommendationService: one
// pass over the mirror, counting what the reader may see.
func (s *RecommendationService) RecommendationCounts(ctx context.Context) (map[platform.Implementation]int, error) {
	u := platform.UserFromContext(ctx)
	counts := map[platform.Implementation]int{}
	err := s.db.mirror().view(ctx, func(m *mirror) {
		for _, r := range m.roadmap.recs.rows {
			if platform.CanSee(u, r.Visibility) {
				counts[r.Implementation]++
			}
		}
	})
	if err != nil {
		return nil, err
	}
	return counts, nil
}

// mentions reports whether r's text in some language, or its reference,
// holds the folded needle.
func mentions(r *platform.Recommendation, needle string) bool {
	if strings.Contains(search.Fold(r.Reference), needle) {
		return true
	}
	for _, t := range r.Text {
		if strings.Contains(search.Fold(t), needle) {
			return true
		}
	}
	return false
}

// Recommendation implements platform.RecommendationService.
func (s *RecommendationService) Recommendation(ctx context.Context, id string) (*platform.Recommendation, error) {
	u := platform.UserFromContext(ctx)
	var r *platform.Recommendation
	err := s.db.mirror().view(ctx, func(m *mirror) {
		if got := m.roadmap.recs.rows[id]; got != nil && platform.CanSee(u, got.Visibility) {
			r = m.recommendationFor(u, got)
		}
	})
	if err != nil {
		return nil, err
	}
	if r == nil {
		return nil, recommendationNotFound(id)
	}
	return r, nil
}

// checkRecommendationEdit refuses (Unauthorized, Forbidden) a user who may
// not write a recommendation of country or give it the visibility.
func checkRecommendationEdit(ctx context.Context, country, visibility string) (*platform.User, error) {
	u := platform.UserFromContext(ctx)
	if u == nil {
		return nil, signInRequired()
	}
	if !platform.CanEditRoadmap(u, country) {
		return nil, platform.Localized(platform.Forbidden, "roadmap.error.forbidden", nil,
			"user %s may not edit recommendations of %s", u.ID, country)
	}
	if visibility != "" {
		if err := checkVisibility(u, visibility); err != nil {
			return nil, err
		}
	}
	return u, nil
}

// missingCommitments returns the first of ids that is no roadmap item, or
// "". known caches what was found (nil: no cache).
func (db *DB) missingCommitment(ctx context.Context, ids []string, known map[string]bool) (string, error) {
	for _, id := range ids {
		if known != nil {
			if ok, seen := known[id]; seen {
				if !ok {
					return id, nil
				}
				continue
			}
		}
		err := db.db.Collection(roadmapItemsColl).FindOne(ctx, byID(id), options.FindOne().SetProjection(bson.D{{Key: "_id", Value: 1}})).Err()
		if err != nil && !errors.Is(err, mongo.ErrNoDocuments) {
			return "", translate(err)
		}
		if known != nil {
			known[id] = err == nil
		}
		if err != nil {
			return id, nil
		}
	}
	return "", nil
}

func badCommitment(id string) error {
	return platform.Localized(platform.Invalid, "roadmap.error.bad_field", map[string]any{"Field": "commitments", "Value": id},
		"commitments: no roadmap item %q", id)
}

// duplicateWrites works out the flags a change of the recommendations
// gives (changed: the new states, by id; a nil state is a deletion): each
// changed record's new Duplicates, and the other records of their
// countries whose Duplicates change, as copies to store (m.mu held). The
// changed records are returned with their flags set; others lists the
// other records to rewrite, with their stored state.
func (m *mirror) duplicateWrites(changed map[string]*platform.Recommendation) (others []*platform.Recommendation, before map[string]*platform.Recommendation) {
	countries := map[string]bool{}
	for id, r := range changed {
		if r != nil {
			countries[r.Country] = true
		}
		if old := m.roadmap.recs.rows[id]; old != nil {
			countries[old.Country] = true
		}
	}
	var pool []*platform.Recommendation
	for _, r := range m.roadmap.recs.rows {
		if _, ok := changed[r.ID]; !ok && countries[r.Country] {
			pool = append(pool, r)
		}
	}
	for _, r := range changed {
		if r != nil {
			pool = append(pool, r)
		}
	}
	var flags map[string][]string
	if len(changed) > incrementalFlags {
		flags = similar.All(pool)
	} else {
		flags = incremental(changed, pool)
	}
	before = map[string]*platform.Recommendation{}
	for _, r := range pool {
		d := flags[r.ID]
		if _, ok := changed[r.ID]; ok {
			r.Duplicates = d
			continue
		}
		if !slices.Equal(d, r.Duplicates) {
			next := cloneRecommendation(r)
			next.Duplicates = d
			before[r.ID] = r
			others = append(others, next)
		}
	}
	slices.SortFunc(others, func(a, b *platform.Recommendation) int { return cmp.Compare(a.ID, b.ID) })
	return others, before
}

// incrementalFlags is the largest change whose flags are worked out pair
// by pair with the changed records; a larger one (an import) computes
// every flag of the countries at once (similar.All, bucketed by article).
const incrementalFlags = 20

// incremental works out the flags of pool (the changed records among it)
// when only the changed records' pairs may differ from what is stored:
// each changed record is compared with the pool (a single write costs
// one comparison per related record, not one per pair of the country),
// and the others keep their flags but for the changed records.
func incremental(changed map[string]*platform.Recommendation, pool []*platform.Recommendation) map[string][]string {
	flags := map[string][]string{}
	var news []*platform.Recommendation
	for _, c := range changed {
		if c != nil {
			news = append(news, c)
			flags[c.ID] = similar.LikelyDuplicates(c, pool)
		}
	}
	for _, o := range pool {
		if _, ok := changed[o.ID]; ok {
			continue
		}
		var d []string
		for _, id := range o.Duplicates {
			if _, ok := changed[id]; !ok {
				d = append(d, id)
			}
		}
		for _, c := range news {
			if slices.Contains(flags[c.ID], o.ID) {
				d = append(d, c.ID)
			}
		}
		slices.Sort(d)
		flags[o.ID] = slices.Compact(d)
	}
	return flags
}

// flagWrites are the writes of the other records whose duplicate flags a
// change rewrote: each a whole record replaced, at its next version,
// audited as an update by the writer with a note. With hold, the mirror
// takes the records from the writes; without, it reads them back, so that
// a record another writer changed meanwhile (the replace then matches
// nothing) stays in the mirror as it is stored.
func (s *RecommendationService) flagWrites(others []*platform.Recommendation, before map[string]*platform.Recommendation, hold bool) []write {
	now := s.db.now()
	ws := make([]write, len(others))
	for i, r := range others {
		old := before[r.ID]
		r.UpdatedAt, r.Version = now, old.Version+1
		w := upsert(platform.TypeRecommendation, r.ID)
		if hold {
			w = w.holding(r)
		}
		ws[i] = w.auditedAs(auditRecord{
			kind: platform.TypeRecommendation, id: r.ID, action: platform.ActionUpdate, before: old, after: r, note: "likely duplicates"})
	}
	return ws
}

// storeOthers replaces the other records of flagWrites, each only if it is
// still at the version it was read at.
func (s *RecommendationService) storeOthers(ctx context.Context, others []*platform.Recommendation, seqs []uint64) error {
	if len(others) == 0 {
		return nil
	}
	models := make([]mongo.WriteModel, len(others))
	for i, r := range others {
		r.Seq = seqs[i]
		models[i] = mongo.NewReplaceOneModel().SetFilter(bson.D{{Key: "_id", Value: r.ID}, {Key: "version", Value: r.Version - 1}}).SetReplacement(r)
	}
	_, err := s.coll().BulkWrite(ctx, models, options.BulkWrite().SetOrdered(false))
	return err
}

// CreateRecommendation implements platform.RecommendationService.
func (s *RecommendationService) CreateRecommendation(ctx context.Context, in platform.RecommendationInput) (_ *platform.Recommendation, err error) {
	defer platform.Wrap(&err, "CreateRecommendation")
	in.Normalize()
	u, err := checkRecommendationEdit(ctx, in.Country, in.Visibility)
	if err != nil {
		return nil, s.db.deniedAttempt(ctx, platform.TypeRecommendation, "", nil, in, err)
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	if id, err := s.db.missingCommitment(ctx, in.Commitments, nil); err != nil || id != "" {
		return nil, cmp.Or(err, badCommitment(id))
	}
	now := s.db.now()
	in.IfVersion = 0
	r := &platform.Recommendation{RecommendationInput: in, ID: bson.NewObjectID().Hex(), CreatedAt: now, UpdatedAt: now, CreatedBy: u.ID, Version: 1}
	if err := s.save(ctx, nil, r, platform.ActionCreate); err != nil {
		return nil, err
	}
	return s.Recommendation(ctx, r.ID)
}

// save writes r (a creation when old is nil, else a replacement of old;
// nil r with old is a deletion) with the duplicate flags it changes, in
// one commit.
func (s *RecommendationService) save(ctx context.Context, old, r *platform.Recommendation, action string) error {
	id := ""
	if r != nil {
		id = r.ID
	} else {
		id = old.ID
	}
	var others []*platform.Recommendation
	var before map[string]*platform.Recommendation
	if err := s.db.mirror().view(ctx, func(m *mirror) {
		others, before = m.duplicateWrites(map[string]*platform.Recommendation{id: r})
	}); err != nil {
		return err
	}
	var w write
	if r == nil {
		w = remove(platform.TypeRecommendation, id).audited(action, old, nil)
	} else {
		var was any
		if old != nil {
			was = old
		}
		w = upsert(platform.TypeRecommendation, id).holding(r).audited(action, was, r)
	}
	conflict := platform.Localized(platform.Conflict, "error.conflict", nil, "recommendation %q changed concurrently", id)
	ws := append([]write{w}, s.flagWrites(others, before, false)...)
	return s.db.commit(ctx, ws, func(ctx context.Context, seqs []uint64) error {
		switch {
		case r == nil:
			res, err := s.coll().DeleteOne(ctx, byID(id))
			if err == nil && res.DeletedCount == 0 {
				err = recommendationNotFound(id)
			}
			if err != nil {
				return err
			}
		case old == nil:
			r.Seq = seqs[0]
			if _, err := s.coll().InsertOne(ctx, r); err != nil {
				return err
			}
		default:
			r.Seq = seqs[0]
			res, err := s.coll().ReplaceOne(ctx, bson.D{{Key: "_id", Value: id}, {Key: "version", Value: old.Version}}, r)
			if err == nil && res.MatchedCount == 0 {
				err = conflict
			}
			if err != nil {
				return err
			}
		}
		return s.storeOthers(ctx, others, seqs[1:])
	})
}

// editable reads a recommendation for a change by the user in ctx:
// NotFound for one they may not see, Forbidden (audited) for one of a
// country they may not edit.
func (s *RecommendationService) editable(ctx context.Context, id string, attempt any) (*platform.Recommendation, error) {
	u := platform.UserFromContext(ctx)
	if u == nil {
		return nil, signInRequired()
	}
	old, err := s.stored(ctx, id)
	if err != nil {
		return nil, err
	}
	if old == nil || !platform.CanSee(u, old.Visibility) {
		return nil, recommendationNotFound(id)
	}
	if _, err := checkRecommendationEdit(ctx, old.Country, ""); err != nil {
		return nil, s.db.deniedAttempt(ctx, platform.TypeRecommendation, id, old, attempt, err)
	}
	return old, nil
}

// UpdateRecommendation implements platform.RecommendationService. The
// editor must be allowed to edit the recommendation's country as it was
// and as it will be; the previous state is kept in
// recommendation_versions.
func (s *RecommendationService) UpdateRecommendation(ctx context.Context, id string, in platform.RecommendationInput) (_ *platform.Recommendation, err error) {
	defer platform.Wrap(&err, "UpdateRecommendation(%q)", id)
	in.Normalize()
	old, err := s.editable(ctx, id, in)
	if err != nil {
		return nil, err
	}
	if _, err := checkRecommendationEdit(ctx, in.Country, in.Visibility); err != nil {
		return nil, s.db.deniedAttempt(ctx, platform.TypeRecommendation, id, old, in, err)
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	conflict := platform.Localized(platform.Conflict, "error.conflict", nil, "recommendation %q changed concurrently", id)
	if in.IfVersion != 0 && in.IfVersion != old.Version {
		return nil, conflict
	}
	if err := s.db.keepHidden(ctx, platform.UserFromContext(ctx), &in, old.Commitments); err != nil {
		return nil, err
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	if id, err := s.db.missingCommitment(ctx, newOnes(in.Commitments, old.Commitments), nil); err != nil || id != "" {
		return nil, cmp.Or(err, badCommitment(id))
	}
	if err := s.db.claimVersion(ctx, versionClaim{versions: s.db.db.Collection(colRecommendationVersions), records: s.coll(),
		parentKey: "recommendationId", id: id, version: old.Version, state: old, conflict: conflict}); err != nil {
		return nil, err
	}
	in.IfVersion = 0
	r := cloneRecommendation(old)
	r.RecommendationInput = in
	r.UpdatedAt, r.Version = s.db.now(), old.Version+1
	if err := s.save(ctx, old, r, platform.ActionUpdate); err != nil {
		return nil, err
	}
	if old.Implementation != r.Implementation {
		n := platform.Notification{Kind: platform.NotifyRating, RecordType: platform.TypeRecommendation, RecordID: id,
			Country: r.Country, Title: r.Text, Detail: string(r.Implementation)}
		if err := s.db.notifyFollowers(ctx, n, r.Visibility, r.Country,
			platform.FollowTarget{Type: platform.TypeRecommendation, ID: id},
			platform.FollowTarget{Type: platform.FollowCountry, ID: r.Country}); err != nil {
			warnNotify(id, err)
		}
	}
	return s.Recommendation(ctx, id)
}

// newOnes lists the ids of ids not in kept: a link the record had stays
// whatever became of its item.
func newOnes(ids, kept []string) []string {
	var out []string
	for _, id := range ids {
		if !slices.Contains(kept, id) {
			out = append(out, id)
		}
	}
	return out
}

// DeleteRecommendation implements platform.RecommendationService; the
// records it was a likely duplicate of lose their flag.
func (s *RecommendationService) DeleteRecommendation(ctx context.Context, id string) (err error) {
	defer platform.Wrap(&err, "DeleteRecommendation(%q)", id)
	old, err := s.editable(ctx, id, nil)
	if err != nil {
		return err
	}
	if err := s.save(ctx, old, nil, platform.ActionDelete); err != nil {
		return err
	}
	return s.db.dropFollows(ctx, platform.FollowTarget{Type: platform.TypeRecommendation, ID: id})
}

// dropFollows removes the follows of a target that is gone, in one commit.
func (db *DB) dropFollows(ctx context.Context, t platform.FollowTarget) error {
	var ids []string
	if err := db.mirror().view(ctx, func(m *mirror) {
		for fid := range m.roadmap.follows.by[followKey(t)] {
			ids = append(ids, fid)
		}
	}); err != nil || len(ids) == 0 {
		return err
	}
	slices.Sort(ids)
	ws := make([]write, len(ids))
	for i, fid := range ids {
		ws[i] = remove(platform.TypeFollow, fid)
	}
	return db.commit(ctx, ws, func(ctx context.Context, _ []uint64) error {
		_, err := db.db.Collection(colFollows).DeleteMany(ctx, bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: ids}}}})
		return err
	})
}
