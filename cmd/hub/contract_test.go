package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers/legacy"
)

// TestLiveAnswersMatchTheOpenAPIDocument: the document passes kin-openapi's
// validation, and the hub's real answers to the public reads, as an
// anonymous reader and as the secretariat, match the schemas it declares
// for them (openapi3filter validates the request and the response).
func TestLiveAnswersMatchTheOpenAPIDocument(t *testing.T) {
	ctx := context.Background()
	doc, err := openapi3.NewLoader().LoadFromFile("../../platform/web/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := doc.Validate(ctx); err != nil {
		t.Fatalf("the document: %v", err)
	}
	// The demo content: lists with records of every kind.
	h := startHub(t, map[string]string{})
	// The document names its servers relative to the hub; the router
	// matches the test hub's address.
	doc.Servers = openapi3.Servers{{URL: h.URL}}
	router, err := legacy.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	token := addUser(t, map[string]string{"HUB_DATA_DIR": h.DataDir}, "--email", "sec@unodc.example", "--name", "Secretariat", "--role", "secretariat")
	law := `{"kind":"national_law","countries":["KZ"],"areas":["prevention"],"uncacArticles":[20],"visibility":"public","adopted":"2015-11-18",
	  "status":"in_force","translations":{"ru":{"title":"О противодействии коррупции","summary":"Закон Республики Казахстан"}}}`
	status, body := do(t, "POST", h.URL+"/api/v1/documents", token, strings.NewReader(law))
	if status != 201 {
		t.Fatalf("create: %d %s", status, body)
	}
	var created struct{ ID string }
	json.Unmarshal(body, &created)

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
		for _, who := range []string{"", token} {
			req, err := http.NewRequest("GET", h.URL+path, nil)
			if err != nil {
				t.Fatal(err)
			}
			if who != "" {
				req.Header.Set("Authorization", "Bearer "+who)
			}
			route, params, err := router.FindRoute(req)
			if err != nil {
				t.Errorf("%s: not in the document: %v", path, err)
				continue
			}
			in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route,
				Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}}
			if err := openapi3filter.ValidateRequest(ctx, in); err != nil {
				t.Errorf("%s: the request does not match: %v", path, err)
			}
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(res.Body)
			res.Body.Close()
			out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: res.StatusCode, Header: res.Header,
				Body: io.NopCloser(bytes.NewReader(b)), Options: &openapi3filter.Options{IncludeResponseStatus: true}}
			if err := openapi3filter.ValidateResponse(ctx, out); err != nil {
				t.Errorf("%s (signed in: %v): %d, the answer does not match: %v", path, who != "", res.StatusCode, err)
			}
			// The validator bites: the same answer with a wrong type fails.
			if path == "/api/v1/documents" {
				out.Body = io.NopCloser(strings.NewReader(`{"documents": "none", "total": 1}`))
				if err := openapi3filter.ValidateResponse(ctx, out); err == nil {
					t.Error("a list answer with documents as a string passed the validation")
				}
			}
		}
	}
}
