package mongo_test

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/match"
	"github.com/ca-uncac/hub/platform/mongo"
)

// asExpert is a context signed in as the expert account id.
func asExpert(id string) context.Context {
	return platform.NewContextWithUser(context.Background(), &platform.User{ID: id, Name: "Expert " + id, Role: platform.RoleExpert})
}

func expertInput() platform.ExpertInput {
	return platform.ExpertInput{ExpertProfile: platform.ExpertProfile{
		NameCyrillic: "Алиев Рустам", NameLatin: "Rustam Aliyev", Country: "UZ", Organization: "Anti-Corruption Agency",
		Position: "Chief analyst", Areas: []string{"prevention"}, Articles: []int{7, 8},
		Languages:    []platform.LanguageSkill{{Lang: "uz", Level: platform.LevelNative}, {Lang: "ru", Level: platform.LevelFluent}},
		IRM:          []platform.IRMExperience{{Role: platform.IRMReviewer, Cycle: 2, State: "KG", Year: 2022}},
		Biography:    map[string]string{"en": "Works on asset declarations.", "ru": "Занимается декларациями."},
		Contact:      platform.ExpertContact{Email: "r.aliyev@example.org", Phone: "+998 90 123 45 67", Messenger: "@raliyev"},
		Availability: []platform.Period{{From: time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2027, 6, 30, 0, 0, 0, 0, time.UTC)}},
		Consent: map[platform.ExpertField]string{
			platform.FieldName: platform.Public, platform.FieldCountry: platform.Public, platform.FieldAreas: platform.Public,
			platform.FieldBiography: platform.Public, platform.FieldOrganization: platform.Secretariat,
		},
	}}
}

func TestAnExpertsProfileShowsEachReaderWhatTheExpertConsentedTo(t *testing.T) {
	db := openDB(t)
	experts := mongo.NewExpertService(db, mongo.ExpertOptions{})
	own := asExpert("x-aliyev")
	e, err := experts.CreateExpert(own, expertInput())
	if err != nil {
		t.Fatal(err)
	}
	if e.Status != platform.ExpertPending || e.UserID != "x-aliyev" || e.Version != 1 {
		t.Fatalf("created %+v", e)
	}
	if _, err := experts.CreateExpert(own, expertInput()); platform.ErrorCode(err) != platform.Conflict {
		t.Errorf("a second profile of one account: %v, want conflict", err)
	}
	anon, member, sec := context.Background(), asUser(platform.RoleFocalPoint, "KZ"), asUser(platform.RoleSecretariat, "")

	// Pending: the expert and the secretariat see it, nobody else.
	if _, err := experts.FindExpertByID(member, e.ID); platform.ErrorCode(err) != platform.NotFound {
		t.Errorf("a member reads a pending profile: %v", err)
	}
	if _, n, _ := experts.FindExperts(anon, platform.ExpertFilter{}); n != 0 {
		t.Errorf("a pending profile is listed to the public: %d", n)
	}
	if list, n, _ := experts.FindExperts(own, platform.ExpertFilter{}); n != 1 || list[0].ID != e.ID {
		t.Errorf("the expert's list lacks their pending profile: %d", n)
	}
	if _, n, _ := experts.FindExperts(asExpert("x-other"), platform.ExpertFilter{}); n != 0 {
		t.Errorf("another expert's list has the pending profile: %d", n)
	}
	if _, err := experts.FindExpertByID(own, e.ID); err != nil {
		t.Errorf("the expert reads their pending profile: %v", err)
	}
	if _, err := experts.ApproveExpert(member, e.ID); platform.ErrorCode(err) != platform.Forbidden {
		t.Errorf("a focal point approves: %v", err)
	}
	if _, err := experts.ApproveExpert(sec, e.ID); err != nil {
		t.Fatal(err)
	}

	for _, tt := range []struct {
		name   string
		ctx    context.Context
		shown  []platform.ExpertField
		hidden []platform.ExpertField
	}{
		{"the public sees the public fields", anon,
			[]platform.ExpertField{platform.FieldName, platform.FieldCountry, platform.FieldAreas, platform.FieldBiography},
			[]platform.ExpertField{platform.FieldContact, platform.FieldOrganization, platform.FieldLanguages, platform.FieldIRM, platform.FieldPosition}},
		{"a member sees the members' fields too", member,
			[]platform.ExpertField{platform.FieldName, platform.FieldContact, platform.FieldLanguages, platform.FieldIRM, platform.FieldPosition},
			[]platform.ExpertField{platform.FieldOrganization}},
		{"the expert sees everything", own, platform.ExpertFields(), nil},
		{"the secretariat sees everything", sec, platform.ExpertFields(), nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			v, err := experts.FindExpertByID(tt.ctx, e.ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range tt.shown {
				if !v.Sees(f) {
					t.Errorf("%s not shown", f)
				}
			}
			for _, f := range tt.hidden {
				if v.Sees(f) {
					t.Errorf("%s shown", f)
				}
			}
			if !v.Sees(platform.FieldContact) && (v.Contact != platform.ExpertContact{}) {
				t.Errorf("contact hidden but present: %+v", v.Contact)
			}
			if !v.Sees(platform.FieldOrganization) && v.Organization != "" {
				t.Errorf("organization hidden but present")
			}
			if !v.Own && (v.Consent != nil || v.UserID != "" && !platform.IsSecretariat(platform.UserFromContext(tt.ctx))) {
				t.Errorf("another reader gets the consent map or the account: %+v", v.Expert)
			}
		})
	}

	// A filter on a field hidden from the reader matches nothing for them,
	// and the count says so.
	f := platform.ExpertFilter{Language: "uz"}
	if _, n, _ := experts.FindExperts(anon, f); n != 0 {
		t.Errorf("the public finds the expert by a members-only language: %d", n)
	}
	if _, n, _ := experts.FindExperts(member, f); n != 1 {
		t.Errorf("a member does not find the expert by language: %d", n)
	}
	if _, n, _ := experts.FindExperts(anon, platform.ExpertFilter{Countries: []string{"UZ"}}); n != 1 {
		t.Errorf("the public does not find the expert by their public country: %d", n)
	}
}

