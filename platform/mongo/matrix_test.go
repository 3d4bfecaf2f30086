package mongo_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/files"
	"github.com/ca-uncac/hub/platform/mongo"
)

// The permission matrix: every role (and the anonymous visitor, and a
// deactivated account) × a record of their own country or another's × every
// action of every service × every visibility. The expected answer of each
// cell comes from want, which states the rules of issue 3 in a few lines,
// independently of the code under test; later services add their rows to
// matrixServices. One rule came later, from a probe of the hub: only the
// secretariat gives a record (document or event) the visibility
// "secretariat", because a focal point who did would lose their own record.

// matrixActor is one column of the matrix.
type matrixActor struct {
	name     string
	role     string // "" for anonymous
	disabled bool
}

var matrixActors = []matrixActor{
	{name: "anonymous"},
	{name: "expert", role: platform.RoleExpert},
	{name: "focal point", role: platform.RoleFocalPoint},
	{name: "secretariat", role: platform.RoleSecretariat},
	{name: "deactivated focal point", role: platform.RoleFocalPoint, disabled: true},
}

// The actors' own country, and another.
const (
	ownCountry   = "KZ"
	otherCountry = "UZ"
)

// want is the rule, cell by cell: "" for allowed, else the error code.
func want(a matrixActor, own bool, action, visibility string) string {
	member := a.role != "" && !a.disabled
	visible := visibility == "" || visibility == platform.Public ||
		visibility == platform.Members && member ||
		visibility == platform.Secretariat && member && a.role == platform.RoleSecretariat
	editor := member && (a.role == platform.RoleSecretariat || a.role == platform.RoleFocalPoint && own)
	// The visibility a writer gives the record: the cell's own, or
	// secretariat-only for "make secretariat-only".
	gives := visibility
	if action == "make secretariat-only" {
		gives = platform.Secretariat
	}
	mayGive := gives != platform.Secretariat || a.role == platform.RoleSecretariat
	switch action {
	case "read", "list", "list attachments":
		if !visible {
			return platform.NotFound // its existence is not revealed
		}
		return ""
	case "create":
		switch {
		case a.role == "":
			return platform.Unauthorized
		case editor && mayGive:
			return ""
		}
		return platform.Forbidden
	case "see a relation to a secretariat-only document":
		// A reader sees a relation only when they may see its target too.
		if !visible || a.role != platform.RoleSecretariat || !member {
			return platform.NotFound
		}
		return ""
	case "create a regional event":
		switch {
		case a.role == "":
			return platform.Unauthorized
		case member && a.role == platform.RoleSecretariat:
			return ""
		}
		return platform.Forbidden
	case "update a regional event", "delete a regional event":
		switch {
		case a.role == "":
			return platform.Unauthorized
		case !visible:
			return platform.NotFound
		case member && a.role == platform.RoleSecretariat:
			return ""
		}
		return platform.Forbidden
	case "update", "make secretariat-only", "delete", "attach a file", "remove a file",
		"update keeping a relation to a deleted document", "add a progress update", "reassess":
		// A relation the record had does not stop its editors, whatever
		// became of the document it points at.
		setsVisibility := action == "update" || action == "make secretariat-only" ||
			action == "update keeping a relation to a deleted document"
		switch {
		case a.role == "":
			return platform.Unauthorized
		case !visible:
			return platform.NotFound
		case editor && (mayGive || !setsVisibility):
			return ""
		}
		return platform.Forbidden
	}
	// The roadmap: items of the cell's country follow the rules above
	// (add a progress update and reassess as an update); the secretariat
	// alone reviews claims, keeps priorities and carries items over.
	switch action {
	case "verify a claim", "save a priority", "carry over":
		switch {
		case a.role == "":
			return platform.Unauthorized
		case member && a.role == platform.RoleSecretariat:
			return ""
		}
		return platform.Forbidden
	}
	// Registrations (for a national training of the cell's country, of a
	// participant of that country): anyone registers; the event's editors
	// register its staff, check in and record participants; the
	// registration is read, cancelled and decided by the focal point of the
	// participant's country and the secretariat (and its participant), and
	// does not exist for anyone else.
	approver := member && (a.role == platform.RoleSecretariat || a.role == platform.RoleFocalPoint && own)
	switch action {
	case "register":
		return ""
	case "register a trainer":
		switch {
		case a.role == "":
			return platform.Unauthorized
		case editor:
			return ""
		}
		return platform.Forbidden
	case "read a registration", "cancel a registration", "approve a registration":
		if approver {
			return ""
		}
		return platform.NotFound
	case "list an event's registrations":
		switch {
		case a.role == "":
			return platform.Unauthorized
		case member && (a.role == platform.RoleSecretariat || a.role == platform.RoleFocalPoint):
			return "" // a focal point lists their own country's participants
		}
		return platform.Forbidden
	case "check a participant in", "record participants":
		switch {
		case a.role == "":
			return platform.Unauthorized
		case editor:
			return ""
		}
		return platform.Forbidden
	}
	// Experts' profiles (the cell's visibility is the profile's name
	// consent): a profile is read by those its expert consented to show
	// its name to; only its expert and the secretariat change it; the
	// secretariat alone approves, merges, erases and invites; an expert
	// account or the secretariat makes a profile.
	switch action {
	case "read a profile":
		if !visible {
			return platform.NotFound
		}
		return ""
	case "create a profile":
		switch {
		case a.role == "":
			return platform.Unauthorized
		case member && (a.role == platform.RoleExpert || a.role == platform.RoleSecretariat):
			return ""
		}
		return platform.Forbidden
	case "edit another's profile", "read another's profile history":
		switch {
		case a.role == "":
			return platform.Unauthorized
		case member && a.role == platform.RoleSecretariat:
			return ""
		case !visible:
			return platform.NotFound
		}
		return platform.Forbidden
	case "approve a profile", "merge profiles", "erase a profile", "invite an expert":
		switch {
		case a.role == "":
			return platform.Unauthorized
		case member && a.role == platform.RoleSecretariat:
			return ""
		}
		return platform.Forbidden
	}
	// Follows: a signed-in user follows what they may see, and reads their
	// own follows and notifications; a deactivated account acts as nobody.
	switch action {
	case "follow":
		switch {
		case !member:
			return platform.Unauthorized
		case !visible:
			return platform.NotFound
		}
		return ""
	case "follow a country", "list own follows", "read own notifications", "mark own notifications read":
		if !member {
			return platform.Unauthorized
		}
		return ""
	}
	// Accounts: everyone manages their own, the secretariat everyone's; a
	// deactivated account acts as nobody.
	if a.disabled {
		return platform.Unauthorized
	}
	switch action {
	case "read own account", "change own name", "export own data", "create own token":
		if a.role == "" {
			return platform.Unauthorized
		}
		return ""
	case "change own role":
		switch {
		case a.role == "":
			return platform.Unauthorized
		case a.role == platform.RoleSecretariat && !a.disabled:
			return platform.Invalid // not even the secretariat: another member must
		}
		return platform.Forbidden
	case "read another account", "change another's role", "export another's data", "list users", "invite a user", "read the audit trail":
		switch {
		case a.role == "":
			return platform.Unauthorized
		case a.role == platform.RoleSecretariat && !a.disabled:
			return ""
		case action == "read another account" || action == "export another's data" || action == "change another's role":
			return platform.NotFound
		}
		return platform.Forbidden
	case "erase a user":
		// The secretariat carries out deletions; anyone else is refused,
		// whoever the user (not "not found": the answer says nothing of
		// them).
		switch {
		case a.role == "":
			return platform.Unauthorized
		case a.role == platform.RoleSecretariat:
			return ""
		}
		return platform.Forbidden
	case "erase own account":
		switch {
		case a.role == "":
			return platform.Unauthorized
		case a.role == platform.RoleSecretariat:
			return platform.Invalid // another member of the secretariat must
		}
		return platform.Forbidden
	case "create a token for another":
		if a.role == "" {
			return platform.Unauthorized
		}
		return platform.Forbidden // tokens are their owner's alone
	}
	panic("no rule for " + action)
}

