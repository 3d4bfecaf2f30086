package mongo

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/ca-uncac/hub/platform"
)

// The experts' collections. expert_versions keeps each profile's earlier
// states (the claims of DB.claimVersion); expert_history says who wrote
// each version and which fields changed, without the values, so that it
// survives an erasure; expert_owners is the unique claim that gives an
// account one profile at most.
const (
	colExperts           = "experts"
	colExpertVersions    = "expert_versions"
	colExpertHistory     = "expert_history"
	colExpertOwners      = "expert_owners"
	colExpertInvitations = "expert_invitations"
)

// ExpertOptions are what the expert service needs beyond the database.
type ExpertOptions struct {
	// RemovePhoto deletes a photo from the object store when a profile is
	// erased or its photo replaced; nil leaves stored photos alone.
	RemovePhoto func(ctx context.Context, key string) error
}

// ExpertService implements platform.ExpertService on MongoDB. Profiles and
// invitations are mirrored (see mirror): lists, filters, the matching and
// the duplicate finder read every profile, which FerretDB would answer by
// reading the whole collection.
type ExpertService struct {
	db  *DB
	opt ExpertOptions
}

var _ platform.ExpertService = (*ExpertService)(nil)

// NewExpertService returns the expert service of db.
func NewExpertService(db *DB, opt ExpertOptions) *ExpertService {
	return &ExpertService{db: db, opt: opt}
}

func (s *ExpertService) coll() *mongo.Collection { return s.db.db.Collection(colExperts) }

func expertNotFound(id string) error {
	return platform.Localized(platform.NotFound, "experts.error.not_found", nil, "expert %q not found", id)
}

func secretariatOnly(u *platform.User, what string) error {
	if u == nil {
		return signInRequired()
	}
	if !platform.IsSecretariat(u) {
		return platform.Localized(platform.Forbidden, "experts.error.secretariat_only", nil, "only the secretariat may %s", what)
	}
	return nil
}

// expert returns a copy of the stored profile id from the mirror, or nil.
func (s *ExpertService) expert(ctx context.Context, id string) (*platform.Expert, error) {
	var e *platform.Expert
	err := s.db.mirror().view(ctx, func(m *mirror) {
		if got := m.experts[id]; got != nil {
			e = got.Clone()
		}
	})
	return e, err
}

// current follows MergedInto from id to the profile that holds it now
// (a link to a merged profile keeps working), at most a few steps.
func (s *ExpertService) current(ctx context.Context, id string) (*platform.Expert, error) {
	e, err := s.expert(ctx, id)
	for i := 0; err == nil && e != nil && e.Status == platform.ExpertMerged && e.MergedInto != "" && i < 8; i++ {
		e, err = s.expert(ctx, e.MergedInto)
	}
	return e, err
}

// FindExperts implements platform.ExpertService, from the mirror. Each
// condition is tested on the profile as the reader sees it, so a field
// hidden from them matches nothing, and the total counts only what they
// may see.
func (s *ExpertService) FindExperts(ctx context.Context, f platform.ExpertFilter) ([]*platform.ExpertView, int, error) {
	if err := f.Validate(); err != nil {
		return nil, 0, err
	}
	u := platform.UserFromContext(ctx)
	statuses := f.Statuses
	switch {
	case !platform.IsSecretariat(u):
		// Others see approved profiles only (their own pending one on their
		// own page, not in the pool's list).
		statuses = []platform.ExpertStatus{platform.ExpertApproved}
	case len(statuses) == 0:
		statuses = []platform.ExpertStatus{platform.ExpertApproved, platform.ExpertPending}
	}
	var matched []*platform.ExpertView
	err := s.db.mirror().view(ctx, func(m *mirror) {
		for _, e := range m.experts {
			// An expert's own pending profile is in their list too.
			ownPending := e.Status == platform.ExpertPending && platform.IsOwnExpert(u, e) &&
				(len(f.Statuses) == 0 || slices.Contains(f.Statuses, platform.ExpertPending))
			if !slices.Contains(statuses, e.Status) && !ownPending || !platform.CanSeeExpert(u, e) {
				continue
			}
			v := e.ViewFor(u)
			if f.Matches(&v.ExpertProfile) {
				matched = append(matched, v)
			}
		}
	})
	if err != nil {
		return nil, 0, err
	}
	slices.SortFunc(matched, func(a, b *platform.ExpertView) int {
		return cmp.Or(cmp.Compare(sortName(a.Expert), sortName(b.Expert)), cmp.Compare(a.ID, b.ID))
	})
	limit := f.Limit
	if limit <= 0 {
		limit = 20
	}
	limit = min(limit, platform.MaxExpertPage)
	lo := min(f.Offset, len(matched))
	return matched[lo:min(lo+limit, len(matched))], len(matched), nil
}

// sortName orders profiles by their Latin name (else the Cyrillic one),
// without case.
func sortName(e *platform.Expert) string { return strings.ToLower(e.Name("en")) }

