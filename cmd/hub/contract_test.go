package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
)

// TestLiveAnswersMatchTheOpenAPIDocument: the document passes kin-openapi's
// validation, and the hub's real answers to the public reads of the demo
// content, as an anonymous reader, the secretariat, a focal point and an
// expert, match the schemas it declares for them (openapi3filter validates
// the request and the response; see contract_helper_test.go).
func TestLiveAnswersMatchTheOpenAPIDocument(t *testing.T) {
	// The demo content: lists with records of every kind.
	h := startHub(t, map[string]string{})
	c := newContract(t, h.URL)
	for _, where := range closedAllOfParts(c.doc) {
		t.Errorf("%s: an allOf part that forbids other properties refuses every answer with the other parts' fields", where)
	}
	env := map[string]string{"HUB_DATA_DIR": h.DataDir}
	token := addUser(t, env, "--email", "sec@unodc.example", "--name", "Secretariat", "--role", "secretariat")
	// A focal point and an expert see other parts of the records (their
	// country's, the members' fields).
	kz := addUser(t, env, "--email", "fp@example.kz", "--name", "Focal KZ", "--role", "focal-point", "--country", "KZ")
	expertUser := addUser(t, env, "--email", "expert@example.org", "--name", "Expert", "--role", "expert")
	law := `{"kind":"national_law","countries":["KZ"],"areas":["prevention"],"uncacArticles":[20],"visibility":"public","adopted":"2015-11-18",
	  "status":"in_force","translations":{"ru":{"title":"О противодействии коррупции","summary":"Закон Республики Казахстан"}}}`
	var created struct{ ID string }
	json.Unmarshal(c.json("POST", "/api/v1/documents", token, law, 201), &created)

	// The first record of a list, as the secretariat reads it.
	first := func(list, field string) string {
		t.Helper()
		status, body := do(t, "GET", h.URL+list, token, nil)
		var page map[string]json.RawMessage
		var records []struct {
			ID string `json:"id"`
		}
		if err := json.Unmarshal(body, &page); status != 200 || err != nil {
			t.Fatalf("%s: %d %v", list, status, err)
		}
		if err := json.Unmarshal(page[field], &records); err != nil || len(records) == 0 {
			t.Fatalf("%s: no %s (%v)", list, field, err)
		}
		return records[0].ID
	}
	event, expert := first("/api/v1/events?kind=conference", "events"), first("/api/v1/experts", "experts")
	item, rec := first("/api/v1/roadmap/items", "items"), first("/api/v1/roadmap/recommendations", "recommendations")
	for _, path := range []string{
		"/api/v1/documents", "/api/v1/documents?limit=1", "/api/v1/documents/" + created.ID,
		"/api/v1/documents/" + created.ID + "/versions", "/api/v1/search?q=коррупция", "/api/v1/suggest?q=корр",
		"/api/v1/events", "/api/v1/events/" + event, "/api/v1/events/statistics",
		"/api/v1/experts", "/api/v1/experts/" + expert,
		"/api/v1/roadmap/periods", "/api/v1/roadmap/overview", "/api/v1/roadmap/attention",
		"/api/v1/roadmap/items", "/api/v1/roadmap/items/" + item, "/api/v1/roadmap/items/" + item + "/updates",
		"/api/v1/roadmap/recommendations", "/api/v1/roadmap/recommendations/" + rec,
		"/api/v1/events/" + event + "/bilaterals/settings", "/api/v1/events/" + event + "/bilaterals/delegations",
		"/api/v1/events/" + event + "/bilaterals/requests", "/api/v1/events/" + event + "/bilaterals/schedule",
	} {
		c.json("GET", path, token, "", 200)
		c.json("GET", path, kz, "", 200)
		if !strings.Contains(path, "/bilaterals/") {
			c.json("GET", path, expertUser, "", 200)
		}
		// The bilaterals are hidden from those who act for no delegation.
		if strings.Contains(path, "/bilaterals/") {
			c.json("GET", path, "", "", 404)
		} else {
			c.json("GET", path, "", "", 200)
		}
	}
	// The validator bites: a list answer with a wrong type fails.
	req, _ := http.NewRequest("GET", h.URL+"/api/v1/documents", nil)
	route, params, err := c.router.FindRoute(req)
	if err != nil {
		t.Fatal(err)
	}
	out := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route, Options: contractOptions()},
		Status:                 200, Header: http.Header{"Content-Type": {"application/json"}},
		Body: io.NopCloser(strings.NewReader(`{"documents": "none", "total": 1}`)), Options: contractOptions()}
	if err := openapi3filter.ValidateResponse(context.Background(), out); err == nil {
		t.Error("a list answer with documents as a string passed the validation")
	}
	t.Logf("%d answers refused without a required field", c.bitten)
}

// closedAllOfParts names the schemas of the document composed with allOf
// of which a part sets additionalProperties: false: such a part refuses
// the fields its siblings add, so no answer could match the whole.
func closedAllOfParts(doc *openapi3.T) []string {
	var out []string
	for name, ref := range doc.Components.Schemas {
		for i, part := range ref.Value.AllOf {
			if ap := part.Value.AdditionalProperties; ap.Has != nil && !*ap.Has {
				out = append(out, fmt.Sprintf("%s, allOf part %d", name, i))
			}
		}
	}
	return out
}