// matrixEnv is what the cells act on.
type matrixEnv struct {
	db     *mongo.DB
	docs   *mongo.DocumentService
	atts   *files.Service
	events *mongo.EventService
	users  *mongo.UserService
	audit  *mongo.AuditService
	// actors' users, by actor name (anonymous: nil); stored in the database.
	as map[string]*platform.User
	// another user in each country, for the account actions.
	others map[bool]*platform.User
	// roadmapPriority is the priority the roadmap's cells put items under.
	roadmapPriority string
}

// matrixCell is one action on one record, returning the error.
type matrixCell struct {
	action     string
	visibility string // "" where the service has none
	own        bool
	do         func(ctx context.Context) error
	// unchanged, when set, checks after a refusal that nothing changed.
	unchanged func(t *testing.T)
}

// matrixService lists the cells of one service for an actor.
type matrixService struct {
	name  string
	cells func(t *testing.T, env *matrixEnv, a matrixActor) []matrixCell
}

var matrixServices = []matrixService{
	{"documents", documentCells},
	{"attachments", attachmentCells},
	{"events", eventCells},
	{"registrations", registrationCells},
	{"experts", expertCells},
	{"roadmap", roadmapCells},
	{"recommendations", recommendationCells},
	{"follows", followCells},
	{"users", userCells},
	{"audit", auditCells},
}

func countries(own bool) string {
	if own {
		return ownCountry
	}
	return otherCountry
}