func TestOnlyTheExpertOrTheSecretariatChangesAProfile(t *testing.T) {
	db := openDB(t)
	experts := mongo.NewExpertService(db, mongo.ExpertOptions{})
	own := asExpert("x-1")
	e, err := experts.CreateExpert(own, expertInput())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := experts.ApproveExpert(asUser(platform.RoleSecretariat, ""), e.ID); err != nil {
		t.Fatal(err)
	}
	other := asExpert("x-2")
	in := e.Input()
	in.Position = "Taken over"
	if _, err := experts.UpdateExpert(other, e.ID, in); platform.ErrorCode(err) != platform.Forbidden {
		t.Fatalf("another expert edits the profile: %v, want forbidden", err)
	}
	got, _ := experts.FindExpertByID(own, e.ID)
	if got.Position != "Chief analyst" || got.Version != 2 {
		t.Errorf("the refused edit changed the profile: %+v", got.Expert)
	}
	entries, _, err := mongo.NewAuditService(db).FindAudit(asUser(platform.RoleSecretariat, ""), platform.AuditFilter{Kind: platform.TypeExpert, Action: platform.ActionDenied})
	if err != nil || len(entries) != 1 || entries[0].ActorID != "x-2" || entries[0].RecordID != e.ID {
		t.Errorf("the refusal is not audited: %v %+v", err, entries)
	}

	in.Contact.Email = "not an address"
	if _, err := experts.UpdateExpert(own, e.ID, in); platform.ErrorCode(err) != platform.Invalid || platform.AsError(err).Data["Field"] != "contact.email" {
		t.Errorf("a bad email: %v", err)
	}
	in.Contact.Email, in.Contact.Phone = "ok@example.org", "call me"
	if _, err := experts.UpdateExpert(own, e.ID, in); platform.ErrorCode(err) != platform.Invalid || platform.AsError(err).Data["Field"] != "contact.phone" {
		t.Errorf("a bad phone: %v", err)
	}
	in.Contact.Phone = "+7 (701) 555-12-34"
	up, err := experts.UpdateExpert(own, e.ID, in)
	if err != nil || up.Version != 3 || up.Position != "Taken over" {
		t.Fatalf("the expert's own edit: %v %+v", err, up)
	}
	hist, err := experts.ExpertHistory(own, e.ID)
	if err != nil || len(hist) != 3 {
		t.Fatalf("history: %v %+v", err, hist)
	}
	if hist[0].Action != "create" || hist[1].Action != "approve" || hist[2].By != "x-1" ||
		!slices.Contains(hist[2].Changed, platform.FieldPosition) || !slices.Contains(hist[2].Changed, platform.FieldContact) ||
		slices.Contains(hist[2].Changed, platform.FieldName) {
		t.Errorf("history entries: %+v", hist)
	}
	if _, err := experts.ExpertHistory(asUser(platform.RoleFocalPoint, "KZ"), e.ID); platform.ErrorCode(err) != platform.Forbidden {
		t.Errorf("a member reads the history: %v", err)
	}
}

