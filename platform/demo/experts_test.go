package demo_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/ca-uncac/hub/platform"
	"github.com/ca-uncac/hub/platform/demo"
	"github.com/ca-uncac/hub/platform/mongo"
)

func TestTheDemoPoolIsValidAndVaried(t *testing.T) {
	inputs, trainers := demo.ExpertInputs()
	if len(inputs) < 80 || len(trainers) != len(inputs) {
		t.Fatalf("%d profiles", len(inputs))
	}
	countries := map[string]int{}
	both, public, hidden := 0, 0, 0
	for i, in := range inputs {
		in.Normalize()
		if err := in.Validate(); err != nil {
			t.Errorf("profile %d (%s %s): %v", i, in.NameLatin, in.NameCyrillic, err)
		}
		countries[in.Country]++
		if in.NameCyrillic != "" && in.NameLatin != "" {
			both++
		}
		if in.ConsentOf(platform.FieldName) == platform.Public {
			public++
		} else {
			hidden++
		}
		for lang, bio := range in.Biography {
			if err := platform.CheckScript(lang, strings.NewReplacer("UNCAC", "").Replace(bio)); err != nil {
				t.Errorf("profile %d's biography: %v", i, err)
			}
		}
	}
	for _, c := range append(platform.Countries(), "other") {
		if countries[c] < 5 {
			t.Errorf("%d profiles of %s", countries[c], c)
		}
	}
	if both < 20 || public < 40 || hidden < 5 {
		t.Errorf("%d profiles have both scripts, %d a public name, %d a hidden one", both, public, hidden)
	}
}

func TestLoadExpertsLinksTheTrainersOfTheDemoEvents(t *testing.T) {
	ctx := context.Background()
	db, err := mongo.Open(ctx, embeddedURI, fmt.Sprintf("demox%d", time.Now().UnixNano()%1e6), 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close(ctx)
	docs, events := mongo.NewDocumentService(db), mongo.NewEventService(db)
	if err := demo.Load(ctx, docs, events, nil); err != nil {
		t.Fatal(err)
	}
	experts := mongo.NewExpertService(db, mongo.ExpertOptions{})
	if err := demo.LoadExperts(ctx, experts, events); err != nil {
		t.Fatal(err)
	}
	inputs, _ := demo.ExpertInputs()
	sec := platform.NewContextWithUser(ctx, platform.System())
	_, n, err := experts.FindExperts(sec, platform.ExpertFilter{})
	if err != nil || n != len(inputs) {
		t.Fatalf("%d profiles stored of %d (%v)", n, len(inputs), err)
	}
	_, public, _ := experts.FindExperts(ctx, platform.ExpertFilter{})
	if public == 0 || public >= n {
		t.Errorf("the public sees %d of %d profiles", public, n)
	}
	found, _, err := experts.FindExperts(ctx, platform.ExpertFilter{Countries: []string{"UZ"}, Areas: []string{"criminalization"}, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	var karimova string
	for _, v := range found {
		if v.NameLatin == "Dilnoza Karimova" {
			karimova = v.ID
		}
	}
	if karimova == "" {
		t.Fatalf("Dilnoza Karimova is not among %d", len(found))
	}
	// The people entered twice are flagged, each pair with its evidence.
	pairs, err := experts.Duplicates(sec)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]bool{}
	for _, p := range pairs {
		for _, e := range p.Evidence {
			kinds[e.Kind] = true
		}
	}
	if len(pairs) < 3 || !kinds["phone"] || !kinds["email"] || !kinds["name"] {
		t.Errorf("duplicates of the demo pool: %+v", pairs)
	}
	d, err := experts.Deliveries(ctx, karimova)
	if err != nil || len(d) == 0 || d[0].Role != platform.RoleTrainer {
		t.Errorf("Dilnoza Karimova's deliveries: %v %+v", err, d)
	}
}