func documentCells(t *testing.T, env *matrixEnv, a matrixActor) []matrixCell {
	sec := system()
	var cells []matrixCell
	for _, own := range []bool{true, false} {
		c := countries(own)
		for _, vis := range platform.Visibilities() {
			// Each cell gets its own record, so that an allowed delete
			// does not change what the next cell sees.
			fresh := func() *platform.Document {
				d, err := env.docs.CreateDocument(sec, lawInput(c, vis))
				if err != nil {
					t.Fatal(err)
				}
				return d
			}
			read, upd, hide, del := fresh(), fresh(), fresh(), fresh()
			// Records pointing at a document deleted since, and at a
			// secretariat-only one.
			related := func(target *platform.Document) *platform.Document {
				in := lawInput(c, vis)
				in.Relations = []platform.Relation{{Type: platform.RelAmends, Target: target.ID}}
				d, err := env.docs.CreateDocument(sec, in)
				if err != nil {
					t.Fatal(err)
				}
				return d
			}
			gone, err := env.docs.CreateDocument(sec, lawInput(c, platform.Public))
			if err != nil {
				t.Fatal(err)
			}
			secret, err := env.docs.CreateDocument(sec, lawInput(otherCountry, platform.Secretariat))
			if err != nil {
				t.Fatal(err)
			}
			relGone, relSecret := related(gone), related(secret)
			if err := env.docs.DeleteDocument(sec, gone.ID); err != nil {
				t.Fatal(err)
			}
			version := func(d *platform.Document) func(t *testing.T) {
				return func(t *testing.T) {
					got, err := env.docs.FindDocumentByID(sec, d.ID)
					if err != nil || got.Version != d.Version || got.Translations["en"].Title != d.Translations["en"].Title {
						t.Fatalf("a refused write changed the record: %v %+v", err, got)
					}
				}
			}
			cells = append(cells,
				matrixCell{action: "read", visibility: vis, own: own, do: func(ctx context.Context) error {
					_, err := env.docs.FindDocumentByID(ctx, read.ID)
					return err
				}},
				matrixCell{action: "list", visibility: vis, own: own, do: func(ctx context.Context) error {
					list, _, err := env.docs.FindDocuments(ctx, platform.DocumentFilter{IDs: []string{read.ID}})
					if err != nil {
						return err
					}
					if !slices.ContainsFunc(list, func(d *platform.Document) bool { return d.ID == read.ID }) {
						return platform.Errorf(platform.NotFound, "not listed")
					}
					return nil
				}},
				matrixCell{action: "update", visibility: vis, own: own, unchanged: version(upd), do: func(ctx context.Context) error {
					in := lawInput(c, vis)
					in.Translations["en"] = platform.Translation{Title: "Changed by " + a.name}
					_, err := env.docs.UpdateDocument(ctx, upd.ID, in)
					return err
				}},
				matrixCell{action: "make secretariat-only", visibility: vis, own: own, unchanged: version(hide), do: func(ctx context.Context) error {
					in := lawInput(c, platform.Secretariat)
					in.Translations["en"] = platform.Translation{Title: "Hidden by " + a.name}
					_, err := env.docs.UpdateDocument(ctx, hide.ID, in)
					return err
				}},
				matrixCell{action: "delete", visibility: vis, own: own, unchanged: version(del), do: func(ctx context.Context) error {
					return env.docs.DeleteDocument(ctx, del.ID)
				}},
				matrixCell{action: "create", visibility: vis, own: own, do: func(ctx context.Context) error {
					_, err := env.docs.CreateDocument(ctx, lawInput(c, vis))
					return err
				}},
				matrixCell{action: "update keeping a relation to a deleted document", visibility: vis, own: own, unchanged: version(relGone),
					do: func(ctx context.Context) error {
						in := lawInput(c, vis)
						in.Relations = []platform.Relation{{Type: platform.RelAmends, Target: gone.ID}}
						in.Translations["en"] = platform.Translation{Title: "Changed by " + a.name}
						_, err := env.docs.UpdateDocument(ctx, relGone.ID, in)
						return err
					}},
				matrixCell{action: "see a relation to a secretariat-only document", visibility: vis, own: own, do: func(ctx context.Context) error {
					d, err := env.docs.FindDocumentByID(ctx, relSecret.ID)
					if err != nil {
						return err
					}
					if len(d.Relations) == 0 {
						return platform.Errorf(platform.NotFound, "relation not shown")
					}
					return nil
				}},
			)
		}
	}
	return cells
}

func attachmentCells(t *testing.T, env *matrixEnv, a matrixActor) []matrixCell {
	sec := system()
	var cells []matrixCell
	for _, own := range []bool{true, false} {
		c := countries(own)
		for _, vis := range platform.Visibilities() {
			d, err := env.docs.CreateDocument(sec, lawInput(c, vis))
			if err != nil {
				t.Fatal(err)
			}
			kept, err := env.atts.CreateAttachment(sec, d.ID, upload("law.txt", []byte("Article 1. "+c+" "+vis), "txt"))
			if err != nil {
				t.Fatal(err)
			}
			files := func(t *testing.T) {
				list, err := env.atts.FindAttachments(sec, d.ID)
				if err != nil || len(list) != 1 || list[0].ID != kept.ID {
					t.Fatalf("a refused write changed the attachments: %v %d", err, len(list))
				}
			}
			cells = append(cells,
				matrixCell{action: "list attachments", visibility: vis, own: own, do: func(ctx context.Context) error {
					_, err := env.atts.FindAttachments(ctx, d.ID)
					return err
				}},
				matrixCell{action: "attach a file", visibility: vis, own: own, unchanged: files, do: func(ctx context.Context) error {
					at, err := env.atts.CreateAttachment(ctx, d.ID, upload("more.txt", []byte("Article 2 by "+a.name), "txt"))
					if err == nil {
						return env.atts.DeleteAttachment(sec, d.ID, at.ID)
					}
					return err
				}},
				matrixCell{action: "remove a file", visibility: vis, own: own, unchanged: files, do: func(ctx context.Context) error {
					at, err := env.atts.CreateAttachment(sec, d.ID, upload("extra.txt", []byte("Article 3 for "+a.name), "txt"))
					if err != nil {
						return err
					}
					err = env.atts.DeleteAttachment(ctx, d.ID, at.ID)
					if err != nil {
						_ = env.atts.DeleteAttachment(sec, d.ID, at.ID)
					}
					return err
				}},
			)
		}
	}
	return cells
}