func TestConcurrentEditsOfOneVersionStoreOne(t *testing.T) {
	db := openDB(t)
	experts := mongo.NewExpertService(db, mongo.ExpertOptions{})
	sec := asUser(platform.RoleSecretariat, "")
	e, err := experts.CreateExpert(sec, expertInput())
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make([]error, 6)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			in := e.Input()
			in.Position = "Position " + string(rune('A'+i))
			_, errs[i] = experts.UpdateExpert(sec, e.ID, in)
		}()
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		switch platform.ErrorCode(err) {
		case "":
			ok++
		case platform.Conflict:
		default:
			t.Errorf("unexpected error %v", err)
		}
	}
	got, _ := experts.FindExpertByID(sec, e.ID)
	if ok == 0 || got.Version != 1+ok {
		t.Errorf("%d writes succeeded, version %d", ok, got.Version)
	}
}

func TestMergingKeepsBothHistoriesAndEveryLink(t *testing.T) {
	db := openDB(t)
	experts := mongo.NewExpertService(db, mongo.ExpertOptions{})
	events := mongo.NewEventService(db)
	sec := asUser(platform.RoleSecretariat, "")
	a, err := experts.CreateExpert(sec, expertInput())
	if err != nil {
		t.Fatal(err)
	}
	in := expertInput()
	in.NameCyrillic, in.NameLatin, in.Articles = "Алиев Рустам Каримович", "", []int{52}
	in.Contact = platform.ExpertContact{Phone: "901234567"}
	in.Consent = map[platform.ExpertField]string{platform.FieldContact: platform.Secretariat, platform.FieldName: platform.Public}
	in.Languages = []platform.LanguageSkill{{Lang: "en", Level: platform.LevelWorking}, {Lang: "ru", Level: platform.LevelNative}}
	b, err := experts.CreateExpert(sec, in)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := experts.MergeExperts(sec, a.ID, a.ID); platform.ErrorCode(err) != platform.Invalid {
		t.Errorf("a merge with itself: %v, want invalid", err)
	}
	if _, err := experts.MergeExperts(asUser(platform.RoleFocalPoint, "UZ"), a.ID, b.ID); platform.ErrorCode(err) != platform.Forbidden {
		t.Errorf("a focal point merges: %v", err)
	}
	// b trained at an event before the merge.
	ev := eventInput(platform.EventRegionalTraining, "UZ")
	ev.Experts = []platform.EventExpert{{ExpertID: b.ID, Role: platform.RoleTrainer}}
	event, err := events.CreateEvent(sec, ev)
	if err != nil {
		t.Fatal(err)
	}
	kept, err := experts.MergeExperts(sec, a.ID, b.ID)
	if err != nil {
		t.Fatal(err)
	}
	if kept.NameLatin != "Rustam Aliyev" || !slices.Contains(kept.Articles, 52) || kept.Speaks("ru") != 4 || kept.Speaks("en") != 2 ||
		kept.Contact.Email == "" || !slices.Contains(kept.MergedFrom, b.ID) {
		t.Errorf("merged profile: %+v", kept)
	}
	member := asUser(platform.RoleFocalPoint, "KZ")
	// The phone was for the secretariat's eyes: the merged profile's
	// contact is too, though the kept profile showed its own to members;
	// the biography, public on the kept profile and the default (members)
	// on the dropped one, is for members now.
	if kept.ConsentOf(platform.FieldContact) != platform.Secretariat || kept.ConsentOf(platform.FieldBiography) != platform.Members {
		t.Errorf("merged consent: %v", kept.Consent)
	}
	if v, _ := experts.FindExpertByID(member, a.ID); v.Sees(platform.FieldContact) || v.Contact.Phone != "" {
		t.Errorf("a member reads the phone the dropped profile kept for the secretariat: %+v", v.Contact)
	}
	v, err := experts.FindExpertByID(member, b.ID)
	if err != nil || v.ID != a.ID {
		t.Errorf("the merged profile's link: %v %v", err, v)
	}
	d, err := experts.Deliveries(member, a.ID)
	if err != nil || len(d) != 1 || d[0].EventID != event.ID || d[0].Role != platform.RoleTrainer {
		t.Errorf("deliveries after the merge: %v %+v", err, d)
	}
	hist, err := experts.ExpertHistory(sec, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	from := map[string]int{}
	for _, h := range hist {
		from[h.ExpertID]++
	}
	if from[a.ID] != 2 || from[b.ID] != 2 {
		t.Errorf("histories after the merge: %+v", hist)
	}
	if _, n, _ := experts.FindExperts(sec, platform.ExpertFilter{}); n != 1 {
		t.Errorf("the pool lists %d profiles after the merge", n)
	}
	if _, err := experts.MergeExperts(sec, a.ID, b.ID); platform.ErrorCode(err) != platform.Conflict {
		t.Errorf("merging a merged profile again: %v", err)
	}
}

func TestAnErasedExpertLeavesATrainerWithoutAName(t *testing.T) {
	db := openDB(t)
	removed := []string{}
	experts := mongo.NewExpertService(db, mongo.ExpertOptions{RemovePhoto: func(_ context.Context, key string) error {
		removed = append(removed, key)
		return nil
	}})
	events := mongo.NewEventService(db)
	sec := asUser(platform.RoleSecretariat, "")
	own := asExpert("x-erase")
	e, err := experts.CreateExpert(own, expertInput())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := experts.ApproveExpert(sec, e.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := experts.SetExpertPhoto(own, e.ID, &platform.ExpertPhoto{Key: "photos/" + e.ID + "/a.jpg", Width: 10, Height: 10, SHA256: "a"}); err != nil {
		t.Fatal(err)
	}
	ev := eventInput(platform.EventRegionalTraining, "UZ")
	ev.Trainers = []string{"Dr. Rustam Aliyev (UzACA)", "Someone Else"}
	ev.Sessions = []platform.EventSession{{Start: ev.Start, End: ev.Start.Add(time.Hour), Speakers: []string{"Алиев Рустам", "Another Speaker"},
		Translations: map[string]platform.SessionText{"en": {Title: "Opening"}}}}
	event, err := events.CreateEvent(sec, ev)
	if err != nil {
		t.Fatal(err)
	}
	x, err := experts.InviteExpert(sec, e.ID, event.ID, platform.RoleTrainer, "Please train")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := experts.AnswerInvitation(asExpert("x-other"), x.ID, true); platform.ErrorCode(err) != platform.Forbidden {
		t.Errorf("another expert answers: %v", err)
	}
	if _, err := experts.AnswerInvitation(own, x.ID, true); err != nil {
		t.Fatal(err)
	}
	if _, err := experts.AnswerInvitation(own, x.ID, false); platform.ErrorCode(err) != platform.Conflict {
		t.Errorf("a second answer: %v", err)
	}
	got, _ := events.FindEventByID(sec, event.ID)
	if !slices.Contains(got.Experts, platform.EventExpert{ExpertID: e.ID, Role: platform.RoleTrainer}) {
		t.Fatalf("the accepted invitation does not link the event: %+v", got.Experts)
	}

	if err := experts.RequestExpertDeletion(sec, e.ID, "x"); platform.ErrorCode(err) != platform.Forbidden {
		t.Errorf("the secretariat asks in the expert's name: %v", err)
	}
	if err := experts.RequestExpertDeletion(own, e.ID, "I retire"); err != nil {
		t.Fatal(err)
	}
	if err := experts.EraseExpert(own, e.ID); platform.ErrorCode(err) != platform.Forbidden {
		t.Errorf("the expert erases without approval: %v", err)
	}
	if err := experts.EraseExpert(sec, e.ID); err != nil {
		t.Fatal(err)
	}
	stored, err := experts.StoredExpert(context.Background(), e.ID)
	if err != nil || stored.Status != platform.ExpertErased || stored.NameLatin != "" || stored.NameCyrillic != "" ||
		stored.Contact.Email != "" || stored.Photo != nil || stored.Biography != nil {
		t.Errorf("erased profile: %v %+v", err, stored)
	}
	if len(removed) != 1 {
		t.Errorf("photos removed: %v", removed)
	}
	if _, err := experts.FindExpertByID(asUser(platform.RoleFocalPoint, "UZ"), e.ID); platform.ErrorCode(err) != platform.NotFound {
		t.Errorf("an erased profile is found: %v", err)
	}
	got, _ = events.FindEventByID(sec, event.ID)
	if !slices.Equal(got.Sessions[0].Speakers, []string{"Another Speaker"}) {
		t.Errorf("the session's speakers after the erasure: %v", got.Sessions[0].Speakers)
	}
	if !slices.Equal(got.Trainers, []string{"Someone Else"}) || !slices.Contains(got.Experts, platform.EventExpert{ExpertID: e.ID, Role: platform.RoleTrainer}) {
		t.Errorf("the event after the erasure: trainers %v, experts %v", got.Trainers, got.Experts)
	}
	// Nothing of the profile is left in the database's other copies.
	for _, coll := range []string{"expert_versions", "event_versions", "audit", "expert_history"} {
		n, err := mongo.CountRaw(context.Background(), db, coll, bson.D{{Key: "$or", Value: bson.A{
			bson.D{{Key: "doc.nameLatin", Value: "Rustam Aliyev"}},
			bson.D{{Key: "doc.trainers", Value: "Rustam Aliyev"}},
			bson.D{{Key: "changes.after", Value: bson.D{{Key: "$regex", Value: "Aliyev"}}}},
			bson.D{{Key: "changes.before", Value: bson.D{{Key: "$regex", Value: "Aliyev"}}}},
			bson.D{{Key: "byName", Value: "Expert x-erase"}},
		}}})
		if err != nil || n != 0 {
			t.Errorf("%s keeps %d traces of the erased profile (%v)", coll, n, err)
		}
	}
	// The owner's claim is gone: the account may make a new profile.
	if _, err := experts.CreateExpert(own, expertInput()); err != nil {
		t.Errorf("a new profile after the erasure: %v", err)
	}
}

func TestAnEventNamesOnlyTheExpertsTheReaderMaySee(t *testing.T) {
	db := openDB(t)
	experts := mongo.NewExpertService(db, mongo.ExpertOptions{})
	events := mongo.NewEventService(db)
	sec := asUser(platform.RoleSecretariat, "")
	in := expertInput()
	in.Consent[platform.FieldName] = platform.Members
	hidden, err := experts.CreateExpert(sec, in)
	if err != nil {
		t.Fatal(err)
	}
	in.Consent[platform.FieldName] = platform.Public
	in.Consent[platform.FieldTrainings] = platform.Public
	in.NameLatin, in.NameCyrillic = "Public Person", ""
	shown, err := experts.CreateExpert(sec, in)
	if err != nil {
		t.Fatal(err)
	}
	ev := eventInput(platform.EventNationalTraining, "KZ")
	ev.Visibility = platform.Public
	ev.Experts = []platform.EventExpert{{ExpertID: hidden.ID, Role: platform.RoleTrainer}, {ExpertID: shown.ID, Role: platform.RoleSpeaker}}
	e, err := events.CreateEvent(sec, ev)
	if err != nil {
		t.Fatal(err)
	}
	want := []platform.EventExpert{{ExpertID: "", Role: platform.RoleTrainer}, {ExpertID: shown.ID, Role: platform.RoleSpeaker}}
	got, err := events.FindEventByID(context.Background(), e.ID)
	if err != nil || !slices.Equal(got.Experts, want) {
		t.Errorf("the public reads the event's experts as %+v (%v)", got.Experts, err)
	}
	list, _, _ := events.FindEvents(context.Background(), platform.EventFilter{})
	if len(list) != 1 || !slices.Equal(list[0].Experts, want) {
		t.Errorf("the public lists the event's experts as %+v", list)
	}
	if got, _ := events.FindEventByID(asUser(platform.RoleFocalPoint, "KZ"), e.ID); got.Experts[0].ExpertID != hidden.ID {
		t.Errorf("a member does not see the members' expert: %+v", got.Experts)
	}
	// A profile whose trainings are the secretariat's is no reader's
	// trainer by name, though its name is public.
	in.NameLatin, in.Consent[platform.FieldTrainings] = "Discreet Trainer", platform.Secretariat
	discreet, err := experts.CreateExpert(sec, in)
	if err != nil {
		t.Fatal(err)
	}
	ev2 := eventInput(platform.EventWebinar, "KZ")
	ev2.Experts = []platform.EventExpert{{ExpertID: discreet.ID, Role: platform.RoleTrainer}}
	e2, err := events.CreateEvent(sec, ev2)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := events.FindEventByID(asUser(platform.RoleFocalPoint, "KZ"), e2.ID); got.Experts[0].ExpertID != "" {
		t.Errorf("a member learns the trainer whose trainings are the secretariat's: %+v", got.Experts)
	}
	if got, _ := events.FindEventByID(sec, e2.ID); got.Experts[0].ExpertID != discreet.ID {
		t.Errorf("the secretariat does not see the link: %+v", got.Experts)
	}
	// The names the event's writers typed for a hidden trainer are hidden
	// with the link.
	ev3 := eventInput(platform.EventWebinar, "KZ")
	ev3.Trainers = []string{"Dr. Rustam Aliyev (demo)", "Visible Person"}
	ev3.Experts = []platform.EventExpert{{ExpertID: hidden.ID, Role: platform.RoleTrainer}}
	e3, err := events.CreateEvent(sec, ev3)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := events.FindEventByID(context.Background(), e3.ID); !slices.Equal(got.Trainers, []string{"Visible Person"}) {
		t.Errorf("the public reads the typed names of a hidden trainer: %v", got.Trainers)
	}
	if got, _ := events.FindEventByID(asUser(platform.RoleFocalPoint, "KZ"), e3.ID); len(got.Trainers) != 2 {
		t.Errorf("a member, who may see the trainer, reads %v", got.Trainers)
	}
	// A focal point cannot link a profile to an event they create.
	fpIn := eventInput(platform.EventNationalTraining, "KZ")
	fpIn.Experts = []platform.EventExpert{{ExpertID: discreet.ID, Role: platform.RoleTrainer}}
	if made, err := events.CreateEvent(asUser(platform.RoleFocalPoint, "KZ"), fpIn); err != nil || len(made.Experts) != 0 {
		t.Errorf("a focal point's event links %+v (%v)", made, err)
	}
	// The secretariat cannot link a profile that does not exist.
	fpIn.Experts = []platform.EventExpert{{ExpertID: "000000000000000000000000", Role: platform.RoleTrainer}}
	if _, err := events.CreateEvent(sec, fpIn); platform.ErrorCode(err) != platform.Invalid {
		t.Errorf("a link to no profile: %v", err)
	}
	// A focal point's edit of their event, sent back as read, keeps the
	// links.
	fp := asUser(platform.RoleFocalPoint, "KZ")
	mine, _ := events.FindEventByID(fp, e.ID)
	edit := mine.Input()
	edit.Experts = []platform.EventExpert{{ExpertID: "", Role: platform.RoleTrainer}}
	edit.Capacity = 12
	if _, err := events.UpdateEvent(fp, e.ID, edit); err != nil {
		t.Fatal(err)
	}
	if got, _ := events.FindEventByID(sec, e.ID); len(got.Experts) != 2 || got.Experts[0].ExpertID != hidden.ID {
		t.Errorf("a focal point's edit changed the links: %+v", got.Experts)
	}
}

func TestMatchingLeavesOutTheConflictsAndSaysWhy(t *testing.T) {
	db := openDB(t)
	experts := mongo.NewExpertService(db, mongo.ExpertOptions{})
	events := mongo.NewEventService(db)
	sec := asUser(platform.RoleSecretariat, "")
	mk := func(name, country string, edit func(*platform.ExpertInput)) *platform.Expert {
		in := expertInput()
		in.NameLatin, in.NameCyrillic, in.Country = name, "", country
		in.Contact = platform.ExpertContact{}
		in.Availability = nil
		if edit != nil {
			edit(&in)
		}
		e, err := experts.CreateExpert(sec, in)
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	fit := mk("Fitting Expert", "KG", nil)
	kz := mk("Kazakh Expert", "KZ", nil)
	shy := mk("Shy Expert", "TJ", func(in *platform.ExpertInput) { in.DoNotPropose = true })
	busy := mk("Busy Expert", "TM", nil)
	other := eventInput(platform.EventRegionalTraining, "UZ")
	other.Experts = []platform.EventExpert{{ExpertID: busy.ID, Role: platform.RoleTrainer}}
	if _, err := events.CreateEvent(sec, other); err != nil {
		t.Fatal(err)
	}
	target := eventInput(platform.EventRegionalTraining, "KZ")
	target.Translations = map[string]platform.EventText{"en": {Title: "Another training at the same time"}}
	ev, err := events.CreateEvent(sec, target)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := experts.MatchExperts(asUser(platform.RoleFocalPoint, "KZ"), match.ForEvent(ev)); platform.ErrorCode(err) != platform.Forbidden {
		t.Errorf("a focal point matches: %v", err)
	}
	res, err := experts.MatchExperts(sec, match.ForEvent(ev))
	if err != nil {
		t.Fatal(err)
	}
	var candidates []string
	for _, c := range res.Candidates {
		candidates = append(candidates, c.ExpertID)
		if len(c.Reasons) == 0 {
			t.Errorf("candidate %s without reasons", c.ExpertID)
		}
	}
	reasons := map[string]match.Code{}
	for _, x := range res.Excluded {
		reasons[x.ExpertID] = x.Reasons[0].Code
	}
	if !slices.Contains(candidates, fit.ID) || !slices.Contains(candidates, kz.ID) || slices.Contains(candidates, shy.ID) || slices.Contains(candidates, busy.ID) {
		t.Errorf("candidates %v", candidates)
	}
	if reasons[shy.ID] != "do_not_propose" || reasons[busy.ID] != "booked" {
		t.Errorf("exclusions %v", reasons)
	}
	// A review of Kazakhstan leaves its own expert out.
	review, err := experts.MatchExperts(sec, match.Request{Kind: match.KindReview, State: "KZ", Cycle: 2, Languages: []string{"ru"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range review.Candidates {
		if c.ExpertID == kz.ID {
			t.Errorf("the reviewed State's expert is proposed")
		}
	}
	if _, err := experts.MatchExperts(sec, match.Request{Kind: match.KindReview, State: "kz!", Cycle: 3}); platform.ErrorCode(err) != platform.Invalid {
		t.Errorf("a bad request: %v", err)
	}
}