// FindExpertByID implements platform.ExpertService. A merged profile's id
// gives the profile it was merged into.
func (s *ExpertService) FindExpertByID(ctx context.Context, id string) (*platform.ExpertView, error) {
	if !platform.ValidRecordID(id) {
		return nil, expertNotFound(id)
	}
	u := platform.UserFromContext(ctx)
	e, err := s.expert(ctx, id)
	if err != nil {
		return nil, err
	}
	if e != nil && e.Status == platform.ExpertMerged && !platform.IsSecretariat(u) {
		if e, err = s.current(ctx, id); err != nil {
			return nil, err
		}
	}
	if e == nil || !platform.CanSeeExpert(u, e) {
		return nil, expertNotFound(id)
	}
	return e.ViewFor(u), nil
}

// OwnExpert implements platform.ExpertService.
func (s *ExpertService) OwnExpert(ctx context.Context) (*platform.ExpertView, error) {
	u := platform.UserFromContext(ctx)
	if u == nil {
		return nil, signInRequired()
	}
	var own *platform.Expert
	err := s.db.mirror().view(ctx, func(m *mirror) {
		for _, e := range m.experts {
			if e.UserID == u.ID && e.Status != platform.ExpertMerged && e.Status != platform.ExpertErased {
				own = e.Clone()
			}
		}
	})
	if err != nil {
		return nil, err
	}
	if own == nil {
		return nil, platform.Localized(platform.NotFound, "experts.error.no_profile", nil, "user %s has no expert profile", u.ID)
	}
	return own.ViewFor(u), nil
}

// checkMaterials makes sure every material is a library document the user
// sees.
func (s *ExpertService) checkMaterials(ctx context.Context, ids []string) error {
	if err := (&EventService{db: s.db}).checkMaterials(ctx, ids); err != nil {
		return platform.Localized(platform.Invalid, "experts.error.bad_field", map[string]any{"Field": "materials", "Value": ""},
			"materials: a material is not a library document")
	}
	return nil
}

// claimOwner makes userID's profile expertID, once: an account has one
// profile at most, whatever the concurrency.
func (s *ExpertService) claimOwner(ctx context.Context, userID, expertID string) error {
	_, err := s.db.db.Collection(colExpertOwners).InsertOne(ctx, bson.D{{Key: "_id", Value: userID}, {Key: "expertId", Value: expertID}})
	if mongo.IsDuplicateKeyError(err) {
		return platform.Localized(platform.Conflict, "experts.error.has_profile", nil, "user %s has an expert profile already", userID)
	}
	return translate(err)
}

func (s *ExpertService) releaseOwner(ctx context.Context, userID string) error {
	if userID == "" {
		return nil
	}
	_, err := s.db.db.Collection(colExpertOwners).DeleteOne(ctx, byID(userID))
	return translate(err)
}