func eventCells(t *testing.T, env *matrixEnv, a matrixActor) []matrixCell {
	var cells []matrixCell
	for _, own := range []bool{true, false} {
		c := countries(own)
		for _, vis := range platform.Visibilities() {
			input := func(kind platform.EventKind, vis string) platform.EventInput {
				start := time.Date(2025, 10, 30, 9, 0, 0, 0, time.UTC)
				return platform.EventInput{Kind: kind, Start: start, End: start.Add(8 * time.Hour), Country: c,
					Countries: []string{c}, Visibility: vis,
					Translations: map[string]platform.EventText{"en": {Title: "Training on asset declarations"}}}
			}
			fresh := func(kind platform.EventKind) *platform.Event {
				e, err := env.events.CreateEvent(system(), input(kind, vis))
				if err != nil {
					t.Fatal(err)
				}
				return e
			}
			unchanged := func(e *platform.Event) func(t *testing.T) {
				return func(t *testing.T) {
					got, err := env.events.FindEventByID(system(), e.ID)
					if err != nil || got.Version != e.Version || got.Translations["en"].Title != e.Translations["en"].Title || got.Visibility != e.Visibility {
						t.Fatalf("a refused write changed the event: %v %+v", err, got)
					}
				}
			}
			update := func(e *platform.Event, vis string) func(ctx context.Context) error {
				return func(ctx context.Context) error {
					in := input(e.Kind, vis)
					in.Translations["en"] = platform.EventText{Title: "Changed by " + a.name}
					_, err := env.events.UpdateEvent(ctx, e.ID, in)
					return err
				}
			}
			// A national training is a country's own event: the rules of
			// every record. A regional training is the secretariat's alone,
			// even when it is held for one country.
			read, upd, hide, del := fresh(platform.EventNationalTraining), fresh(platform.EventNationalTraining), fresh(platform.EventNationalTraining), fresh(platform.EventNationalTraining)
			regUpd, regDel := fresh(platform.EventRegionalTraining), fresh(platform.EventRegionalTraining)
			cells = append(cells,
				matrixCell{action: "read", visibility: vis, own: own, do: func(ctx context.Context) error {
					_, err := env.events.FindEventByID(ctx, read.ID)
					return err
				}},
				matrixCell{action: "list", visibility: vis, own: own, do: func(ctx context.Context) error {
					list, _, err := env.events.FindEvents(ctx, platform.EventFilter{Countries: []string{c}, Limit: platform.MaxEventPage})
					if err != nil {
						return err
					}
					if !slices.ContainsFunc(list, func(x *platform.Event) bool { return x.ID == read.ID }) {
						return platform.Errorf(platform.NotFound, "not listed")
					}
					return nil
				}},
				matrixCell{action: "create", visibility: vis, own: own, do: func(ctx context.Context) error {
					_, err := env.events.CreateEvent(ctx, input(platform.EventNationalTraining, vis))
					return err
				}},
				matrixCell{action: "update", visibility: vis, own: own, unchanged: unchanged(upd), do: update(upd, vis)},
				matrixCell{action: "make secretariat-only", visibility: vis, own: own, unchanged: unchanged(hide), do: update(hide, platform.Secretariat)},
				matrixCell{action: "delete", visibility: vis, own: own, unchanged: unchanged(del), do: func(ctx context.Context) error {
					return env.events.DeleteEvent(ctx, del.ID)
				}},
				matrixCell{action: "create a regional event", visibility: vis, own: own, do: func(ctx context.Context) error {
					_, err := env.events.CreateEvent(ctx, input(platform.EventRegionalTraining, vis))
					return err
				}},
				matrixCell{action: "update a regional event", visibility: vis, own: own, unchanged: unchanged(regUpd), do: update(regUpd, vis)},
				matrixCell{action: "delete a regional event", visibility: vis, own: own, unchanged: unchanged(regDel), do: func(ctx context.Context) error {
					return env.events.DeleteEvent(ctx, regDel.ID)
				}},
			)
		}
	}
	return cells
}

func userCells(t *testing.T, env *matrixEnv, a matrixActor) []matrixCell {
	self := env.as[a.name]
	selfID := "no-one"
	if self != nil {
		selfID = self.ID
	}
	var cells []matrixCell
	for _, own := range []bool{true, false} {
		other := env.others[own]
		role := platform.RoleExpert
		otherRole := func(t *testing.T) {
			got, err := env.users.FindUserByID(system(), other.ID)
			if err != nil || got.Role != platform.RoleFocalPoint {
				t.Fatalf("a refused change changed the user: %v %+v", err, got)
			}
		}
		cells = append(cells,
			matrixCell{action: "read another account", own: own, do: func(ctx context.Context) error {
				_, err := env.users.FindUserByID(ctx, other.ID)
				return err
			}},
			matrixCell{action: "change another's role", own: own, unchanged: otherRole, do: func(ctx context.Context) error {
				fp := platform.RoleFocalPoint
				if _, err := env.users.UpdateUser(ctx, other.ID, platform.UserUpdate{Role: &role}); err != nil {
					return err
				}
				_, err := env.users.UpdateUser(system(), other.ID, platform.UserUpdate{Role: &fp})
				return err
			}},
			matrixCell{action: "export another's data", own: own, do: func(ctx context.Context) error {
				_, err := env.users.ExportUser(ctx, other.ID)
				return err
			}},
			matrixCell{action: "create a token for another", own: own, do: func(ctx context.Context) error {
				_, _, err := env.users.CreateToken(ctx, other.ID, "x", nil)
				return err
			}},
		)
		// Each erasure cell erases a user of its own.
		c := countries(own)
		gone, err := env.users.CreateUser(system(), platform.NewUser{Email: fmt.Sprintf("erase-%s-%s@example.org", strings.ReplaceAll(a.name, " ", "-"), c),
			Name: "To erase " + c, Role: platform.RoleFocalPoint, Country: c})
		if err != nil {
			t.Fatal(err)
		}
		cells = append(cells, matrixCell{action: "erase a user", own: own, do: func(ctx context.Context) error {
			return env.users.EraseUser(ctx, gone.ID)
		}, unchanged: func(t *testing.T) {
			got, err := env.users.FindUserByID(system(), gone.ID)
			if err != nil || got.ErasedAt != nil || got.Name != gone.Name || got.Email != gone.Email || got.Disabled {
				t.Fatalf("a refused erasure changed the user: %v %+v", err, got)
			}
		}})
	}
	// Own-account actions: the country does not enter into them.
	cells = append(cells,
		matrixCell{action: "read own account", own: true, do: func(ctx context.Context) error {
			_, err := env.users.FindUserByID(ctx, selfID)
			return err
		}},
		matrixCell{action: "change own name", own: true, do: func(ctx context.Context) error {
			n := "New name"
			_, err := env.users.UpdateUser(ctx, selfID, platform.UserUpdate{Name: &n})
			return err
		}},
		matrixCell{action: "change own role", own: true, do: func(ctx context.Context) error {
			r := platform.RoleExpert
			if self != nil && self.Role == platform.RoleExpert {
				r = platform.RoleSecretariat
			}
			_, err := env.users.UpdateUser(ctx, selfID, platform.UserUpdate{Role: &r})
			return err
		}},
		matrixCell{action: "export own data", own: true, do: func(ctx context.Context) error {
			_, err := env.users.ExportUser(ctx, selfID)
			return err
		}},
		matrixCell{action: "create own token", own: true, do: func(ctx context.Context) error {
			_, _, err := env.users.CreateToken(ctx, selfID, "mine", nil)
			return err
		}},
		matrixCell{action: "erase own account", own: true, do: func(ctx context.Context) error {
			return env.users.EraseUser(ctx, selfID)
		}, unchanged: func(t *testing.T) {
			if self == nil {
				return
			}
			if got, err := env.users.FindUserByID(system(), self.ID); err != nil || got.ErasedAt != nil || got.Email != self.Email {
				t.Fatalf("a refused erasure changed the account: %v %+v", err, got)
			}
		}},
		matrixCell{action: "list users", own: true, do: func(ctx context.Context) error {
			_, _, err := env.users.FindUsers(ctx, platform.UserFilter{})
			return err
		}},
		matrixCell{action: "invite a user", own: true, do: func(ctx context.Context) error {
			_, err := env.users.CreateUser(ctx, platform.NewUser{Email: fmt.Sprintf("new%d@example.org", time.Now().UnixNano()),
				Name: "New", Role: platform.RoleExpert})
			return err
		}},
	)
	return cells
}

func auditCells(t *testing.T, env *matrixEnv, a matrixActor) []matrixCell {
	return []matrixCell{{action: "read the audit trail", own: true, do: func(ctx context.Context) error {
		_, _, err := env.audit.FindAudit(ctx, platform.AuditFilter{})
		return err
	}}}
}