// CreateExpert implements platform.ExpertService.
func (s *ExpertService) CreateExpert(ctx context.Context, in platform.ExpertInput) (_ *platform.Expert, err error) {
	defer platform.Wrap(&err, "CreateExpert")
	u := platform.UserFromContext(ctx)
	if u == nil {
		return nil, signInRequired()
	}
	in.Normalize()
	secretariat := platform.IsSecretariat(u)
	if !secretariat && (u.Role != platform.RoleExpert || u.Disabled) {
		return nil, s.db.deniedAttempt(ctx, platform.TypeExpert, "", nil, in, platform.Localized(platform.Forbidden,
			"experts.error.forbidden", nil, "user %s may not create expert profiles", u.ID))
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	if err := s.checkMaterials(ctx, in.Materials); err != nil {
		return nil, err
	}
	now := s.db.now()
	e := &platform.Expert{ID: bson.NewObjectID().Hex(), ExpertProfile: in.ExpertProfile, Status: platform.ExpertPending,
		CreatedAt: now, UpdatedAt: now, CreatedBy: u.ID, Version: 1}
	if secretariat {
		// The secretariat's own entries need no approval; it links them to
		// an account when the person has one.
		e.Status, e.ApprovedAt, e.ApprovedBy, e.UserID = platform.ExpertApproved, &now, u.ID, in.UserID
		if e.UserID != "" {
			if _, err := NewUserService(s.db).FindUserByID(ctx, e.UserID); err != nil {
				return nil, platform.Localized(platform.Invalid, "experts.error.bad_field", map[string]any{"Field": "userId", "Value": e.UserID},
					"userId: no such user")
			}
		}
	} else {
		e.UserID = u.ID
	}
	if e.UserID != "" {
		if err := s.claimOwner(ctx, e.UserID, e.ID); err != nil {
			return nil, err
		}
	}
	err = s.db.write(ctx, upsert(platform.TypeExpert, e.ID).holding(e).audited(platform.ActionCreate, nil, e),
		func(ctx context.Context, seq uint64) error {
			e.Seq = seq
			if _, err := s.coll().InsertOne(ctx, e); err != nil {
				return err
			}
			return s.addHistory(ctx, e, "create", platform.ChangedFields(&platform.Expert{}, e), "")
		})
	if err != nil {
		if e.UserID != "" {
			_ = s.releaseOwner(context.WithoutCancel(ctx), e.UserID)
		}
		return nil, err
	}
	return e.Clone(), nil
}

// addHistory records who wrote version e.Version and which fields changed.
func (s *ExpertService) addHistory(ctx context.Context, e *platform.Expert, action string, changed []platform.ExpertField, note string) error {
	u := platform.UserFromContext(ctx)
	h := platform.ExpertVersion{ExpertID: e.ID, Version: e.Version, At: e.UpdatedAt, Action: action, Changed: changed, Note: note}
	if u != nil {
		h.By, h.ByName = u.ID, u.Name
	}
	_, err := s.db.db.Collection(colExpertHistory).InsertOne(ctx, historyDoc{ID: fmt.Sprintf("%s.%d", e.ID, e.Version), ExpertVersion: h})
	return err
}

type historyDoc struct {
	ID                     string `bson:"_id"`
	platform.ExpertVersion `bson:",inline"`
}

// checkOwnOrSecretariat refuses (Unauthorized, Forbidden) a user who is
// neither the profile's expert nor the secretariat.
func checkOwnOrSecretariat(ctx context.Context, e *platform.Expert) error {
	u := platform.UserFromContext(ctx)
	if u == nil {
		return signInRequired()
	}
	if platform.IsSecretariat(u) || platform.IsOwnExpert(u, e) {
		return nil
	}
	return platform.Localized(platform.Forbidden, "experts.error.forbidden", nil, "user %s may not change expert %s", u.ID, e.ID)
}

// editable reads a profile for a change: NotFound for one the user does
// not see, Forbidden (audited) for one they may not change, Conflict for
// a merged or erased one.
func (s *ExpertService) editable(ctx context.Context, id string, attempt any) (*platform.Expert, error) {
	if platform.UserFromContext(ctx) == nil {
		return nil, signInRequired()
	}
	e, err := s.expert(ctx, id)
	if err != nil {
		return nil, err
	}
	if e == nil || !platform.CanSeeExpert(platform.UserFromContext(ctx), e) {
		return nil, expertNotFound(id)
	}
	if err := checkOwnOrSecretariat(ctx, e); err != nil {
		return nil, s.db.deniedAttempt(ctx, platform.TypeExpert, id, nil, attempt, err)
	}
	if e.Status == platform.ExpertMerged || e.Status == platform.ExpertErased {
		return nil, platform.Localized(platform.Conflict, "experts.error.gone", map[string]any{"Status": string(e.Status)},
			"expert %s is %s", id, e.Status)
	}
	return e, nil
}

// replace stores next in place of old (same id, old.Version), after
// claiming old's version, with a history entry; extra writes (a second
// profile of a merge) go in the same commit.
func (s *ExpertService) replace(ctx context.Context, old, next *platform.Expert, action string, note string) error {
	conflict := platform.Localized(platform.Conflict, "error.conflict", nil, "expert %q changed concurrently", old.ID)
	if err := s.db.claimVersion(ctx, versionClaim{versions: s.db.db.Collection(colExpertVersions), records: s.coll(),
		parentKey: "expertId", id: old.ID, version: old.Version, state: old, conflict: conflict}); err != nil {
		return err
	}
	next.UpdatedAt, next.Version = s.db.now(), old.Version+1
	changed := platform.ChangedFields(old, next)
	auditBefore, auditAfter := any(old), any(next)
	if next.Status == platform.ExpertErased {
		// The trail of an erased profile keeps that it was erased, not
		// what it held.
		auditBefore, auditAfter = nil, nil
	}
	w := upsert(platform.TypeExpert, old.ID).holding(next).audited(action, auditBefore, auditAfter)
	if auditBefore == nil {
		w = w.auditedAs(auditRecord{kind: platform.TypeExpert, id: old.ID, action: action, note: note})
	}
	// The events that link the profile are searched by its name as far as
	// its consent allows (see indexer's eventSource): they are indexed
	// again with it. The record is the profile's, held first.
	linked, err := s.linkedEvents(ctx, old)
	if err != nil {
		return err
	}
	for _, id := range linked {
		w.changes = append(w.changes, change{typ: platform.TypeEvent, id: id, op: platform.OpUpsert})
	}
	return s.db.write(ctx, w, func(ctx context.Context, seq uint64) error {
		next.Seq = seq
		res, err := s.coll().ReplaceOne(ctx, bson.D{{Key: "_id", Value: old.ID}, {Key: "version", Value: old.Version}}, next)
		if err == nil && res.MatchedCount == 0 {
			err = conflict
		}
		if err != nil {
			return err
		}
		return s.addHistory(ctx, next, action, changed, note)
	})
}

// linkedEvents lists the events that link profile e (or one merged into
// it).
func (s *ExpertService) linkedEvents(ctx context.Context, e *platform.Expert) ([]string, error) {
	ids := append([]string{e.ID}, e.MergedFrom...)
	var out []string
	err := s.db.mirror().view(ctx, func(m *mirror) {
		for _, ev := range m.events {
			if slices.ContainsFunc(ev.Experts, func(x platform.EventExpert) bool { return slices.Contains(ids, x.ExpertID) }) {
				out = append(out, ev.ID)
			}
		}
	})
	slices.Sort(out)
	return out, err
}

// UpdateExpert implements platform.ExpertService.
func (s *ExpertService) UpdateExpert(ctx context.Context, id string, in platform.ExpertInput) (_ *platform.Expert, err error) {
	defer platform.Wrap(&err, "UpdateExpert(%q)", id)
	in.Normalize()
	old, err := s.editable(ctx, id, in)
	if err != nil {
		return nil, err
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	if in.IfVersion != 0 && in.IfVersion != old.Version {
		return nil, platform.Localized(platform.Conflict, "error.conflict", nil, "expert %q changed concurrently", id)
	}
	if err := s.checkMaterials(ctx, in.Materials); err != nil {
		return nil, err
	}
	next := old.Clone()
	next.ExpertProfile = in.ExpertProfile
	if u := platform.UserFromContext(ctx); platform.IsSecretariat(u) && in.UserID != old.UserID {
		// Relinking a profile to another account moves the owner's claim.
		if in.UserID != "" {
			if _, err := NewUserService(s.db).FindUserByID(ctx, in.UserID); err != nil {
				return nil, platform.Localized(platform.Invalid, "experts.error.bad_field", map[string]any{"Field": "userId", "Value": in.UserID}, "userId: no such user")
			}
			if err := s.claimOwner(ctx, in.UserID, id); err != nil {
				return nil, err
			}
		}
		next.UserID = in.UserID
	}
	if err := s.replace(ctx, old, next, platform.ActionUpdate, ""); err != nil {
		if next.UserID != old.UserID {
			_ = s.releaseOwner(context.WithoutCancel(ctx), next.UserID)
		}
		return nil, err
	}
	if next.UserID != old.UserID {
		if err := s.releaseOwner(ctx, old.UserID); err != nil {
			return nil, err
		}
	}
	return next.Clone(), nil
}

// ApproveExpert implements platform.ExpertService.
func (s *ExpertService) ApproveExpert(ctx context.Context, id string) (_ *platform.Expert, err error) {
	defer platform.Wrap(&err, "ApproveExpert(%q)", id)
	u := platform.UserFromContext(ctx)
	if err := secretariatOnly(u, "approve profiles"); err != nil {
		return nil, s.db.denied(ctx, platform.TypeExpert, id, nil, err)
	}
	old, err := s.editable(ctx, id, nil)
	if err != nil {
		return nil, err
	}
	if old.Status != platform.ExpertPending {
		return nil, platform.Localized(platform.Conflict, "experts.error.not_pending", nil, "expert %s is not pending", id)
	}
	next := old.Clone()
	now := s.db.now()
	next.Status, next.ApprovedAt, next.ApprovedBy = platform.ExpertApproved, &now, u.ID
	if err := s.replace(ctx, old, next, "approve", ""); err != nil {
		return nil, err
	}
	return next.Clone(), nil
}

// SetExpertPhoto records a profile's new photo (nil removes it) and
// returns the one it replaces, whose stored file the caller removes.
// Codes: NotFound, Unauthorized, Forbidden (audited), Conflict.
func (s *ExpertService) SetExpertPhoto(ctx context.Context, id string, p *platform.ExpertPhoto) (_ *platform.ExpertPhoto, err error) {
	defer platform.Wrap(&err, "SetExpertPhoto(%q)", id)
	old, err := s.editable(ctx, id, map[string]any{"photo": p})
	if err != nil {
		return nil, err
	}
	next := old.Clone()
	next.Photo = p
	if err := s.replace(ctx, old, next, platform.ActionUpdate, ""); err != nil {
		return nil, err
	}
	return old.Photo, nil
}

// CheckExpertEdit reports whether the user in ctx may change profile id,
// before a costly upload is read. Codes: NotFound, Unauthorized,
// Forbidden (audited), Conflict.
func (s *ExpertService) CheckExpertEdit(ctx context.Context, id string) error {
	_, err := s.editable(ctx, id, nil)
	return err
}

// ExpertHistory implements platform.ExpertService.
func (s *ExpertService) ExpertHistory(ctx context.Context, id string) (_ []platform.ExpertVersion, err error) {
	defer platform.Wrap(&err, "ExpertHistory(%q)", id)
	u := platform.UserFromContext(ctx)
	if u == nil {
		return nil, signInRequired()
	}
	e, err := s.current(ctx, id)
	if err != nil {
		return nil, err
	}
	if e == nil || !platform.CanSeeExpert(u, e) {
		return nil, expertNotFound(id)
	}
	if err := checkOwnOrSecretariat(ctx, e); err != nil {
		return nil, err
	}
	var out []platform.ExpertVersion
	ids := append([]string{e.ID}, e.MergedFrom...)
	for _, pid := range ids {
		p, err := s.expert(ctx, pid)
		if err != nil {
			return nil, err
		}
		if p == nil {
			continue
		}
		// One lookup by _id a version: FerretDB answers those from its
		// primary key, where a filter on expertId would read every entry.
		for v := 1; v <= p.Version; v++ {
			var h historyDoc
			err := s.db.db.Collection(colExpertHistory).FindOne(ctx, byID(fmt.Sprintf("%s.%d", pid, v))).Decode(&h)
			if errors.Is(err, mongo.ErrNoDocuments) {
				continue
			}
			if err != nil {
				return nil, translate(err)
			}
			out = append(out, h.ExpertVersion)
		}
	}
	slices.SortStableFunc(out, func(a, b platform.ExpertVersion) int { return a.At.Compare(b.At) })
	return out, nil
}

// Deliveries implements platform.ExpertService: the events that link the
// profile (or one merged into it) as trainer or speaker, and those that
// name the expert among their trainers or speakers in either script (the
// events recorded before profiles existed).
func (s *ExpertService) Deliveries(ctx context.Context, id string) ([]platform.ExpertDelivery, error) {
	v, err := s.FindExpertByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if !v.Sees(platform.FieldTrainings) {
		return []platform.ExpertDelivery{}, nil
	}
	full, err := s.expert(ctx, v.ID)
	if err != nil || full == nil {
		return nil, err
	}
	var out []platform.ExpertDelivery
	err = s.db.mirror().view(ctx, func(m *mirror) {
		out = deliveries(m, full, func(e *platform.Event) bool { return visible(ctx, e.Visibility) })
	})
	return out, err
}

// deliveries lists the events of the mirror (m.mu held) that e delivered
// and keep accepts, latest first.
func deliveries(m *mirror, e *platform.Expert, keep func(*platform.Event) bool) []platform.ExpertDelivery {
	ids := append([]string{e.ID}, e.MergedFrom...)
	names := e.Names()
	out := []platform.ExpertDelivery{}
	for _, ev := range m.events {
		if ev.Status == platform.EventCancelled || !keep(ev) {
			continue
		}
		role := platform.ExpertRole("")
		for _, x := range ev.Experts {
			if slices.Contains(ids, x.ExpertID) {
				role = x.Role
			}
		}
		if role == "" && e.Status != platform.ExpertErased {
			for _, list := range []struct {
				names []string
				role  platform.ExpertRole
			}{{ev.Trainers, platform.RoleTrainer}, {ev.Speakers, platform.RoleSpeaker}} {
				for _, n := range list.names {
					if role == "" && platform.NameMentions(n, names) {
						role = list.role
					}
				}
			}
		}
		if role != "" {
			out = append(out, platform.ExpertDelivery{EventID: ev.ID, Role: role, Start: ev.Start, End: ev.End, Kind: ev.Kind})
		}
	}
	slices.SortFunc(out, func(a, b platform.ExpertDelivery) int {
		return cmp.Or(b.Start.Compare(a.Start), cmp.Compare(a.EventID, b.EventID))
	})
	return out
}

// RequestExpertDeletion implements platform.ExpertService.
func (s *ExpertService) RequestExpertDeletion(ctx context.Context, id, reason string) (err error) {
	defer platform.Wrap(&err, "RequestExpertDeletion(%q)", id)
	reason = strings.TrimSpace(reason)
	if !utf8.ValidString(reason) || utf8.RuneCountInString(reason) > 2000 {
		return platform.Localized(platform.Invalid, "experts.error.bad_field", map[string]any{"Field": "reason", "Value": ""}, "reason: too long")
	}
	old, err := s.editable(ctx, id, map[string]any{"deletionRequested": true})
	if err != nil {
		return err
	}
	if !platform.IsOwnExpert(platform.UserFromContext(ctx), old) {
		return s.db.denied(ctx, platform.TypeExpert, id, nil, platform.Localized(platform.Forbidden, "experts.error.forbidden", nil,
			"only the expert asks for their profile's deletion"))
	}
	next := old.Clone()
	now := s.db.now()
	next.DeletionRequestedAt, next.DeletionReason = &now, reason
	return s.replace(ctx, old, next, "deletion-request", "")
}

// EraseExpert implements platform.ExpertService. What it erases: the
// profile's fields, its photo, its earlier states, the values in its audit
// entries, the history's names of the expert as editor, and the expert's
// names in the trainers and speakers of the events they taught (those keep
// the link, which pages show as "a trainer").
func (s *ExpertService) EraseExpert(ctx context.Context, id string) (err error) {
	defer platform.Wrap(&err, "EraseExpert(%q)", id)
	if err := secretariatOnly(platform.UserFromContext(ctx), "erase profiles"); err != nil {
		return s.db.denied(ctx, platform.TypeExpert, id, nil, err)
	}
	old, err := s.expert(ctx, id)
	if err != nil {
		return err
	}
	if old == nil {
		return expertNotFound(id)
	}
	if old.Status == platform.ExpertErased {
		return nil
	}
	ids := append([]string{old.ID}, old.MergedFrom...)
	var profiles []*platform.Expert
	for _, pid := range ids {
		p, err := s.expert(ctx, pid)
		if err != nil {
			return err
		}
		if p != nil && p.Status != platform.ExpertErased {
			profiles = append(profiles, p)
		}
	}
	for _, p := range profiles {
		if err := s.erase(ctx, p); err != nil {
			return err
		}
	}
	return nil
}

// erase erases one profile (see EraseExpert).
func (s *ExpertService) erase(ctx context.Context, old *platform.Expert) error {
	names := old.Names()
	next := &platform.Expert{ID: old.ID, Status: platform.ExpertErased, CreatedAt: old.CreatedAt, MergedInto: old.MergedInto, MergedFrom: old.MergedFrom}
	if err := s.replace(ctx, old, next, platform.ActionErase, ""); err != nil {
		return err
	}
	if old.Photo != nil && s.opt.RemovePhoto != nil {
		if err := s.opt.RemovePhoto(ctx, old.Photo.Key); err != nil {
			return err
		}
	}
	if err := s.releaseOwner(ctx, old.UserID); err != nil {
		return err
	}
	versions := s.db.db.Collection(colExpertVersions)
	for v := 1; v <= next.Version; v++ {
		if _, err := versions.DeleteOne(ctx, byID(fmt.Sprintf("%s.%d", old.ID, v))); err != nil {
			return translate(err)
		}
		if old.UserID != "" {
			if _, err := s.db.db.Collection(colExpertHistory).UpdateOne(ctx,
				bson.D{{Key: "_id", Value: fmt.Sprintf("%s.%d", old.ID, v)}, {Key: "by", Value: old.UserID}},
				bson.D{{Key: "$set", Value: bson.D{{Key: "byName", Value: ""}}}}); err != nil {
				return translate(err)
			}
		}
	}
	if err := s.db.scrubAudit(ctx, platform.TypeExpert, old.ID); err != nil {
		return err
	}
	return s.unnameInEvents(ctx, old, names)
}

// unnameInEvents takes an erased expert's names out of the trainers and
// speakers of the events that link the profile or name them.
func (s *ExpertService) unnameInEvents(ctx context.Context, e *platform.Expert, names []string) error {
	var touched []string
	err := s.db.mirror().view(ctx, func(m *mirror) {
		for _, ev := range m.events {
			if typed := eventPeople(ev.Trainers, ev.Speakers, ev.Sessions); slices.ContainsFunc(typed, func(n string) bool { return platform.NameMentions(n, names) }) {
				touched = append(touched, ev.ID)
			}
		}
	})
	if err != nil {
		return err
	}
	return s.db.unnameEvents(ctx, touched, names)
}

// unnameEvents takes the typed names that mention the person of names
// (platform.NameMentions) out of the trainers and speakers of the events
// ids, of their earlier states and of the values in their audit entries.
func (db *DB) unnameEvents(ctx context.Context, ids []string, names []string) error {
	sys := platform.NewContextWithUser(ctx, platform.System())
	events := NewEventService(db)
	for _, id := range ids {
		ev, err := events.FindEventByID(sys, id)
		if err != nil {
			continue
		}
		in := ev.Input()
		typed := unname(&in.Trainers, &in.Speakers, in.Sessions, names)
		if len(typed) == 0 {
			continue // it does not name them
		}
		up, err := events.UpdateEvent(sys, id, in)
		if err != nil {
			return err
		}
		// The event's earlier states and its audit trail named them too.
		if err := db.scrubAudit(ctx, platform.TypeEvent, id, slices.Concat(typed, names)...); err != nil {
			return err
		}
		for v := 1; v < up.Version; v++ {
			if err := db.unnameVersion(ctx, colEventVersions, fmt.Sprintf("%s.%d", id, v), names); err != nil {
				return err
			}
		}
	}
	return nil
}

// unnameVersion takes the typed names that mention the person of names
// out of the trainers and speakers of an event's earlier state.
func (db *DB) unnameVersion(ctx context.Context, coll, id string, names []string) error {
	var v struct {
		Doc platform.Event `bson:"doc"`
	}
	err := db.db.Collection(coll).FindOne(ctx, byID(id)).Decode(&v)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil
	}
	if err != nil {
		return translate(err)
	}
	if len(unname(&v.Doc.Trainers, &v.Doc.Speakers, v.Doc.Sessions, names)) == 0 {
		return nil
	}
	_, err = db.db.Collection(coll).UpdateOne(ctx, byID(id), bson.D{{Key: "$set", Value: bson.D{
		{Key: "doc.trainers", Value: v.Doc.Trainers}, {Key: "doc.speakers", Value: v.Doc.Speakers}, {Key: "doc.sessions", Value: v.Doc.Sessions}}}})
	return translate(err)
}

// eventPeople lists the people an event names: its trainers and speakers
// and its sessions' speakers.
func eventPeople(trainers, speakers []string, sessions []platform.EventSession) []string {
	out := slices.Concat(trainers, speakers)
	for _, se := range sessions {
		out = append(out, se.Speakers...)
	}
	return out
}

// unname takes the typed names that mention the person of names out of an
// event's trainers, speakers and sessions' speakers (the sessions in
// place), and returns those it took.
func unname(trainers, speakers *[]string, sessions []platform.EventSession, names []string) []string {
	var took []string
	drop := func(list []string) []string {
		kept := slices.DeleteFunc(slices.Clone(list), func(n string) bool {
			if platform.NameMentions(n, names) {
				took = append(took, n)
				return true
			}
			return false
		})
		return kept
	}
	*trainers, *speakers = drop(*trainers), drop(*speakers)
	for i := range sessions {
		sessions[i].Speakers = drop(sessions[i].Speakers)
	}
	return took
}

// MergeExperts implements platform.ExpertService.
func (s *ExpertService) MergeExperts(ctx context.Context, keepID, dropID string) (_ *platform.Expert, err error) {
	defer platform.Wrap(&err, "MergeExperts(%q, %q)", keepID, dropID)
	if err := secretariatOnly(platform.UserFromContext(ctx), "merge profiles"); err != nil {
		return nil, s.db.denied(ctx, platform.TypeExpert, keepID, nil, err)
	}
	if keepID == dropID {
		return nil, platform.Localized(platform.Invalid, "experts.error.merge_self", map[string]any{"Field": "drop"}, "drop: a profile cannot be merged with itself")
	}
	keep, err := s.editable(ctx, keepID, nil)
	if err != nil {
		return nil, err
	}
	drop, err := s.editable(ctx, dropID, nil)
	if err != nil {
		return nil, err
	}
	if keep.UserID != "" && drop.UserID != "" {
		return nil, platform.Localized(platform.Conflict, "experts.error.merge_two_accounts", nil,
			"both profiles belong to accounts: the people should say which one is theirs")
	}
	next := keep.Clone()
	mergeProfile(&next.ExpertProfile, &drop.ExpertProfile)
	if next.Photo == nil && drop.Photo != nil {
		next.Photo = drop.Photo
	}
	next.MergedFrom = append(append(next.MergedFrom, drop.ID), drop.MergedFrom...)
	if next.UserID == "" && drop.UserID != "" {
		next.UserID = drop.UserID
	}
	if next.Status == platform.ExpertPending && drop.Status == platform.ExpertApproved {
		next.Status, next.ApprovedAt, next.ApprovedBy = platform.ExpertApproved, drop.ApprovedAt, drop.ApprovedBy
	}
	gone := drop.Clone()
	gone.Status, gone.MergedInto = platform.ExpertMerged, keep.ID
	note := "merged " + drop.ID + " into " + keep.ID
	// The dropped profile first: a failure between the two leaves it
	// merged into a profile that lacks some of its fields, which the
	// dropped state (kept as a version) still holds.
	if err := s.replace(ctx, drop, gone, "merge", note); err != nil {
		return nil, err
	}
	if err := s.replace(ctx, keep, next, "merge", note); err != nil {
		return nil, err
	}
	if drop.UserID != "" && next.UserID == drop.UserID {
		if _, err := s.db.db.Collection(colExpertOwners).ReplaceOne(ctx, byID(drop.UserID),
			bson.D{{Key: "_id", Value: drop.UserID}, {Key: "expertId", Value: keep.ID}}); err != nil {
			return nil, translate(err)
		}
	}
	return next.Clone(), nil
}

// mergeProfile fills what keep lacks from drop: empty fields are taken,
// lists are united (a language at the better level), biographies and
// consent choices filled language by language, field by field. Where both
// have a value, keep's stays.
func mergeProfile(keep, drop *platform.ExpertProfile) {
	fill := func(dst *string, src string) {
		if *dst == "" {
			*dst = src
		}
	}
	fill(&keep.NameCyrillic, drop.NameCyrillic)
	fill(&keep.NameLatin, drop.NameLatin)
	fill(&keep.Country, drop.Country)
	fill(&keep.Organization, drop.Organization)
	fill(&keep.Position, drop.Position)
	fill(&keep.Contact.Email, drop.Contact.Email)
	fill(&keep.Contact.Phone, drop.Contact.Phone)
	fill(&keep.Contact.Messenger, drop.Contact.Messenger)
	unite := func(a, b []string) []string {
		for _, x := range b {
			if !slices.Contains(a, x) {
				a = append(a, x)
			}
		}
		return a
	}
	keep.Areas = unite(keep.Areas, drop.Areas)
	keep.Materials = unite(keep.Materials, drop.Materials)
	for _, n := range drop.Articles {
		if !slices.Contains(keep.Articles, n) {
			keep.Articles = append(keep.Articles, n)
		}
	}
	slices.Sort(keep.Articles)
	for _, l := range drop.Languages {
		i := slices.IndexFunc(keep.Languages, func(k platform.LanguageSkill) bool { return k.Lang == l.Lang })
		switch {
		case i < 0:
			keep.Languages = append(keep.Languages, l)
		case l.Level.Rank() > keep.Languages[i].Level.Rank():
			keep.Languages[i].Level = l.Level
		}
	}
	for _, x := range drop.IRM {
		if !slices.Contains(keep.IRM, x) {
			keep.IRM = append(keep.IRM, x)
		}
	}
	for _, p := range drop.Availability {
		if !slices.Contains(keep.Availability, p) {
			keep.Availability = append(keep.Availability, p)
		}
	}
	slices.SortFunc(keep.Availability, func(a, b platform.Period) int { return a.From.Compare(b.From) })
	for lang, b := range drop.Biography {
		if keep.Biography == nil {
			keep.Biography = map[string]string{}
		}
		if keep.Biography[lang] == "" {
			keep.Biography[lang] = b
		}
	}
	// Each field takes the narrower of the two choices: a value the
	// dropped profile showed to fewer readers must not reach more through
	// the kept one, and no choice of the kept one widens.
	consent := map[platform.ExpertField]string{}
	for _, f := range platform.ExpertFields() {
		consent[f] = platform.NarrowerConsent(keep.ConsentOf(f), drop.ConsentOf(f))
	}
	keep.Consent = consent
	keep.DoNotPropose = keep.DoNotPropose || drop.DoNotPropose
}

// ExportExpert implements platform.ExpertService; the export is audited.
func (s *ExpertService) ExportExpert(ctx context.Context, id string) (_ *platform.ExpertExport, err error) {
	defer platform.Wrap(&err, "ExportExpert(%q)", id)
	u := platform.UserFromContext(ctx)
	if u == nil {
		return nil, signInRequired()
	}
	e, err := s.current(ctx, id)
	if err != nil {
		return nil, err
	}
	if e == nil || !platform.CanSeeExpert(u, e) {
		return nil, expertNotFound(id)
	}
	if err := checkOwnOrSecretariat(ctx, e); err != nil {
		return nil, err
	}
	hist, err := s.ExpertHistory(ctx, e.ID)
	if err != nil {
		return nil, err
	}
	// Empty lists, not nil: the export's JSON says [] where there is none
	// (the API documents arrays, not null).
	inv := []*platform.ExpertInvitation{}
	del := []platform.ExpertDelivery{}
	err = s.db.mirror().view(ctx, func(m *mirror) {
		ids := append([]string{e.ID}, e.MergedFrom...)
		for _, x := range m.invitations {
			if slices.Contains(ids, x.ExpertID) {
				c := *x
				inv = append(inv, &c)
			}
		}
		del = append(del, deliveries(m, e, func(ev *platform.Event) bool { return visible(ctx, ev.Visibility) })...)
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(inv, func(a, b *platform.ExpertInvitation) int { return a.At.Compare(b.At) })
	if err := s.db.record(ctx, auditRecord{kind: platform.TypeExpert, id: e.ID, action: platform.ActionExport}); err != nil {
		return nil, err
	}
	if hist == nil {
		hist = []platform.ExpertVersion{}
	}
	return &platform.ExpertExport{ExportedAt: s.db.now(), Expert: e, History: hist, Invitations: inv, Deliveries: del}, nil
}

// AllExperts calls fn for every profile, whatever its status or consent;
// it is for the search index and the secretariat's tools.
func (s *ExpertService) AllExperts(ctx context.Context, fn func(*platform.Expert) error) error {
	var all []*platform.Expert
	if err := s.db.mirror().view(ctx, func(m *mirror) {
		for _, e := range m.experts {
			all = append(all, e.Clone())
		}
	}); err != nil {
		return err
	}
	slices.SortFunc(all, func(a, b *platform.Expert) int { return cmp.Compare(a.ID, b.ID) })
	for _, e := range all {
		if err := fn(e); err != nil {
			return err
		}
	}
	return nil
}

// StoredExpert returns a profile whole, whatever its status or consent, or
// nil: for the search index, which makes each reader's view of it.
func (s *ExpertService) StoredExpert(ctx context.Context, id string) (*platform.Expert, error) {
	return s.expert(ctx, id)
}