func TestPermissionMatrix(t *testing.T) {
	db := openDB(t)
	env := &matrixEnv{db: db, docs: mongo.NewDocumentService(db), atts: newAttachments(t, db), events: mongo.NewEventService(db),
		users: mongo.NewUserService(db), audit: mongo.NewAuditService(db), as: map[string]*platform.User{}, others: map[bool]*platform.User{}}
	for i, a := range matrixActors {
		if a.role == "" {
			continue
		}
		country := ownCountry
		if a.role == platform.RoleSecretariat {
			country = ""
		}
		u, err := env.users.CreateUser(system(), platform.NewUser{Email: fmt.Sprintf("actor%d@example.org", i), Name: a.name, Role: a.role, Country: country})
		if err != nil {
			t.Fatal(err)
		}
		if a.disabled {
			yes := true
			if u, err = env.users.UpdateUser(system(), u.ID, platform.UserUpdate{Disabled: &yes}); err != nil {
				t.Fatal(err)
			}
		}
		env.as[a.name] = u
	}
	for own, c := range map[bool]string{true: ownCountry, false: otherCountry} {
		u, err := env.users.CreateUser(system(), platform.NewUser{Email: "other-" + c + "@example.org", Name: "Other " + c, Role: platform.RoleFocalPoint, Country: c})
		if err != nil {
			t.Fatal(err)
		}
		env.others[own] = u
	}
	cells := 0
	for _, svc := range matrixServices {
		t.Run(svc.name, func(t *testing.T) {
			for _, a := range matrixActors {
				ctx := platform.NewContextWithRequestInfo(context.Background(), platform.RequestInfo{IP: "192.0.2.77", UserAgent: "matrix"})
				if u := env.as[a.name]; u != nil {
					ctx = platform.NewContextWithUser(ctx, u)
				}
				for _, c := range svc.cells(t, env, a) {
					whose := "another country's"
					if c.own {
						whose = "their own country's"
					}
					name := fmt.Sprintf("%s %s %s", a.name, c.action, whose)
					if c.visibility != "" {
						name += " " + c.visibility + " record"
					}
					cells++
					t.Run(name, func(t *testing.T) {
						expected := want(a, c.own, c.action, c.visibility)
						got := platform.ErrorCode(c.do(ctx))
						if got != expected {
							t.Fatalf("got %q, want %q", got, expected)
						}
						if got != "" && c.unchanged != nil {
							c.unchanged(t)
						}
					})
				}
			}
		})
	}
	t.Logf("%d cells", cells)
	// Every refusal for lack of rights is in the audit trail, with its actor.
	denied, n, err := env.audit.FindAudit(system(), platform.AuditFilter{Action: platform.ActionDenied, Limit: 500})
	if err != nil || n == 0 {
		t.Fatalf("denied entries: %v %d", err, n)
	}
	for _, e := range denied {
		if e.ActorID == "" || e.IP != "192.0.2.77" {
			t.Fatalf("denied entry without actor or address: %+v", e)
		}
	}
}

func registrationCells(t *testing.T, env *matrixEnv, a matrixActor) []matrixCell {
	regs := mongo.NewRegistrationService(env.db)
	var cells []matrixCell
	for _, own := range []bool{true, false} {
		c := countries(own)
		start := time.Now().UTC().Add(20 * 24 * time.Hour).Truncate(time.Hour)
		e, err := env.events.CreateEvent(system(), platform.EventInput{Kind: platform.EventNationalTraining, Status: platform.EventRegistrationOpen,
			Start: start, End: start.Add(8 * time.Hour), Country: c, Countries: []string{c}, Capacity: 50, RequiresApproval: true,
			Translations: map[string]platform.EventText{"en": {Title: "National training on asset declarations"}}})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		person := func() platform.RegistrationInput {
			n++
			return platform.RegistrationInput{Name: "Participant", Country: c, Email: fmt.Sprintf("%s-%s-%d@example.org", strings.ReplaceAll(a.name, " ", "-"), c, n)}
		}
		// A visitor's registration waits for approval.
		pending := func() *platform.Registration {
			res, err := regs.Register(context.Background(), e.ID, person())
			if err != nil || res.Registration.State != platform.RegistrationPending {
				t.Fatalf("a visitor's registration: %+v %v", res, err)
			}
			return res.Registration
		}
		read, cancel, decide := pending(), pending(), pending()
		registered, err := regs.Register(system(), e.ID, person()) // the secretariat's own: approved
		if err != nil {
			t.Fatal(err)
		}
		stateOf := func(r *platform.Registration) func(t *testing.T) {
			return func(t *testing.T) {
				got, err := regs.FindRegistration(system(), r.ID)
				if err != nil || got.State != r.State || len(got.Attended) != len(r.Attended) {
					t.Fatalf("a refused write changed the registration: %v %+v", err, got)
				}
			}
		}
		day := start.In(e.Location()).Format(platform.DayLayout)
		cells = append(cells,
			matrixCell{action: "register", own: own, do: func(ctx context.Context) error {
				_, err := regs.Register(ctx, e.ID, person())
				return err
			}},
			matrixCell{action: "register a trainer", own: own, do: func(ctx context.Context) error {
				in := person()
				in.Category = platform.CategoryTrainer
				_, err := regs.Register(ctx, e.ID, in)
				return err
			}},
			matrixCell{action: "read a registration", own: own, do: func(ctx context.Context) error {
				_, err := regs.FindRegistration(ctx, read.ID)
				return err
			}},
			matrixCell{action: "cancel a registration", own: own, unchanged: stateOf(cancel), do: func(ctx context.Context) error {
				_, err := regs.CancelRegistration(ctx, cancel.ID)
				return err
			}},
			matrixCell{action: "approve a registration", own: own, unchanged: stateOf(decide), do: func(ctx context.Context) error {
				_, err := regs.DecideRegistration(ctx, decide.ID, true)
				return err
			}},
			matrixCell{action: "list an event's registrations", own: own, do: func(ctx context.Context) error {
				_, _, err := regs.EventRegistrations(ctx, e.ID, platform.RegistrationFilter{})
				return err
			}},
			matrixCell{action: "check a participant in", own: own, unchanged: stateOf(registered.Registration), do: func(ctx context.Context) error {
				_, err := regs.CheckIn(ctx, e.ID, platform.CheckInInput{RegistrationID: registered.Registration.ID, Day: day})
				return err
			}},
			matrixCell{action: "record participants", own: own, do: func(ctx context.Context) error {
				_, err := regs.RecordParticipants(ctx, e.ID, []platform.ParticipantRecord{{RegistrationInput: person()}})
				return err
			}},
		)
	}
	return cells
}

func expertCells(t *testing.T, env *matrixEnv, a matrixActor) []matrixCell {
	experts := mongo.NewExpertService(env.db, mongo.ExpertOptions{})
	n := 0
	// profile makes an approved profile (or a pending one, an expert's
	// own) whose name has the consent vis.
	profile := func(vis string, pending bool) *platform.Expert {
		n++
		in := platform.ExpertInput{ExpertProfile: platform.ExpertProfile{NameLatin: fmt.Sprintf("Matrix Expert %s %c", strings.ReplaceAll(a.name, " ", ""), rune('A'+n)),
			Country: otherCountry, Consent: map[platform.ExpertField]string{platform.FieldName: vis}}}
		ctx := system()
		if pending {
			ctx = platform.NewContextWithUser(context.Background(), &platform.User{ID: fmt.Sprintf("matrix-%s-%d", strings.ReplaceAll(a.name, " ", ""), n), Role: platform.RoleExpert})
		}
		e, err := experts.CreateExpert(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	unchanged := func(e *platform.Expert) func(t *testing.T) {
		return func(t *testing.T) {
			got, err := experts.StoredExpert(context.Background(), e.ID)
			if err != nil || got.Version != e.Version || got.Status != e.Status {
				t.Fatalf("a refused write changed the profile: %v %+v", err, got)
			}
		}
	}
	event, err := env.events.CreateEvent(system(), platform.EventInput{Kind: platform.EventRegionalTraining, Start: time.Now().Add(48 * time.Hour),
		End: time.Now().Add(56 * time.Hour), Countries: []string{ownCountry}, Translations: map[string]platform.EventText{"en": {Title: "Matrix training"}}})
	if err != nil {
		t.Fatal(err)
	}
	var cells []matrixCell
	for _, vis := range platform.Visibilities() {
		read, edit := profile(vis, false), profile(vis, false)
		cells = append(cells,
			matrixCell{action: "read a profile", visibility: vis, do: func(ctx context.Context) error {
				_, err := experts.FindExpertByID(ctx, read.ID)
				return err
			}},
			matrixCell{action: "edit another's profile", visibility: vis, unchanged: unchanged(edit), do: func(ctx context.Context) error {
				in := edit.Input()
				in.Position = "Changed by " + a.name
				_, err := experts.UpdateExpert(ctx, edit.ID, in)
				if err == nil {
					edit, _ = experts.StoredExpert(context.Background(), edit.ID)
				}
				return err
			}},
			matrixCell{action: "read another's profile history", visibility: vis, do: func(ctx context.Context) error {
				_, err := experts.ExpertHistory(ctx, read.ID)
				return err
			}},
		)
	}
	pending, keep, drop, gone, invited := profile(platform.Members, true), profile(platform.Members, false), profile(platform.Members, false), profile(platform.Members, false), profile(platform.Members, false)
	cells = append(cells,
		matrixCell{action: "create a profile", own: true, do: func(ctx context.Context) error {
			_, err := experts.CreateExpert(ctx, platform.ExpertInput{ExpertProfile: platform.ExpertProfile{NameLatin: "Own Profile " + strings.ReplaceAll(a.name, " ", "")}})
			return err
		}},
		matrixCell{action: "approve a profile", unchanged: unchanged(pending), do: func(ctx context.Context) error {
			_, err := experts.ApproveExpert(ctx, pending.ID)
			return err
		}},
		matrixCell{action: "merge profiles", unchanged: unchanged(drop), do: func(ctx context.Context) error {
			_, err := experts.MergeExperts(ctx, keep.ID, drop.ID)
			return err
		}},
		matrixCell{action: "erase a profile", unchanged: unchanged(gone), do: func(ctx context.Context) error {
			return experts.EraseExpert(ctx, gone.ID)
		}},
		matrixCell{action: "invite an expert", do: func(ctx context.Context) error {
			_, err := experts.InviteExpert(ctx, invited.ID, event.ID, platform.RoleTrainer, "")
			return err
		}},
	)
	return cells
}

func roadmapCells(t *testing.T, env *matrixEnv, a matrixActor) []matrixCell {
	rm := mongo.NewRoadmapService(env.db)
	sec := system()
	period := "2025-2026"
	if env.roadmapPriority == "" {
		if _, err := rm.SavePeriod(sec, platform.RoadmapPeriod{ID: period, Start: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC),
			End: time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)}); err != nil {
			t.Fatal(err)
		}
		if _, err := rm.SavePeriod(sec, platform.RoadmapPeriod{ID: "2027-2028", Start: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC),
			End: time.Date(2028, 12, 31, 0, 0, 0, 0, time.UTC)}); err != nil {
			t.Fatal(err)
		}
		p, err := rm.SavePriority(sec, platform.Priority{Period: period, Area: "prevention", Title: platform.Text{"en": "Matrix priority"}})
		if err != nil {
			t.Fatal(err)
		}
		env.roadmapPriority = p.ID
	}
	input := func(c, vis, title string) platform.ItemInput {
		return platform.ItemInput{Kind: platform.KindCommitment, Period: period, Priority: env.roadmapPriority, Country: c,
			Title: platform.Text{"en": title}, Weight: 1, Visibility: vis}
	}
	var cells []matrixCell
	for _, own := range []bool{true, false} {
		c := countries(own)
		for _, vis := range platform.Visibilities() {
			fresh := func() *platform.RoadmapItem {
				it, err := rm.CreateItem(sec, input(c, vis, "Matrix commitment"))
				if err != nil {
					t.Fatal(err)
				}
				return it
			}
			unchanged := func(it *platform.RoadmapItem) func(t *testing.T) {
				return func(t *testing.T) {
					got, err := rm.Item(sec, it.ID)
					if err != nil || got.Version != it.Version || got.Title["en"] != it.Title["en"] || got.Visibility != it.Visibility {
						t.Fatalf("a refused write changed the item: %v %+v", err, got)
					}
					if tl, err := rm.Timeline(sec, it.ID); err != nil || len(tl) != 0 {
						t.Fatalf("a refused write added an update: %v %d", err, len(tl))
					}
				}
			}
			read, upd, hide, del, progress, reassess := fresh(), fresh(), fresh(), fresh(), fresh(), fresh()
			update := func(it *platform.RoadmapItem, vis string) func(ctx context.Context) error {
				return func(ctx context.Context) error {
					in := input(c, vis, "Changed by "+a.name)
					_, err := rm.UpdateItem(ctx, it.ID, in)
					return err
				}
			}
			// A focal point's claim, on an item they see (a secretariat-only
			// item never has one).
			claimVis := vis
			if vis == platform.Secretariat {
				claimVis = platform.Members
			}
			claimed, err := rm.CreateItem(sec, input(c, claimVis, "Claimed"))
			if err != nil {
				t.Fatal(err)
			}
			up, err := rm.AddUpdate(platform.NewContextWithUser(context.Background(), &platform.User{ID: "fp-" + c, Role: platform.RoleFocalPoint, Country: c}),
				claimed.ID, platform.UpdateInput{Claim: &platform.Claim{Progress: 50}})
			if err != nil {
				t.Fatal(err)
			}
			cells = append(cells,
				matrixCell{action: "read", visibility: vis, own: own, do: func(ctx context.Context) error {
					_, err := rm.Item(ctx, read.ID)
					return err
				}},
				matrixCell{action: "list", visibility: vis, own: own, do: func(ctx context.Context) error {
					list, _, err := rm.FindItems(ctx, platform.ItemFilter{Period: period, Countries: []string{c}, Limit: 500})
					if err != nil {
						return err
					}
					if !slices.ContainsFunc(list, func(x *platform.RoadmapItem) bool { return x.ID == read.ID }) {
						return platform.Errorf(platform.NotFound, "not listed")
					}
					return nil
				}},
				matrixCell{action: "create", visibility: vis, own: own, do: func(ctx context.Context) error {
					_, err := rm.CreateItem(ctx, input(c, vis, "Created by "+a.name))
					return err
				}},
				matrixCell{action: "update", visibility: vis, own: own, unchanged: unchanged(upd), do: update(upd, vis)},
				matrixCell{action: "make secretariat-only", visibility: vis, own: own, unchanged: unchanged(hide), do: update(hide, platform.Secretariat)},
				matrixCell{action: "delete", visibility: vis, own: own, unchanged: unchanged(del), do: func(ctx context.Context) error {
					return rm.DeleteItem(ctx, del.ID)
				}},
				matrixCell{action: "add a progress update", visibility: vis, own: own, unchanged: unchanged(progress), do: func(ctx context.Context) error {
					_, err := rm.AddUpdate(ctx, progress.ID, platform.UpdateInput{Text: platform.Text{"en": "Update by " + a.name}})
					return err
				}},
				matrixCell{action: "reassess", visibility: vis, own: own, do: func(ctx context.Context) error {
					_, err := rm.Reassess(ctx, platform.Reassessment{Period: period, Country: c, Item: reassess.ID, Rating: platform.RatingRelevant})
					return err
				}},
				matrixCell{action: "verify a claim", visibility: vis, own: own, do: func(ctx context.Context) error {
					_, err := rm.ReviewClaim(ctx, up.ID, true, "")
					return err
				}, unchanged: func(t *testing.T) {
					tl, err := rm.Timeline(sec, claimed.ID)
					if err != nil || len(tl) != 1 || tl[0].Claim.State != platform.ClaimClaimed {
						t.Fatalf("a refused review changed the claim: %v %+v", err, tl)
					}
				}},
			)
		}
	}
	carried := func() *platform.Priority {
		p, err := rm.SavePriority(sec, platform.Priority{Period: period, Area: "asset_recovery", Title: platform.Text{"en": "To carry " + a.name}})
		if err != nil {
			t.Fatal(err)
		}
		return p
	}()
	cells = append(cells,
		matrixCell{action: "save a priority", own: true, do: func(ctx context.Context) error {
			_, err := rm.SavePriority(ctx, platform.Priority{Period: period, Area: "prevention", Title: platform.Text{"en": "By " + a.name}})
			return err
		}},
		matrixCell{action: "carry over", own: true, do: func(ctx context.Context) error {
			_, err := rm.CarryOver(ctx, carried.ID, "2027-2028")
			return err
		}},
	)
	return cells
}
